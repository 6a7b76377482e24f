"""What ``flake8-asyncloop fix`` promises, whatever the fixer: only where flake8 reports, only the given paths,
never a file that does not parse, a diff that applies, across files with ``--write``."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from flake8_asyncloop.commands.cli import main
from flake8_asyncloop.commands.fixes import engine

from .flake8_runner import findings, run_flake8, write_tree
from .test_fix_command import STRICT, dedent, fix

PROJECT = {
    **STRICT,
    "conftest.py": """
        import pytest


        @pytest.fixture
        async def first():
            yield 1


        @pytest.fixture  # noqa: ALP010
        async def second():
            yield 2
    """,
    "tests/test_client.py": """
        import pytest
        from httpx import AsyncClient


        @pytest.mark.asyncio
        async def test_client(first, second):
            async with AsyncClient(app=object(), base_url="http://test") as client:
                assert client
    """,
}


def read(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): path.read_text(encoding="utf-8") for path in sorted(root.rglob("*"))
            if path.is_file()}


def test_noqa_is_obeyed_and_only_the_given_paths_change(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, PROJECT)
    before = read(tmp_path)
    assert fix(capsys, monkeypatch, tmp_path, "--write", "tests")[0] == 0
    after = read(tmp_path)
    assert {name for name in before if before[name] != after[name]} == {"tests/test_client.py"}
    assert fix(capsys, monkeypatch, tmp_path, "--write", ".")[0] == 0
    conftest = (tmp_path / "conftest.py").read_text(encoding="utf-8")
    assert "@pytest_asyncio.fixture\nasync def first" in conftest
    assert "@pytest.fixture  # noqa: ALP010\nasync def second" in conftest


def test_per_file_ignores_and_select_narrow_what_is_fixed(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, PROJECT)
    (tmp_path / "setup.cfg").write_text("[flake8]\nper-file-ignores =\n    tests/*: ALP302\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "--write", "."]) == 0
    assert "app=object()" in (tmp_path / "tests" / "test_client.py").read_text(encoding="utf-8")
    write_tree(tmp_path, PROJECT)
    assert main(["fix", "--isolated", "--write", "--select", "ALP302", "."]) == 0
    assert "@pytest.fixture\nasync def first" in (tmp_path / "conftest.py").read_text(encoding="utf-8")
    assert "transport=ASGITransport" in (tmp_path / "tests" / "test_client.py").read_text(encoding="utf-8")
    capsys.readouterr()


def test_a_file_that_does_not_parse_is_left_untouched(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {**PROJECT, "tests/test_broken.py": """
        import pytest
        from httpx import AsyncClient

        client = AsyncClient(app=object()
    """})
    broken = (tmp_path / "tests" / "test_broken.py").read_text(encoding="utf-8")
    status, _out, err = fix(capsys, monkeypatch, tmp_path, "--write", ".")
    assert status == 1
    assert "tests/test_broken.py: left untouched: it does not parse (line 4:" in err
    assert (tmp_path / "tests" / "test_broken.py").read_text(encoding="utf-8") == broken
    assert "transport=" in (tmp_path / "tests" / "test_client.py").read_text(encoding="utf-8")


def test_whole_file_noqa_is_obeyed(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {**STRICT, "test_case.py": "# flake8: noqa\n" + dedent(PROJECT["conftest.py"])})
    assert fix(capsys, monkeypatch, tmp_path, ".")[:2] == (0, "")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_diff_applies_with_git_and_gives_what_write_writes(tmp_path, capsys, monkeypatch):
    for name in ("diffed", "written"):
        write_tree(tmp_path / name, PROJECT)
    status, diff, _err = fix(capsys, monkeypatch, tmp_path / "diffed", ".")
    assert status == 1 and diff.startswith("--- a/conftest.py\n+++ b/conftest.py\n")
    (tmp_path / "fix.patch").write_text(diff, encoding="utf-8")
    subprocess.run(["git", "apply", "--unsafe-paths", str(tmp_path / "fix.patch")], cwd=tmp_path / "diffed",
                   check=True, capture_output=True)
    assert fix(capsys, monkeypatch, tmp_path / "written", "--write", ".")[0] == 0
    assert read(tmp_path / "diffed") == read(tmp_path / "written")
    assert fix(capsys, monkeypatch, tmp_path / "diffed", ".")[:2] == (0, "")


def test_write_fixes_what_a_fix_in_another_file_brings_out(tmp_path, capsys, monkeypatch):
    """The conftest's fixture moves to the session loop (ALP005); its tests then cross loops (ALP003), which the
    next round fixes in the test module."""
    write_tree(tmp_path, {**STRICT, "conftest.py": """
        import asyncio

        import pytest_asyncio


        @pytest_asyncio.fixture(scope="session")
        async def server():
            server = await asyncio.start_server(lambda reader, writer: None, "127.0.0.1", 0)
            async with server:
                yield server.sockets[0].getsockname()
    """, "test_case.py": """
        import pytest


        @pytest.mark.asyncio
        async def test_address(server):
            assert server
    """})
    status, _out, err = fix(capsys, monkeypatch, tmp_path, "--write", "--unsafe-fixes", ".")
    assert (status, err.splitlines()[-1]) == (0, "Fixed 2 findings.")
    assert '@pytest_asyncio.fixture(scope="session", loop_scope="session")' in read(tmp_path)["conftest.py"]
    assert '@pytest.mark.asyncio(loop_scope="session")' in read(tmp_path)["test_case.py"]


def test_without_the_fix_extra_the_command_says_how_to_install_it(capsys, monkeypatch):
    real = engine.importlib.util.find_spec
    monkeypatch.setattr(engine.importlib.util, "find_spec", lambda name: None if name == "libcst" else real(name))
    assert main(["fix", "."]) == 2
    assert "python -m pip install 'flake8-asyncloop[fix]'" in capsys.readouterr().err


def test_nothing_to_fix_exits_zero_and_a_missing_path_is_a_usage_error(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {**STRICT, "test_case.py": "def test_sync():\n    pass\n"})
    assert fix(capsys, monkeypatch, tmp_path, ".")[:2] == (0, "")
    assert fix(capsys, monkeypatch, tmp_path, "missing.py")[0] == 2


def test_the_codes_with_a_fix_are_the_fixers_codes():
    """FIXABLE decides, before any libcst import, which findings are worth parsing a file for."""
    assert set(engine.fixers()) == engine.FIXABLE


def test_a_failing_fixer_is_reported_and_the_other_fixes_still_apply(tmp_path, capsys, monkeypatch):
    def broken(file, findings, unsafe):
        raise RuntimeError("boom")

    real = engine.fixers
    monkeypatch.setattr(engine, "fixers", lambda: {**real(), "ALP302": broken})
    write_tree(tmp_path, PROJECT)
    status, _out, err = fix(capsys, monkeypatch, tmp_path, "--write", ".")
    assert status == 0
    assert "tests/test_client.py:7:28: ALP302 not fixed: the ALP302 fixer failed: RuntimeError('boom')" in err
    assert "@pytest_asyncio.fixture\nasync def first" in read(tmp_path)["conftest.py"]


def test_an_edit_that_fails_leaves_the_file_as_it_was(tmp_path, capsys, monkeypatch):
    def failing_edits(file, findings, unsafe):
        for finding in findings:
            fix_ = engine.Fix(finding.code, finding.line, finding.col + 1, True, "a broken edit")
            fix_.edits.append((file.module.body[0], lambda node: 1 / 0))
            yield fix_

    real = engine.fixers
    monkeypatch.setattr(engine, "fixers", lambda: {**real(), "ALP302": failing_edits})
    write_tree(tmp_path, PROJECT)
    before = read(tmp_path)["tests/test_client.py"]
    status, _out, err = fix(capsys, monkeypatch, tmp_path, "--write", "tests")
    assert status == 1 and "the fixes of one round failed (division by zero)" in err
    assert read(tmp_path)["tests/test_client.py"] == before


def test_fixing_all_rule_data_is_idempotent_and_adds_no_pyflakes_finding(tmp_path, capsys, monkeypatch):
    """Every fixer on every shape the rules are tested with: the result parses, pyflakes finds nothing new
    (no unused import or variable left behind, no undefined name), and a second run changes nothing."""
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "data", data)

    def pyflakes() -> Counter:
        reported = findings(run_flake8(data, "--isolated", ".", select="F"))
        return Counter((path, code) for path, _row, _col, code in reported)

    before = pyflakes()
    status, _out, err = fix(capsys, monkeypatch, data, "--write", "--unsafe-fixes", ".")
    assert status == 0 and "Fixed 0 findings" not in err, err
    assert pyflakes() - before == Counter()
    assert fix(capsys, monkeypatch, data, "--unsafe-fixes", ".")[:2] == (0, "")


def test_each_version_of_a_fixed_file_is_parsed_once(tmp_path, capsys, monkeypatch):
    """The findings, the fixers' context and the check that the edits parse share one tree per round (project
    files the analysis reads are parsed once per stamp, by the same caches flake8's runs use)."""
    import ast
    import sys

    write_tree(tmp_path, PROJECT)
    parsed: Counter = Counter()
    real_parse = ast.parse

    def counting_parse(source, filename="<unknown>", *args, **kwargs):
        caller = sys._getframe(1).f_code.co_filename
        if "flake8_asyncloop" in caller and "project" not in Path(caller).parts:
            parsed[(str(filename), source if isinstance(source, str) else bytes(source))] += 1
        return real_parse(source, filename, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counting_parse)
    assert fix(capsys, monkeypatch, tmp_path, "--write", ".")[0] == 0
    assert parsed, "the fix command parsed nothing: the count is not watching it"
    assert [key for key, count in parsed.items() if count > 1] == []
