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
