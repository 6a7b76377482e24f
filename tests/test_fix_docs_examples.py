"""``flake8-asyncloop fix`` on the bad example of every rule page with a fix.

The fixed tree must no longer report the page's code, must lint exactly like the page's own fixed
example (which lints clean), and where the page's fix is the one the fixer writes, must be that text
(the ``# ALPnnn:COL`` markers of the bad example aside).  Where the page shows another way to the same
result, the difference is named here; the runtime evidence (tests/evidence/test_fixes_at_run_time.py)
shows that what the fixer writes runs.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from flake8_asyncloop.checker import check_source
from flake8_asyncloop.commands.cli import main

from .expectations import settings_for
from .test_docs import lint_tree, page_example

# The files whose fixed text is the page's, per code; the others reach the page's result another way.
SAME_TEXT = {
    "ALP001": ("pytest.ini",),  # the page's conftest also shows an unrelated session fixture
    "ALP002": (),  # reads asyncio.get_running_loop() into the old name; keeps the pool's own close
    "ALP003": (),  # the test's mark gets loop_scope=; the page sets asyncio_default_test_loop_scope
    "ALP004": (),  # aligns the tests' default with the fixtures'; the page aligns the fixtures' with the tests'
    "ALP005": ("conftest.py", "tests/test_example.py"),
    "ALP010": ("tests/test_example.py",),
    "ALP011": (),  # adds the mark to the test; the page uses a module pytestmark
    "ALP202": ("conftest.py",),
    "ALP203": ("conftest.py",),
    "ALP302": ("tests/test_example.py",),
    "ALP304": (),  # calls the old handlers from the lifespan; the page rewrites them as an async with
}
UNSAFE = {"ALP001", "ALP002", "ALP003", "ALP004", "ALP304"}  # every fix of these codes is unsafe
NEEDS_UNSAFE = UNSAFE | {"ALP005"}  # the ALP005 page's fixture fix is unsafe, its mark fix safe
MARKER = re.compile(r"  # ALP\d{3}:\d+(?: ALP\d{3}:\d+)*$", re.MULTILINE)


def fixed_tree(code: str, root: Path, capsys, monkeypatch, unsafe: bool) -> set[str]:
    """Write the page's bad example, fix it in place, and lint what is left (as lint_tree reports)."""
    bad = page_example(code, "bad")
    bad.write(root)
    options = [word for option in bad.options for word in option.split()]
    monkeypatch.chdir(root)
    status = main(["fix", "--write", *(["--unsafe-fixes"] if unsafe else []), *options, "."])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    settings = settings_for(f"# asyncloop-options: {' '.join(bad.options)}", pin_defaults=False)
    reports = set()
    for path in sorted(root.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for finding in check_source(str(path), source, ast.parse(source), settings, contain=False):
            reports.add(f"{path.relative_to(root)}:{finding.line}:{finding.col + 1}: {finding.code}")
    return reports


@pytest.mark.parametrize("code", sorted(SAME_TEXT))
def test_the_bad_example_is_fixed_like_the_page_says(code, tmp_path, capsys, monkeypatch):
    reports = fixed_tree(code, tmp_path / "bad", capsys, monkeypatch, unsafe=code in NEEDS_UNSAFE)
    assert not any(report.endswith(code) for report in reports)
    assert reports == lint_tree(page_example(code, "fixed"), tmp_path / "fixed") == set()
    fixed = page_example(code, "fixed")
    for relative in SAME_TEXT[code]:
        written = MARKER.sub("", (tmp_path / "bad" / relative).read_text(encoding="utf-8"))
        assert written == fixed.files[relative], relative


def test_alp011_with_unsafe_fixes_switches_the_project_to_auto_mode(tmp_path, capsys, monkeypatch):
    fixed_tree("ALP011", tmp_path, capsys, monkeypatch, unsafe=True)
    assert (tmp_path / "pytest.ini").read_text(encoding="utf-8") == "[pytest]\nasyncio_mode = auto\n"
    assert "mark.asyncio" not in (tmp_path / "tests" / "test_example.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", sorted(UNSAFE))
def test_unsafe_fixes_wait_for_the_flag(code, tmp_path, capsys, monkeypatch):
    bad = page_example(code, "bad")
    bad.write(tmp_path)
    before = {relative: (tmp_path / relative).read_text(encoding="utf-8") for relative in bad.files}
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "--write", "."]) == 0
    assert "more with --unsafe-fixes" in capsys.readouterr().err
    assert {relative: (tmp_path / relative).read_text(encoding="utf-8") for relative in bad.files} == before


def test_alp005_without_unsafe_fixes_renames_the_mark_keyword_only(tmp_path, capsys, monkeypatch):
    reports = fixed_tree("ALP005", tmp_path, capsys, monkeypatch, unsafe=False)
    assert reports == {"conftest.py:5:2: ALP005"}  # the fixture's loop: an unsafe fix
    test = (tmp_path / "tests" / "test_example.py").read_text(encoding="utf-8")
    assert '@pytest.mark.asyncio(loop_scope="module")' in test
