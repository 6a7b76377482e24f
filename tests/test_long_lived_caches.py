"""In a long-lived process (an editor's language server, a watch loop) an edited config or conftest is
read again, even when the edit keeps the file's size and its modification time."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from flake8_asyncloop.checker import check_source

TEST = "async def test_unmarked():\n    assert True\n"


def codes(path: Path) -> list[str]:
    source = path.read_text()
    return [finding.code for finding in check_source(str(path), source, ast.parse(source))]


def rewrite_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    assert len(old) == len(new)
    status = path.stat()
    path.write_text(path.read_text().replace(old, new))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size and path.stat().st_mtime_ns == status.st_mtime_ns


def test_an_edited_pytest_config_is_read_again(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n")
    (tmp_path / "requirements.txt").write_text("pytest-asyncio\n")
    test = tmp_path / "test_mode.py"
    test.write_text(TEST)
    assert codes(test) == ["ALP011"]
    rewrite_keeping_size_and_mtime(tmp_path / "pytest.ini", "strict", "auto  ")
    assert codes(test) == []


def test_an_edited_pyproject_is_read_again(tmp_path: Path) -> None:
    """pyproject.toml is parsed once per stamp for the config, the entry points and the dependencies."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\ndependencies = ["pytest-asyncio"]\n\n'
        '[tool.pytest.ini_options]\nasyncio_mode = "strict"\n'
    )
    test = tmp_path / "test_mode.py"
    test.write_text(TEST)
    assert codes(test) == ["ALP011"]
    rewrite_keeping_size_and_mtime(tmp_path / "pyproject.toml", '"strict"', '"auto"  ')
    assert codes(test) == []


def test_an_edited_conftest_is_read_again(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "requirements.txt").write_text("pytest-asyncio\n")
    (tmp_path / "conftest.py").write_text(
        "import pytest\n\n\ndef pytest_collection_modifyitems(items):\n"
        "    for item in items:\n        item.add_marker(pytest.mark.asyncio)\n"
    )
    test = tmp_path / "test_hooked.py"
    test.write_text(TEST)
    assert codes(test) == []  # the hook marks every test
    rewrite_keeping_size_and_mtime(tmp_path / "conftest.py", "pytest.mark.asyncio", "pytest.mark.slowest")
    assert codes(test) == ["ALP011"]


def test_an_evicted_project_file_is_freed_without_the_collector(tmp_path: Path) -> None:
    """Parsed project files are moved out of the collector's reach (``gc.freeze``); that is only safe while the
    cached records hold no reference cycles, so reference counting alone frees a file the cache drops."""
    import gc
    import weakref

    from flake8_asyncloop.project import loading

    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n")
    (tmp_path / "requirements.txt").write_text("pytest-asyncio\nsqlalchemy\n")
    (tmp_path / "app.py").write_text(
        "from sqlalchemy.ext.asyncio import create_async_engine\n\n"
        "engine = create_async_engine('postgresql+asyncpg://x')\n"
    )
    (tmp_path / "conftest.py").write_text(
        "import pytest\nimport pytest_asyncio\nfrom app import engine\n\npytestmark = [pytest.mark.slow]\n\n\n"
        "@pytest_asyncio.fixture(scope='session', loop_scope='session')\nasync def db():\n"
        "    async with engine.connect() as connection:\n        yield [row for row in (connection,)]\n\n\n"
        "class Helpers:\n    @pytest.fixture\n    def helper(self):\n        return lambda: None\n"
    )
    test = tmp_path / "test_db.py"
    test.write_text("import pytest\n\n\n@pytest.mark.asyncio\nasync def test_db(db):\n    await db[0].execute('x')\n")
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        codes(test)  # the rules fill every lazily computed part of the conftest's and app's records
        cached = [weakref.ref(facts) for facts in loading._FILE_CACHE.values() if str(tmp_path) in facts.path]
        assert len(cached) >= 2  # the conftest and the app module
        loading._FILE_CACHE.clear()
        assert [ref for ref in cached if ref() is not None] == []
    finally:
        if was_enabled:
            gc.enable()


FROZEN_GARBAGE = """
import collections, gc, sys
from flake8.main.cli import main
import flake8_asyncloop.project.loading
flake8_asyncloop.project.loading._FREEZE_EVERY_LINES = 1  # freeze on every file read, small as they are here
try:
    main(sys.argv[1:])
except SystemExit:
    pass
gc.collect()
gc.unfreeze()
gc.set_debug(gc.DEBUG_SAVEALL)
gc.collect()
print(sum(type(o).__module__.startswith("pyflakes") for o in gc.garbage))
"""


def test_freezing_project_files_does_not_freeze_flake8s_garbage(tmp_path: Path) -> None:
    """Parsed project files are frozen out of the collector's reach as they are read; the previous plugin's
    checker (pyflakes keeps cycles between its scopes and bindings), just dropped by flake8, must not be frozen
    with them, or every project file read would keep one linted file's analysis alive for the whole run."""
    import subprocess
    import sys

    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n")
    for package in range(4):  # each package's conftest is a project file read (and, here, frozen) on its first test
        directory = tmp_path / "tests" / f"pkg_{package}"
        directory.mkdir(parents=True)
        (directory / "conftest.py").write_text("import pytest\n\n\n@pytest.fixture\ndef value():\n    return 1\n")
        (directory / "test_values.py").write_text(
            "import pytest\n\n\n@pytest.mark.asyncio\nasync def test_value(value):\n    unused = value\n")
    run = subprocess.run([sys.executable, "-c", FROZEN_GARBAGE, "-j1", "--isolated", "--select", "ALP,F", "tests"],
                         cwd=tmp_path, capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-1] == "0", run.stdout + run.stderr


def test_parsed_project_files_are_kept_within_a_line_budget(tmp_path: Path, monkeypatch) -> None:
    """A parsed file costs about 1.4 KiB per line; a suite importing a large package (SQLAlchemy's tests import
    110,000 lines of it) must not keep them all. The least recently used go first; the file just asked for
    stays, however large."""
    from flake8_asyncloop.project import loading

    monkeypatch.setattr(loading, "_FILE_CACHE", loading.OrderedDict())
    monkeypatch.setattr(loading, "_FILE_CACHE_LINES", 100)
    paths = []
    for index, lines in enumerate([40, 40, 40, 30, 150]):
        path = tmp_path / f"module_{index}.py"
        path.write_text("".join(f"value_{line} = {line}\n" for line in range(lines)))
        paths.append(str(path))

    def cached() -> list[str]:
        return [Path(facts.path).name for facts in loading._FILE_CACHE.values()]

    for path in paths[:3]:
        loading.load_file(path)
    assert cached() == ["module_1.py", "module_2.py"]  # 120 lines would exceed 100: the oldest went
    loading.load_file(paths[1])  # used again: now the most recent
    loading.load_file(paths[3])
    assert cached() == ["module_1.py", "module_3.py"]
    loading.load_file(paths[4])
    assert cached() == ["module_4.py"]  # larger than the budget alone, and still kept: it is being read
