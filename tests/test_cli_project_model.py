"""The real flake8 on project trees: what pytest collects and loads, the versions the project pins, and
paths in messages relative to the directory flake8 runs in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .expectations import expected_findings
from .flake8_runner import findings, run_flake8, write_tree

PROJECTS = Path(__file__).parent / "data" / "projects"


def copy_project(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(PROJECTS / name, root)
    return root


def inline_expectations(root: Path) -> list[tuple[str, int, int, str]]:
    expected = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        expected += [(relative, line, col, code) for line, col, code in expected_findings(path.read_text())]
    return sorted(expected)


@pytest.mark.parametrize("name", ["collection", "plugin_entry_point", "strict_by_listing", "without_pytest_asyncio"])
def test_flake8_over_the_whole_tree_reports_what_the_files_say(name: str, tmp_path: Path) -> None:
    root = copy_project(name, tmp_path)
    assert sorted(findings(run_flake8(root, "."))) == inline_expectations(root)


POETRY_0_21 = {
    "pyproject.toml": """
        [tool.poetry]
        name = "orders"
        version = "0.1.0"

        [tool.poetry.group.test.dependencies]
        pytest-asyncio = "^0.21"
    """,
    "poetry.lock": """
        [[package]]
        name = "pytest-asyncio"
        version = "0.21.2"
        description = ""
        optional = false
        python-versions = ">=3.7"
        files = []
    """,
    "pytest.ini": "[pytest]\nasyncio_mode = auto\n",
    "tests/conftest.py": """
        import asyncio

        import pytest


        @pytest.fixture(scope="session")
        def event_loop():
            loop = asyncio.new_event_loop()
            yield loop
            loop.close()
    """,
}


def test_the_locked_pytest_asyncio_decides_and_the_option_overrides_it(tmp_path: Path) -> None:
    root = write_tree(tmp_path, POETRY_0_21)
    assert findings(run_flake8(root, ".")) == []  # 0.21: overriding event_loop is how loops are chosen
    overridden = run_flake8(root, "--asyncloop-versions=pytest-asyncio==1.5.0", ".")
    assert findings(overridden) == [("tests/conftest.py", 7, 1, "ALP001")]
    assert "pytest-asyncio 1.5.0 from the --asyncloop-versions option" in overridden.stdout


def test_target_versions_preview_an_upgrade_and_say_so(tmp_path: Path) -> None:
    root = write_tree(tmp_path, POETRY_0_21)
    preview = run_flake8(root, "--asyncloop-target-versions=pytest-asyncio==1.0.0", ".")
    assert findings(preview) == [("tests/conftest.py", 7, 1, "ALP001")]
    assert "only with the target versions: pytest-asyncio==1.0.0" in preview.stdout


def test_messages_name_the_version_and_the_lock_it_was_read_from(tmp_path: Path) -> None:
    files = dict(POETRY_0_21)
    files["poetry.lock"] = files["poetry.lock"].replace("0.21.2", "0.23.8")
    root = write_tree(tmp_path, files)
    result = run_flake8(root, ".")
    assert findings(result) == [("tests/conftest.py", 7, 1, "ALP001")]
    assert "pytest-asyncio 0.23.8 from poetry.lock" in result.stdout


@pytest.mark.parametrize(("where", "shown"), [("parent", "collection/"), ("subdirectory", "../")])
def test_paths_in_messages_are_relative_to_the_working_directory(tmp_path: Path, where: str, shown: str) -> None:
    """Fixture locations, config files and dependency files all read from where flake8 runs."""
    root = copy_project("collection", tmp_path)
    if where == "parent":
        result = run_flake8(tmp_path, "collection/tests/check_orders.py")
        fixtures = "collection/tests/"
    else:
        result = run_flake8(root / "tests", "check_orders.py")
        fixtures = ""
    messages: dict[str, str] = {}
    for line in result.stdout.splitlines():
        code, text = line.split(":", 4)[3:]
        messages[code] = messages.get(code, "") + text
    assert f"'session_pool' ({fixtures}fixtures/db.py:12)" in messages["ALP003"]
    assert f"asyncio_mode = strict in {shown}pyproject.toml:13" in messages["ALP011"]
    assert f"from {shown}pyproject.toml [project.optional-dependencies] test" in messages["ALP011"]
