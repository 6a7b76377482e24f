"""Machine-readable output through flake8 report plugins: JSON (flake8-json) and SARIF (flake8-sarif).

Both are in the test extra; each test checks that an ALP finding arrives with its code,
message, line and column exactly as flake8's default format prints it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .flake8_runner import findings, run_flake8, write_tree

PROJECT = {
    "pytest.ini": "[pytest]\n",
    "tests/test_loop.py": """
        import pytest


        @pytest.fixture
        def event_loop():
            yield None


        @pytest.mark.asyncio
        async def test_tick(event_loop):
            assert event_loop is None
    """,
}


def expected(tmp_path) -> list[tuple[str, int, int, str, str]]:
    """(path, line, column, code, message) as flake8's own formatter reports them."""
    result = run_flake8(tmp_path, "tests/")
    assert findings(result), "the project is meant to have findings"
    rows = []
    for line in result.stdout.splitlines():
        path, row, col, code, text = line.split(":", 4)
        rows.append((path.removeprefix("./"), int(row), int(col), code, text))
    return sorted(rows)


def formatted(tmp_path, output_format: str) -> str:
    command = [sys.executable, "-m", "flake8", "--select=ALP", f"--format={output_format}", "tests/"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and result.stderr == "", result.stderr
    return result.stdout


def test_json_report_carries_code_message_line_and_column(tmp_path):
    pytest.importorskip("flake8_json_reporter", reason="flake8-json is in the test extra")
    write_tree(tmp_path, PROJECT)
    report = json.loads(formatted(tmp_path, "json"))
    rows = sorted(
        (path.removeprefix("./"), item["line_number"], item["column_number"], item["code"], item["text"])
        for path, items in report.items()
        for item in items
    )
    assert rows == expected(tmp_path)


def test_sarif_report_carries_code_message_line_and_column(tmp_path):
    pytest.importorskip("flake8_sarif_reporter", reason="flake8-sarif is in the test extra")
    write_tree(tmp_path, PROJECT)
    report = json.loads(formatted(tmp_path, "sarif"))
    assert report["version"] == "2.1.0"
    (run,) = report["runs"]
    rows = []
    for result in run["results"]:
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        region = physical["region"]
        rows.append((physical["artifactLocation"]["uri"].removeprefix("./"), region["startLine"],
                     region["startColumn"], result["ruleId"], result["message"]["text"]))
    assert sorted(rows) == expected(tmp_path)
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} == {row[3] for row in rows}
