"""Editors lint unsaved buffers: ``flake8 --stdin-display-name path/to/test_x.py -`` run from the project.

The display path is all the plugin knows about where the buffer lives, so the pytest
config, the conftest chain and the project's other files must be found around that
path, while the code itself comes from the buffer, never from the file on disk.  The
project lists its dependencies at its root, where the versions are read for every path in it.
"""

from __future__ import annotations

import textwrap

import pytest

from .flake8_runner import findings, run_flake8, write_tree

ORDERS_TEST = """
    from sqlalchemy import text


    async def test_lists_orders(db_session, api):
        assert (await db_session.execute(text("select 1"))).scalar() == 1
        assert (await api.get("/orders")).status_code == 200
"""

PROJECT = {
    "requirements.txt": """
        pytest
        pytest-asyncio
        sqlalchemy[asyncio]
        asyncpg
        httpx
    """,
    "pyproject.toml": """
        [tool.pytest.ini_options]
        asyncio_mode = "auto"
        asyncio_default_fixture_loop_scope = "session"
    """,
    "tests/conftest.py": """
        import pytest_asyncio
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine


        @pytest_asyncio.fixture(scope="session", loop_scope="session")
        async def db_session():
            engine = create_async_engine("postgresql+asyncpg://localhost/test")
            async with AsyncSession(engine) as session:
                yield session
            await engine.dispose()
    """,
    "tests/api/conftest.py": """
        import pytest
        from httpx import AsyncClient


        @pytest.fixture
        async def api():
            async with AsyncClient(base_url="http://test") as client:
                yield client
    """,
    "tests/api/test_orders.py": ORDERS_TEST,
    "services/billing/pytest.ini": """
        [pytest]
        asyncio_mode = strict
    """,
    "services/billing/tests/test_invoices.py": """
        import pytest
        import pytest_asyncio


        @pytest.fixture
        async def invoice():
            return {"total": 3}


        async def test_total(invoice):
            assert invoice["total"] == 3
    """,
}


def buffer_of(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def lint_stdin(project, display_name: str, buffer: str, *arguments: str) -> set[tuple]:
    result = run_flake8(project, *arguments, "--stdin-display-name", display_name, "-", stdin=buffer)
    return set(findings(result))


def lint_disk(project, path: str, *arguments: str) -> set[tuple]:
    return set(findings(run_flake8(project, *arguments, path)))


@pytest.mark.parametrize("path", ["tests/api/test_orders.py", "tests/api/conftest.py",
                                  "services/billing/tests/test_invoices.py"])
def test_buffer_under_its_display_path_gets_the_findings_of_the_file_on_disk(tmp_path, path):
    write_tree(tmp_path, PROJECT)
    on_disk = lint_disk(tmp_path, path)
    assert on_disk, "the project is meant to have findings in every file checked here"
    assert lint_stdin(tmp_path, path, (tmp_path / path).read_text()) == on_disk


def test_findings_depend_on_the_conftest_chain_and_config_around_the_display_path(tmp_path):
    write_tree(tmp_path, PROJECT)
    buffer = (tmp_path / "tests/api/test_orders.py").read_text()
    assert {code for *_, code in lint_stdin(tmp_path, "tests/api/test_orders.py", buffer)} == {"ALP003"}
    assert lint_stdin(tmp_path, "elsewhere/test_orders.py", buffer) == set()


def test_nearest_pytest_config_of_the_display_path_decides_the_mode(tmp_path):
    write_tree(tmp_path, PROJECT)
    buffer = (tmp_path / "services/billing/tests/test_invoices.py").read_text()
    strict = {code for *_, code in lint_stdin(tmp_path, "services/billing/tests/test_invoices.py", buffer)}
    auto = {code for *_, code in lint_stdin(tmp_path, "tests/test_invoices.py", buffer)}
    assert strict == {"ALP010", "ALP011"}
    assert "ALP010" not in auto and "ALP011" not in auto


def test_unsaved_edits_are_linted_not_the_file_on_disk(tmp_path):
    write_tree(tmp_path, PROJECT)
    session_loop_mark = 'import pytest\n\npytestmark = pytest.mark.asyncio(loop_scope="session")\n'
    fixed_in_editor = session_loop_mark + buffer_of(ORDERS_TEST)
    assert lint_stdin(tmp_path, "tests/api/test_orders.py", fixed_in_editor) == set()
    assert {code for *_, code in lint_disk(tmp_path, "tests/api/test_orders.py")} == {"ALP003"}


def test_new_file_not_yet_saved_uses_its_directory_context(tmp_path):
    write_tree(tmp_path, PROJECT)
    reported = lint_stdin(tmp_path, "tests/api/test_new.py", buffer_of(ORDERS_TEST))
    assert {(path, code) for path, _row, _col, code in reported} == {("tests/api/test_new.py", "ALP003")}


def test_absolute_display_path_gives_the_same_findings(tmp_path):
    write_tree(tmp_path, PROJECT)
    relative = "tests/api/test_orders.py"
    absolute = str(tmp_path / relative)
    buffer = (tmp_path / relative).read_text()
    positions = {(row, col, code) for _path, row, col, code in lint_stdin(tmp_path, absolute, buffer)}
    assert positions == {(row, col, code) for _path, row, col, code in lint_disk(tmp_path, relative)}


def test_command_line_options_apply_to_the_buffer(tmp_path):
    write_tree(tmp_path, PROJECT)
    buffer = (tmp_path / "tests/api/test_orders.py").read_text()
    assert lint_stdin(tmp_path, "tests/api/test_orders.py", buffer)
    option = "--asyncio-default-test-loop-scope=session"
    aligned = lint_stdin(tmp_path, "tests/api/test_orders.py", buffer, option)
    assert aligned == set()
