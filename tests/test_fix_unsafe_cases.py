"""``flake8-asyncloop fix`` on the fixes that move loops or write the pytest config (ALP001-ALP004, ALP304, the
ALP011 config route), and on what a fixer leaves alone, with the reason it gives.

Helpers and the project's pins are those of test_fix_command.py.
"""

from __future__ import annotations

import pytest

from .flake8_runner import write_tree
from .test_fix_command import PINS, STRICT, dedent, fix, fixed


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
