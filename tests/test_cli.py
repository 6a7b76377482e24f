"""The real flake8 executable on project trees: config discovery, conftest chains, stdin, noqa, -j."""

from __future__ import annotations

import textwrap

import pytest

from .flake8_runner import findings, run_flake8, write_tree
from .sample_findings import SAMPLE_CODES

# Every tree declares what it installs: pytest-asyncio's rules apply to a project that lists it, and the
# versions (newest known for a bare name) come from the tree, not from whatever lies above tmp_path.
REQUIREMENTS = {"requirements.txt": "pytest\npytest-asyncio\nsqlalchemy[asyncio]\nasyncpg\n"}

SEED_CONFTEST = """
    import asyncio

    import pytest
    import pytest_asyncio
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine


    @pytest.fixture(scope="session")
    def event_loop():
        loop = asyncio.new_event_loop()
        yield loop
        loop.close()


    @pytest_asyncio.fixture(scope="session")
    async def engine(event_loop):
        engine = create_async_engine("postgresql+asyncpg://localhost/test", connect_args={"loop": event_loop})
        yield engine
        await engine.dispose()


    @pytest_asyncio.fixture(scope="session")
    async def db_session(engine):
        async with AsyncSession(engine) as session:
            yield session
"""

SEED_TEST = """
    from sqlalchemy import text


    async def test_select_one(db_session):
        assert (await db_session.execute(text("select 1"))).scalar() == 1


    async def test_select_two(db_session):
        assert (await db_session.execute(text("select 2"))).scalar() == 2
"""

SEED_PYPROJECT = """
    [tool.pytest.ini_options]
    asyncio_mode = "auto"
    asyncio_default_fixture_loop_scope = "session"
"""

FIXED_CONFTEST = """
    import pytest_asyncio
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine


    @pytest_asyncio.fixture(scope="session", loop_scope="session")
    async def engine():
        engine = create_async_engine("postgresql+asyncpg://localhost/test")
        yield engine
        await engine.dispose()


    @pytest_asyncio.fixture(scope="session", loop_scope="session")
    async def db_session(engine):
        async with AsyncSession(engine) as session:
            yield session
"""

FIXED_PYPROJECT = """
    [tool.pytest.ini_options]
    asyncio_mode = "auto"
    asyncio_default_fixture_loop_scope = "session"
    asyncio_default_test_loop_scope = "session"
"""


def seed_tree(pyproject: str, conftest: str) -> dict[str, str]:
    return {**REQUIREMENTS, "pyproject.toml": pyproject, "tests/conftest.py": conftest, "tests/test_db.py": SEED_TEST}


def test_pytest_asyncio_seed_is_reported_where_the_spec_says(tmp_path):
    write_tree(tmp_path, seed_tree(SEED_PYPROJECT, SEED_CONFTEST))
    assert findings(run_flake8(tmp_path, "tests")) == [
        ("tests/conftest.py", 9, 1, "ALP001"),   # the def of event_loop
        ("tests/conftest.py", 15, 2, "ALP004"),  # the decorator; config caused it
        ("tests/conftest.py", 16, 18, "ALP002"),  # the requesting parameter
        ("tests/conftest.py", 17, 95, "ALP002"),  # connect_args={"loop": event_loop}
        ("tests/conftest.py", 22, 2, "ALP004"),
        ("tests/test_db.py", 4, 27, "ALP003"),   # the requesting parameter
        ("tests/test_db.py", 8, 27, "ALP003"),
    ]


def test_pytest_asyncio_seed_corrected_is_silent(tmp_path):
    write_tree(tmp_path, seed_tree(FIXED_PYPROJECT, FIXED_CONFTEST))
    result = run_flake8(tmp_path, "tests")
    assert findings(result) == []
    assert result.returncode == 0


def test_messages_name_the_fix_and_the_other_side(tmp_path):
    """The message follows the value to where it was made and says which loop each side runs on."""
    write_tree(tmp_path, seed_tree(SEED_PYPROJECT, SEED_CONFTEST))
    lines = run_flake8(tmp_path, "tests/test_db.py").stdout.splitlines()
    assert "'db_session' (tests/conftest.py:23) yields AsyncSession() at tests/conftest.py:24" in lines[0]
    assert "create_async_engine() at tests/conftest.py:17, pooled" in lines[0]
    assert "made on the session loop (asyncio_default_fixture_loop_scope=session in pyproject.toml:3)" in lines[0]
    assert "'test_select_one' runs on the function loop" in lines[0]
    assert lines[0].endswith("or make 'db_session' function-scoped so each test gets its own")


AUTO_MODE_PROBE = """
    import pytest
    import pytest_asyncio


    @pytest.fixture
    async def plain():
        return 1
"""
# In strict mode ALP010 fires on line 5 of the probe; in auto mode it is silent.
STRICT_FINDING = [("tests/test_probe.py", 5, 2, "ALP010")]


CONFIG_KINDS = {
    "pytest.toml": ("pytest.toml", '[pytest]\nasyncio_mode = "auto"\n'),
    ".pytest.toml": (".pytest.toml", '[pytest]\nasyncio_mode = "auto"\n'),
    "pytest.ini": ("pytest.ini", "[pytest]\nasyncio_mode = auto\n"),
    ".pytest.ini": (".pytest.ini", "[pytest]\nasyncio_mode = auto\n"),
    "pyproject ini_options": ("pyproject.toml", '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n'),
    "pyproject native": ("pyproject.toml", '[tool.pytest]\nasyncio_mode = "auto"\n'),
    "tox.ini": ("tox.ini", "[pytest]\nasyncio_mode = auto\n"),
    "setup.cfg": ("setup.cfg", "[tool:pytest]\nasyncio_mode = auto\n"),
    "addopts string": ("pytest.ini", "[pytest]\naddopts = -ra --asyncio-mode=auto\n"),
    "addopts split": ("pytest.ini", "[pytest]\naddopts = --asyncio-mode auto -q\n"),
    "addopts list": ("pytest.toml", '[pytest]\naddopts = ["--asyncio-mode=auto"]\n'),
    "addopts -o": ("tox.ini", "[pytest]\naddopts = -o asyncio_mode=auto\n"),
}


@pytest.mark.parametrize("kind", CONFIG_KINDS)
def test_each_config_file_kind_is_read(tmp_path, kind):
    name, text = CONFIG_KINDS[kind]
    write_tree(tmp_path, {**REQUIREMENTS, name: text, "tests/test_probe.py": AUTO_MODE_PROBE})
    assert findings(run_flake8(tmp_path, "tests")) == []
    (tmp_path / name).write_text(text.replace("auto", "strict"), encoding="utf-8")
    assert findings(run_flake8(tmp_path, "tests")) == STRICT_FINDING


@pytest.mark.parametrize(
    ("winner", "loser"),
    [
        (("pytest.ini", ""), ("pyproject.toml", '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n')),
        (("tox.ini", "[pytest]\n"), ("setup.cfg", "[tool:pytest]\nasyncio_mode = auto\n")),
        (("tests/pytest.ini", "[pytest]\n"), ("pytest.ini", "[pytest]\nasyncio_mode = auto\n")),
    ],
    ids=["empty pytest.ini wins", "tox.ini before setup.cfg", "nearest directory wins"],
)
def test_config_precedence_follows_pytest(tmp_path, winner, loser):
    write_tree(tmp_path, {**REQUIREMENTS, winner[0]: winner[1], loser[0]: loser[1],
                          "tests/test_probe.py": AUTO_MODE_PROBE})
    assert findings(run_flake8(tmp_path, "tests")) == STRICT_FINDING


@pytest.mark.parametrize(
    "files",
    [
        {"pytest.ini": '[pytest]\nasyncio_mode = "strict"\n'},  # INI keeps the quotes: not a valid mode
        {"pytest.ini": "[pytest]\naddopts = -p no:asyncio\n"},
        {"pytest.ini": "[pytest]\n", "tests/conftest.py": (
            "def pytest_configure(config):\n    config.option.asyncio_mode = 'strict'\n")},
        {"pytest.ini": "[pytest]\n", "conftest.py": (
            "def pytest_configure(config):\n    config._inicache['asyncio_mode'] = 'strict'\n")},
        {"pyproject.toml": "[tool.pytest.ini_options\n"},  # unreadable
    ],
    ids=["quoted INI value", "plugin disabled", "conftest edits option", "conftest edits inicache", "broken toml"],
)
def test_unknown_or_code_edited_config_gives_no_config_dependent_finding(tmp_path, files):
    write_tree(tmp_path, {**REQUIREMENTS, **files, "tests/test_probe.py": AUTO_MODE_PROBE})
    assert findings(run_flake8(tmp_path, "tests")) == []


CHAIN = {
    **REQUIREMENTS,
    "pytest.ini": "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n",
    "conftest.py": """
        import asyncpg
        import pytest_asyncio


        @pytest_asyncio.fixture(scope="session", loop_scope="session")
        async def shared_pool():
            pool = await asyncpg.create_pool("postgresql://localhost/test")
            yield pool
            await pool.close()
    """,
    "tests/conftest.py": """
        import pytest


        @pytest.fixture
        async def client(shared_pool):
            return shared_pool
    """,
    "tests/api/test_orders.py": """
        async def test_order(client, shared_pool):
            assert client is shared_pool
    """,
}


def test_conftest_chain_in_parent_directories(tmp_path):
    write_tree(tmp_path, CHAIN)
    assert findings(run_flake8(tmp_path, ".")) == [
        ("tests/api/test_orders.py", 1, 30, "ALP003"),
        ("tests/conftest.py", 5, 18, "ALP003"),
    ]


def test_nearer_conftest_overrides_a_fixture(tmp_path):
    """The nearer pool is made on each test's own loop, so nothing crosses loops any more."""
    write_tree(tmp_path, {**CHAIN, "tests/api/conftest.py": """
        import asyncpg
        import pytest


        @pytest.fixture
        async def shared_pool():
            pool = await asyncpg.create_pool("postgresql://localhost/test")
            yield pool
            await pool.close()
    """})
    assert findings(run_flake8(tmp_path, "tests/api/test_orders.py")) == []


def test_pytest_plugins_module_is_read_without_importing_it(tmp_path):
    write_tree(tmp_path, {
        **REQUIREMENTS,
        "pytest.ini": "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n",
        "conftest.py": 'pytest_plugins = ["fixtures.db"]\n',
        "fixtures/__init__.py": "",
        "fixtures/db.py": """
            import asyncpg
            import pytest_asyncio


            @pytest_asyncio.fixture(loop_scope="module")
            async def pool():
                pool = await asyncpg.create_pool("postgresql://localhost/test")
                yield pool
                await pool.close()
        """,
        "tests/test_db.py": "async def test_pool(pool):\n    assert pool\n",
    })
    assert findings(run_flake8(tmp_path, "tests")) == [("tests/test_db.py", 1, 21, "ALP003")]


def test_stdin_with_display_name_matches_the_file_on_disk(tmp_path):
    write_tree(tmp_path, CHAIN)
    on_disk = findings(run_flake8(tmp_path, "tests/api/test_orders.py"))
    buffer = (tmp_path / "tests/api/test_orders.py").read_text()
    from_stdin = findings(run_flake8(tmp_path, "--stdin-display-name", "tests/api/test_orders.py", "-",
                                     stdin=buffer))
    assert on_disk == from_stdin == [("tests/api/test_orders.py", 1, 30, "ALP003")]


STDIN_BUFFER = """
    import httpx

    from shop.main import app


    async def fetch_orders():
        async with httpx.AsyncClient(app=app, base_url="http://shop") as client:
            return await client.get("/orders")
"""


def test_stdin_without_display_name_reads_config_from_the_working_directory(tmp_path):
    """``stdin`` is a file in the working directory: the httpx version pinned there decides (0.28 removed
    ``app=``; before 0.27 it was fine).  Not being a test module, it gets no pytest-asyncio verdicts."""
    write_tree(tmp_path, {"pytest.ini": "[pytest]\nasyncio_mode = strict\n", "requirements.txt": "httpx==0.28.1\n"})
    buffer = textwrap.dedent(STDIN_BUFFER).lstrip("\n")
    assert findings(run_flake8(tmp_path, "-", stdin=buffer)) == [("stdin", 7, 34, "ALP302")]
    (tmp_path / "requirements.txt").write_text("httpx==0.26.0\n", encoding="utf-8")
    assert findings(run_flake8(tmp_path, "-", stdin=buffer)) == []


def test_noqa_on_the_reported_line_silences_it(tmp_path):
    write_tree(tmp_path, {**CHAIN, "tests/api/test_orders.py": """
        async def test_order(client, shared_pool):  # noqa: ALP003
            assert client is shared_pool
    """})
    assert findings(run_flake8(tmp_path, "tests/api")) == []


def test_parallel_output_equals_serial_output(tmp_path):
    write_tree(tmp_path, {**seed_tree(SEED_PYPROJECT, SEED_CONFTEST),
                          **{f"tests/test_copy{i}.py": SEED_TEST for i in range(6)}})
    serial = run_flake8(tmp_path, "-j1", "tests")
    parallel = run_flake8(tmp_path, "-j2", "tests")
    assert findings(serial) and serial.stdout == parallel.stdout


def test_plugin_is_listed_by_flake8_version(tmp_path):
    result = run_flake8(tmp_path, "--version")
    assert "flake8-asyncloop" in result.stdout


def test_the_shipped_sample_shows_every_family(tmp_path):
    """The README's first command: the sample project is broken in the ways the rules describe."""
    from pathlib import Path

    sample = Path(__file__).resolve().parent.parent / "sample"
    result = run_flake8(sample.parent, "sample/")  # as the README writes it
    codes = {code for _path, _row, _col, code in findings(result)}
    assert result.returncode == 1
    assert codes == SAMPLE_CODES
