"""``flake8-asyncloop map``: golden outputs, the documented JSON schema, selection, options, colour.

The golden files under ``tests/golden/map/`` are the map of the sample project and of two
evidence projects in each format, read in place (``--isolated``: the repository's own
``[flake8]`` section excludes them) with the versions pinned on the command line, so a new
release in the version tables does not change them.  Regenerate them after a deliberate change
with ``ASYNCLOOP_UPDATE_GOLDEN=1 python -m pytest tests/test_map_command.py`` and read the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest

from flake8_asyncloop.commands.cli import main
from flake8_asyncloop.commands.map_formats import SCHEMA_VERSION

from .flake8_runner import write_tree

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "map"
MAP_DOC = ROOT / "docs" / "map.md"
PINS = ("--asyncloop-versions=pytest-asyncio==1.5.0,pytest==9.0.3,httpx==0.28.1,sqlalchemy==2.1.9,asyncpg==0.32.0,"
        "redis==8.1.0,fastapi==0.165.0,starlette==1.10.0")
PROJECTS = {
    "sample": ROOT / "sample",
    "ALP003-bad": ROOT / "tests" / "evidence" / "projects" / "ALP003" / "bad",
    "ALP004-bad": ROOT / "tests" / "evidence" / "projects" / "ALP004" / "bad",
}
EXTENSIONS = {"text": "txt", "json": "json", "mermaid": "md"}


def run_map(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(["map", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("output_format", sorted(EXTENSIONS))
@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_map_matches_its_golden_file(project, output_format, capsys, monkeypatch):
    monkeypatch.chdir(PROJECTS[project])
    code, out, err = run_map(capsys, "--isolated", PINS, f"--format={output_format}", "--color=never", ".")
    assert (code, err) == (0, "")
    golden = GOLDEN / f"{project}.{EXTENSIONS[output_format]}"
    if os.environ.get("ASYNCLOOP_UPDATE_GOLDEN") == "1":
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def documented_schema() -> dict:
    """The JSON Schema block of docs/map.md: the contract the JSON output is checked against."""
    block = re.search(r"```json schema\n(.*?)^```", MAP_DOC.read_text(encoding="utf-8"), re.DOTALL | re.MULTILINE)
    assert block, "docs/map.md has no ```json schema block"
    return json.loads(block[1])


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_json_output_follows_the_documented_schema(project):
    schema = documented_schema()
    document = json.loads((GOLDEN / f"{project}.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert document["schema_version"] == SCHEMA_VERSION == schema["properties"]["schema_version"]["const"]


def test_the_sample_map_shows_the_crossing_alp003_reports(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    _code, out, _err = run_map(capsys, "--format=json", "sample/tests/test_health.py::test_db_answers")
    (test,) = json.loads(out)["tests"]
    assert test["loop"]["scope"] == "function" and test["loop"]["origin"] == "the default function loop"
    (crossing,) = test["crossings"]
    assert (crossing["requester"], crossing["fixture"], crossing["fixture_loop"]["scope"]) == (
        "test_db_answers", "db_session", "session")
    assert crossing["at"] == {"path": "sample/tests/test_health.py", "line": 19, "column": 27}


CLASSES = {
    "pytest.ini": "[pytest]\nasyncio_mode = auto\n",
    "test_classes.py": """
        import asyncio

        import pytest_asyncio


        @pytest_asyncio.fixture(autouse=True)
        async def audit():
            yield


        @pytest_asyncio.fixture(scope="session", loop_scope="session")
        async def queue():
            return asyncio.Queue()


        @pytest_asyncio.fixture
        async def consumer(queue):
            return queue


        class TestOuter:
            class TestInner:
                async def test_nested(self, consumer):
                    assert consumer

            async def test_direct(self, queue):
                assert queue


        async def test_free():
            pass
    """,
}


def test_node_ids_select_tests_in_nested_classes(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, CLASSES)
    monkeypatch.chdir(tmp_path)
    _code, out, _err = run_map(capsys, "--format=json", "test_classes.py::TestOuter::TestInner",
                               "test_classes.py::test_free[param]")
    nodeids = [test["nodeid"] for test in json.loads(out)["tests"]]
    assert nodeids == ["test_classes.py::TestOuter::TestInner::test_nested", "test_classes.py::test_free"]


def test_setup_order_is_pytests_autouse_then_scope_then_requests(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, CLASSES)
    monkeypatch.chdir(tmp_path)
    _code, out, _err = run_map(capsys, "--format=json", "test_classes.py::TestOuter::TestInner::test_nested")
    (test,) = json.loads(out)["tests"]
    assert [(entry["name"], entry["requested_by"]) for entry in test["fixtures"]] == [
        ("queue", ["consumer"]), ("audit", []), ("consumer", ["test_nested"])]
    assert [(c["requester"], c["fixture"]) for c in test["crossings"]] == [("consumer", "queue")]


def test_plugin_options_on_the_command_line_and_in_the_flake8_config(tmp_path, capsys, monkeypatch):
    """The session-loop queue stops crossing once tests run on the session loop: said on the command line, or
    in the [flake8] section flake8 itself would read."""
    write_tree(tmp_path, CLASSES)
    monkeypatch.chdir(tmp_path)

    def crossings(*options: str) -> int:
        _code, out, _err = run_map(capsys, "--format=json", *options, "test_classes.py::TestOuter::test_direct")
        return len(json.loads(out)["tests"][0]["crossings"])

    assert crossings() == 1
    assert crossings("--asyncio-default-test-loop-scope=session") == 0
    (tmp_path / "setup.cfg").write_text("[flake8]\nasyncio-default-test-loop-scope = session\n", encoding="utf-8")
    assert crossings() == 0
    assert crossings("--isolated") == 1
    assert crossings("--asyncio-default-test-loop-scope=function") == 1


def test_text_is_coloured_on_request_only(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, CLASSES)
    monkeypatch.chdir(tmp_path)
    assert "\033[" not in run_map(capsys, ".")[1]  # captured output is no terminal
    assert "\033[" in run_map(capsys, "--color=always", ".")[1]
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)  # as on a terminal
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\033[" in run_map(capsys, ".")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in run_map(capsys, ".")[1]
    assert "\033[" not in run_map(capsys, "--color=never", ".")[1]


def test_mermaid_has_one_colour_per_loop_and_marks_the_crossing(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, CLASSES)
    monkeypatch.chdir(tmp_path)
    _code, out, _err = run_map(capsys, "--format=mermaid", "test_classes.py::TestOuter::test_direct")
    assert out.startswith("### `test_classes.py::TestOuter::test_direct`\n\n```mermaid\nflowchart LR\n")
    assert set(re.findall(r"classDef (loop\d)", out)) == {"loop0", "loop1"}  # the function and the session loop
    assert '-->|"crosses loops"|' in out and re.search(r"linkStyle \d+ stroke:#dc2626", out)


def test_unknown_paths_and_bad_node_ids_are_usage_errors(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_map(capsys, "missing.py")[0] == 2
    assert run_map(capsys, ".::test_x")[0] == 2
