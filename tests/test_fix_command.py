"""``flake8-asyncloop fix``: edge cases of each fixer, and the guarantees of the command.

Every case is a small project written to ``tmp_path``, fixed in place with ``--write`` and
compared with the exact text expected: comments, layout and aliases kept.  Then the guarantees:
idempotent, the fixed file reports no finding of the fixed code, a file that does not parse is left
alone with a message, no file outside the given paths changes, ``# noqa``/``per-file-ignores``/``--select``
are obeyed, the diff applies with ``git apply``.
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


def test_alp304_writes_a_lifespan_above_an_app_without_one(tmp_path, capsys, monkeypatch):
    written = fixed(tmp_path, capsys, monkeypatch, {"main.py": """
        \"\"\"The service.\"\"\"
        from fastapi import FastAPI

        # the one app
        app = FastAPI(title="svc")


        @app.on_event("startup")
        async def connect():
            app.state.ready = True


        @app.on_event("shutdown")
        def disconnect():
            app.state.ready = False
    """}, "--unsafe-fixes", path="main.py")
    assert written == dedent("""
        \"\"\"The service.\"\"\"
        from contextlib import asynccontextmanager
        from fastapi import FastAPI


        # the one app
        @asynccontextmanager
        async def lifespan(app):
            await connect()
            yield
            disconnect()


        app = FastAPI(title="svc", lifespan=lifespan)


        async def connect():
            app.state.ready = True


        def disconnect():
            app.state.ready = False
    """)


def test_alp003_moves_the_side_the_message_names(tmp_path, capsys, monkeypatch):
    """A function-loop test joins the session fixture's loop; a function-scoped fixture joins the module loop
    of the test that marks itself so."""
    written = fixed(tmp_path, capsys, monkeypatch, {"test_case.py": """
        import asyncio

        import pytest
        import pytest_asyncio


        @pytest_asyncio.fixture(scope="session", loop_scope="session")
        async def queue():
            return asyncio.Queue()


        @pytest_asyncio.fixture
        async def lock():
            return asyncio.Lock()


        @pytest.mark.asyncio
        async def test_queue(queue):
            assert queue


        @pytest.mark.asyncio(loop_scope="module")
        async def test_lock(lock):
            assert lock
    """}, "--unsafe-fixes")
    assert '@pytest_asyncio.fixture(loop_scope="module")\nasync def lock' in written
    assert '@pytest.mark.asyncio(loop_scope="session")\nasync def test_queue' in written


def test_alp001_of_a_nested_conftest_is_left_with_the_reason(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {**STRICT, "tests/unit/conftest.py": """
        import asyncio

        import pytest


        @pytest.fixture(scope="module")
        def event_loop():
            loop = asyncio.new_event_loop()
            yield loop
            loop.close()
    """, "tests/unit/test_x.py": "def test_x():\n    pass\n", "tests/other/test_y.py": "def test_y():\n    pass\n"})
    status, out, err = fix(capsys, monkeypatch, tmp_path, "--unsafe-fixes", ".")
    assert (status, out) == (0, "")
    assert "tests/unit/conftest.py:7:1: ALP001 not fixed: its module loop covers part of the project's tests" in err


def test_alp002_reads_the_running_loop_after_the_docstring(tmp_path, capsys, monkeypatch):
    written = fixed(tmp_path, capsys, monkeypatch, {"test_case.py": """
        import pytest


        @pytest.mark.asyncio
        async def test_later(
            event_loop,
            delay,
        ):
            \"\"\"Runs a callback later.\"\"\"
            event_loop.call_later(delay, print)


        @pytest.fixture
        def delay():
            return 0.1
    """}, "--unsafe-fixes")
    assert written == dedent("""
        import asyncio
        import pytest


        @pytest.mark.asyncio
        async def test_later(
            delay,
        ):
            \"\"\"Runs a callback later.\"\"\"
            event_loop = asyncio.get_running_loop()
            event_loop.call_later(delay, print)


        @pytest.fixture
        def delay():
            return 0.1
    """)


def test_alp202_in_a_sync_function_is_left_with_the_reason(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {**STRICT, "conftest.py": """
        import pytest
        from sqlalchemy.ext.asyncio import create_async_engine


        @pytest.fixture
        def engine():
            engine = create_async_engine("postgresql+asyncpg://db/test")
            yield engine
            engine.dispose()
    """})
    status, out, err = fix(capsys, monkeypatch, tmp_path, ".")
    assert (status, out) == (0, "")
    assert "conftest.py:9:5: ALP202 not fixed: the enclosing function is not async" in err


CONFIG_FILES = {
    "pyproject.toml": ("""
        [project]
        name = "svc"  # the distribution

        [tool.pytest.ini_options]
        # strict: every async test says who runs it
        asyncio_mode = "strict"
    """, """
        [project]
        name = "svc"  # the distribution

        [tool.pytest.ini_options]
        # strict: every async test says who runs it
        asyncio_mode = "auto"
    """),
    "pytest.toml": ("""
        [pytest]
        asyncio_mode = "strict"  # explicit
    """, """
        [pytest]
        asyncio_mode = "auto"  # explicit
    """),
    "tox.ini": ("""
        [tox]
        env_list = py311

        [pytest]
        # strict on purpose
        asyncio_mode = strict
    """, """
        [tox]
        env_list = py311

        [pytest]
        # strict on purpose
        asyncio_mode = auto
    """),
    "setup.cfg": ("""
        [metadata]
        name = svc

        [tool:pytest]
        testpaths = .
        ; the rest is pytest-asyncio's default
    """, """
        [metadata]
        name = svc

        [tool:pytest]
        testpaths = .
        ; the rest is pytest-asyncio's default
        asyncio_mode = auto
    """),
}


@pytest.mark.parametrize("name", sorted(CONFIG_FILES))
def test_config_edits_keep_comments(name, tmp_path, capsys, monkeypatch):
    """ALP011 with --unsafe-fixes switches the project to auto mode in the config file pytest reads."""
    before, after = CONFIG_FILES[name]
    write_tree(tmp_path, {"requirements.txt": PINS, name: before, "test_case.py": """
        async def test_unmarked():
            pass
    """})
    status, _out, err = fix(capsys, monkeypatch, tmp_path, "--write", "--unsafe-fixes", ".")
    assert status == 0, err
    assert (tmp_path / name).read_text(encoding="utf-8") == dedent(after)
    assert (tmp_path / "test_case.py").read_text(encoding="utf-8") == "async def test_unmarked():\n    pass\n"


def test_alp002_fixes_of_one_function_leave_no_unused_variable_or_import(tmp_path, capsys, monkeypatch):
    """The parameter goes and so does loop=event_loop, its only use: no ``event_loop = ...`` line is left, and the
    ``import asyncio`` the first fix asked for is not added."""
    written = fixed(tmp_path, capsys, monkeypatch, {"test_case.py": """
        import asyncpg
        import pytest_asyncio


        @pytest_asyncio.fixture
        async def pool(event_loop):
            return await asyncpg.create_pool("postgresql://db", loop=event_loop)
    """}, "--unsafe-fixes")
    assert written == dedent("""
        import asyncpg
        import pytest_asyncio


        @pytest_asyncio.fixture
        async def pool():
            return await asyncpg.create_pool("postgresql://db")
    """)


def test_alp002_drops_a_foreign_loop_from_connect_args_and_its_import(tmp_path, capsys, monkeypatch):
    written = fixed(tmp_path, capsys, monkeypatch, {"test_case.py": """
        import asyncio

        import pytest
        from sqlalchemy.ext.asyncio import create_async_engine


        @pytest.mark.asyncio
        async def test_engine():
            engine = create_async_engine(
                "postgresql+asyncpg://db/x",
                connect_args={"timeout": 5, "loop": asyncio.new_event_loop()},
            )
            await engine.dispose()
    """}, "--unsafe-fixes")
    assert written == dedent("""
        import pytest
        from sqlalchemy.ext.asyncio import create_async_engine


        @pytest.mark.asyncio
        async def test_engine():
            engine = create_async_engine(
                "postgresql+asyncpg://db/x",
                connect_args={"timeout": 5},
            )
            await engine.dispose()
    """)
