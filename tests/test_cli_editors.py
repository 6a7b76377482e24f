"""The real flake8, run with exactly the command lines two editor integrations send, parsed their way.

* VS Code's Flake8 extension (microsoft/vscode-flake8, ``bundled/tool/lsp_server.py`` at
  c5911606, release 2026.7): ``python -m flake8 --format=%(row)d,%(col)d,%(code).1s,%(code)s:%(text)s
  <flake8.args> <absolute path>`` with the working directory ``flake8.cwd`` (default
  ``${workspaceFolder}``).  It lints the saved file on open and on save (``use_stdin=False``);
  only notebooks go through stdin.  ``DIAGNOSTIC_RE`` parses the lines and ``_get_severity``
  looks the code up in ``flake8.severity`` by ever shorter prefixes, then by the one-letter
  type, and falls back to Error.
* python-lsp-server's flake8 plugin (``pylsp/plugins/flake8_lint.py`` of python-lsp-server 1.15.0
  from PyPI; 1.10 sends the same without extend-select): ``flake8 - <--opt=value from pylsp.plugins.flake8.*>
  --stdin-display-name <path relative to the workspace root>`` with the buffer on stdin and the
  workspace root as working directory, default output format, parsed by
  ``(.*):(\\d*):(\\d*): (\\w*) (.*)``.  The display name is added only for a document under
  the root.

The settings come from the README's JSON blocks, so the documented settings are what is tested.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .flake8_runner import FORMAT, write_tree

README = Path(__file__).resolve().parent.parent / "README.md"
VSCODE_FORMAT = "--format=%(row)d,%(col)d,%(code).1s,%(code)s:%(text)s"
VSCODE_LINE = re.compile(r"(?P<line>\d+),(?P<column>-?\d+),(?P<type>\w+),(?P<code>\w+\d+):(?P<message>[^\r\n]*)")
VSCODE_DEFAULT_SEVERITY = {"E": "Error", "F": "Error", "I": "Information", "W": "Warning"}
PYLSP_LINE = re.compile(r"(.*):(\d*):(\d*): (\w*) (.*)")
# pylsp_lint(): the flake8 options it passes, in its order, and the pylsp setting each comes from.
PYLSP_OPTIONS = {"config": "config", "exclude": "exclude", "extend-ignore": "extendIgnore",
                 "extend-select": "extendSelect", "filename": "filename", "hang-closing": "hangClosing",
                 "ignore": "ignore", "max-complexity": "maxComplexity", "max-line-length": "maxLineLength",
                 "indent-size": "indentSize", "select": "select"}

PROJECT = {
    "pyproject.toml": """
        [project]
        name = "shop"
        version = "1.0"
        dependencies = ["httpx"]

        [project.optional-dependencies]
        test = ["pytest-asyncio", "pytest"]

        [tool.pytest.ini_options]
        asyncio_mode = "auto"
    """,
    "tests/conftest.py": """
        import httpx
        import pytest_asyncio


        @pytest_asyncio.fixture(scope="session", loop_scope="session")
        async def api():
            async with httpx.AsyncClient(base_url="http://shop.test") as client:
                yield client
    """,
    "tests/shop/test_orders.py": """
        async def test_orders(api):
            assert (await api.get("/orders")).status_code == 200, "longer than pycodestyle's 79: E501 without --select"


        async def test_carts(api):
            assert (await api.get("/carts")).status_code == 200
    """,
}
EDITED = "tests/shop/test_orders.py"


def readme_settings(heading: str) -> dict:
    """The ```json block under ``heading`` in the README."""
    section = re.search(rf"^{re.escape(heading)}$(.*?)(?=^#{{2,4}} )", README.read_text(encoding="utf-8"),
                        re.MULTILINE | re.DOTALL)
    assert section, f"README has no {heading!r} section"
    (block,) = re.findall(r"^```json\n(.*?)^```$", section[1], re.MULTILINE | re.DOTALL)
    return json.loads(block)


VSCODE = readme_settings("#### VS Code")
PYLSP = readme_settings("#### python-lsp-server")


def run(command: list[str], cwd: Path, stdin: str | None = None) -> str:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    result = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120,
                            env=environment)
    assert result.returncode in (0, 1) and result.stderr == "", result.stderr
    return result.stdout


def on_disk(root: Path, path: str) -> set[tuple[int, int, str, str]]:
    """(row, col, code, message) from ``flake8 --select ALP <path>`` run in the project root."""
    stdout = run([sys.executable, "-m", "flake8", "--select=ALP", f"--format={FORMAT}", path], root)
    return {(int(row), int(col), code, text) for _path, row, col, code, text in
            (line.split(":", 4) for line in stdout.splitlines())}


def vscode_severity(code: str, code_type: str, severity: dict[str, str]) -> str:
    """``_get_severity``: the code, then ever shorter prefixes of it, then the type letter; Error otherwise."""
    value = None
    while code and value is None:
        value, code = severity.get(code), code[:-1]
    value = value or severity.get(code_type, "Error")
    return value if value in {"Error", "Warning", "Information", "Hint"} else "Error"


def vscode_lint(root: Path, path: str, cwd: Path) -> list[dict]:
    """``_run_tool_on_document(document, use_stdin=False)``: module mode, the file's absolute path."""
    command = [sys.executable, "-m", "flake8", VSCODE_FORMAT, *VSCODE["flake8.args"], str(root / path)]
    return [match.groupdict() for match in map(VSCODE_LINE.match, run(command, cwd).splitlines()) if match]


def pylsp_args(settings: dict) -> list[str]:
    """``build_args``: ``-`` first, then ``--name=value`` (lists comma-joined, true booleans bare)."""
    args = ["-"]
    for option, setting in PYLSP_OPTIONS.items():
        value = settings.get(f"pylsp.plugins.flake8.{setting}")
        if isinstance(value, list):
            args.append(f"--{option}={','.join(value)}")
        elif value is True:
            args.append(f"--{option}")
        elif value is not None and value is not False:
            args.append(f"--{option}={value}")
    return args


def pylsp_lint(workspace_root: Path, document: Path, buffer: str, settings: dict = PYLSP) -> list[tuple[str, ...]]:
    """``run_flake8``: the buffer on stdin, a relative display name for documents under the root."""
    args = pylsp_args(settings)
    if str(document).startswith(str(workspace_root)):
        args += ["--stdin-display-name", os.path.relpath(document, workspace_root)]
    stdout = run([sys.executable, "-m", "flake8", *args], workspace_root, stdin=buffer)
    return [match.groups() for match in map(PYLSP_LINE.match, stdout.splitlines()) if match]


@pytest.fixture
def project(tmp_path) -> Path:
    """One project of a monorepo: ``tmp_path`` is the monorepo root, ``tmp_path/service`` the project."""
    return write_tree(tmp_path / "service", PROJECT)


STRICT_MODE_CODE = "ALP011"  # an async test without the asyncio mark


def with_strict_flake8_config(project: Path) -> Path:
    """A ``[flake8]`` option that changes the findings: flake8 finds it by walking up from its working directory."""
    (project / ".flake8").write_text("[flake8]\nasyncio-mode = strict\n", encoding="utf-8")
    return project / ".flake8"


def test_vscode_command_line_parses_into_the_findings_of_the_file_on_disk(project):
    expected = on_disk(project, EDITED)
    assert {code for _row, _col, code, _text in expected} == {"ALP003"} and len(expected) == 2
    diagnostics = vscode_lint(project, EDITED, cwd=project)  # flake8.cwd = ${workspaceFolder}
    parsed = {(int(d["line"]), int(d["column"]), d["code"], d["message"]) for d in diagnostics}
    assert parsed == expected
    assert {d["type"] for d in diagnostics} == {"A"}


def test_vscode_shows_alp_as_error_by_default_and_as_the_readme_says_with_its_severity(project):
    (diagnostic, *_) = vscode_lint(project, EDITED, cwd=project)
    assert vscode_severity(diagnostic["code"], diagnostic["type"], VSCODE_DEFAULT_SEVERITY) == "Error"
    assert vscode_severity(diagnostic["code"], diagnostic["type"], VSCODE["flake8.severity"]) == "Warning"
    assert vscode_severity("E501", "E", VSCODE["flake8.severity"]) == "Error", "the defaults are kept"


def test_vscode_cwd_inside_the_project_finds_its_flake8_config_and_the_pytest_config_always(project):
    with_strict_flake8_config(project)
    file_directory, monorepo_root = (project / EDITED).parent, project.parent
    assert STRICT_MODE_CODE in {d["code"] for d in vscode_lint(project, EDITED, cwd=project)}
    assert STRICT_MODE_CODE in {d["code"] for d in vscode_lint(project, EDITED, cwd=file_directory)}
    from_monorepo_root = {d["code"] for d in vscode_lint(project, EDITED, cwd=monorepo_root)}
    assert from_monorepo_root == {"ALP003"}, "no [flake8] section above the monorepo root; pyproject still found"


def test_pylsp_command_line_parses_into_the_findings_of_the_file_on_disk(project):
    assert pylsp_args(PYLSP) == ["-", "--select=ALP"]
    expected = on_disk(project, EDITED)
    buffer = (project / EDITED).read_text(encoding="utf-8")
    diagnostics = pylsp_lint(project, project / EDITED, buffer)
    assert {(int(row), int(col), code, message) for _path, row, col, code, message in diagnostics} == expected
    assert {path for path, *_ in diagnostics} == {EDITED}


def test_pylsp_lints_unsaved_edits(project):
    buffer = 'import pytest\n\npytestmark = pytest.mark.asyncio(loop_scope="session")\n\n\n'
    buffer += (project / EDITED).read_text(encoding="utf-8")
    assert pylsp_lint(project, project / EDITED, buffer) == []
    assert on_disk(project, EDITED)


def test_pylsp_workspace_root_must_hold_the_document(project):
    """A document outside the root gets no display name: flake8 calls it ``stdin``, a file in the root."""
    buffer = (project / EDITED).read_text(encoding="utf-8")
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    assert {code for *_, code, _message in pylsp_lint(project.parent, project / EDITED, buffer)} == {"ALP003"}
    assert pylsp_lint(elsewhere, project / EDITED, buffer) == []


def test_pylsp_in_a_monorepo_reads_the_project_flake8_config_only_through_its_config_setting(project):
    config = with_strict_flake8_config(project)
    buffer = (project / EDITED).read_text(encoding="utf-8")
    monorepo_root = project.parent
    codes = {code for *_, code, _message in pylsp_lint(monorepo_root, project / EDITED, buffer)}
    assert codes == {"ALP003"}
    settings = {**PYLSP, "pylsp.plugins.flake8.config": str(config)}
    codes = {code for *_, code, _message in pylsp_lint(monorepo_root, project / EDITED, buffer, settings)}
    assert STRICT_MODE_CODE in codes
