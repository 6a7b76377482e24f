"""``flake8-asyncloop fix``: edge cases of the safe fixes (aliases, multi-line calls, comments, decorator
arguments, nested classes, non-ASCII columns), and the helpers the other fix tests share.

Every case is a small project written to ``tmp_path``, fixed in place with ``--write`` and compared with
the exact text expected; a second run must change nothing and the fixed codes must no longer be reported.
The unsafe fixes are in test_fix_unsafe_cases.py, the command's guarantees in test_fix_guarantees.py.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from flake8_asyncloop.commands.cli import main

from .flake8_runner import findings, run_flake8, write_tree

PINS = """
    pytest==9.0.3
    pytest-asyncio==1.5.0
    httpx==0.28.1
    redis==5.2.1
    sqlalchemy==2.0.36
    asyncpg==0.30.0
    fastapi==0.115.0
"""
STRICT = {"requirements.txt": PINS,
          "pytest.ini": "[pytest]\nasyncio_mode = strict\nasyncio_default_fixture_loop_scope = function\n"}


def fix(capsys, monkeypatch, root: Path, *arguments: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    status = main(["fix", "--isolated", *arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def fixed(tmp_path, capsys, monkeypatch, files: dict[str, str], *arguments: str, path: str = "test_case.py") -> str:
    """Write the project, fix it in place, and return one file's new text."""
    write_tree(tmp_path, {**STRICT, **files})
    status, _out, err = fix(capsys, monkeypatch, tmp_path, "--write", *arguments, ".")
    assert status == 0, err
    return (tmp_path / path).read_text(encoding="utf-8")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


CASES = {
    "alp010 keeps decorator arguments and comments, through an alias": ("""
        import pytest as pt  # noqa: F401 - kept: the line has a comment


        @pt.fixture(scope="module", autouse=False)  # one per module
        async def client():
            yield 1
    """, """
        import pytest as pt  # noqa: F401 - kept: the line has a comment
        import pytest_asyncio


        @pytest_asyncio.fixture(scope="module", autouse=False)  # one per module
        async def client():
            yield 1
    """, ("ALP010",)),
    "alp010 from an imported fixture name drops the unused import": ("""
        from pytest import fixture


        @fixture
        async def other():
            yield 1
    """, """
        import pytest_asyncio


        @pytest_asyncio.fixture
        async def other():
            yield 1
    """, ("ALP010",)),
    "alp302 in a multi-line call, through a module alias": ("""
        import httpx as hx
        import pytest


        @pytest.mark.asyncio
        async def test_client():
            async with hx.AsyncClient(
                app=object(),  # the app under test
                base_url="http://test",
            ) as client:
                assert client
    """, """
        import httpx as hx
        import pytest


        @pytest.mark.asyncio
        async def test_client():
            async with hx.AsyncClient(
                transport=hx.ASGITransport(app=object()),  # the app under test
                base_url="http://test",
            ) as client:
                assert client
    """, ("ALP302",)),
    "alp302 through a class alias joins the existing from-import": ("""
        import pytest
        from httpx import AsyncClient as AC


        @pytest.mark.asyncio
        async def test_client():
            async with AC(base_url="http://x", app=object()) as client:
                assert client
    """, """
        import pytest
        from httpx import ASGITransport, AsyncClient as AC


        @pytest.mark.asyncio
        async def test_client():
            async with AC(base_url="http://x", transport=ASGITransport(app=object())) as client:
                assert client
    """, ("ALP302",)),
    "alp011 in nested classes, under a comment, beside a parametrize": ("""
        import pytest


        class TestOuter:
            class TestInner:
                # a comment above the test
                async def test_nested(self):
                    assert True

            @pytest.mark.parametrize("x", [1, 2])
            async def test_param(self, x):
                assert x
    """, """
        import pytest


        class TestOuter:
            class TestInner:
                # a comment above the test
                @pytest.mark.asyncio
                async def test_nested(self):
                    assert True

            @pytest.mark.asyncio
            @pytest.mark.parametrize("x", [1, 2])
            async def test_param(self, x):
                assert x
    """, ("ALP011",)),
    "alp202 awaits, alp203 then renames: one run": ("""
        import pytest
        import pytest_asyncio
        from redis.asyncio import Redis


        @pytest_asyncio.fixture
        async def cache():
            client = Redis()  # local
            yield client
            client.close()  # closes the pool
    """, """
        import pytest
        import pytest_asyncio
        from redis.asyncio import Redis


        @pytest_asyncio.fixture
        async def cache():
            client = Redis()  # local
            yield client
            await client.aclose()  # closes the pool
    """, ("ALP202", "ALP203")),
    "alp302 after non-ASCII text on the line: flake8's byte column, libcst's character column": ("""
        import pytest
        from httpx import AsyncClient


        @pytest.mark.asyncio
        async def test_client():
            async with AsyncClient(base_url="http://bü.de", app=object()) as client:  # «ü»
                assert client
    """, """
        import pytest
        from httpx import ASGITransport, AsyncClient


        @pytest.mark.asyncio
        async def test_client():
            async with AsyncClient(base_url="http://bü.de", transport=ASGITransport(app=object())) as client:  # «ü»
                assert client
    """, ("ALP302",)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fix_edge_cases(name, tmp_path, capsys, monkeypatch):
    """Exact text; a second run changes nothing; the fixed codes are no longer reported."""
    source, expected, codes = CASES[name]
    assert fixed(tmp_path, capsys, monkeypatch, {"test_case.py": source}) == dedent(expected)
    assert fix(capsys, monkeypatch, tmp_path, ".")[:2] == (0, "")
    assert [row for row in findings(run_flake8(tmp_path, "--isolated", ".")) if row[3] in codes] == []
