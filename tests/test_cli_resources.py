"""ALP1xx and ALP2xx through the real flake8 executable, on project trees shaped like the SQLAlchemy seed.

The trees carry their expectations inline (``# ALP201:1``), like the rule data; codes
of other families are not compared here.  Each corrected tree must be clean.  The
pyproject lists the project's dependencies, so pytest-asyncio's rules apply and versions
come from the tree itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flake8_asyncloop.checker import check_source  # noqa: F401 - loads the package before tests.expectations
from .expectations import expected_findings
from .flake8_runner import findings, run_flake8, write_tree

OWN_CODES = re.compile(r"ALP[12]\d\d$")

PYPROJECT = """
    [dependency-groups]
    test = ["pytest", "pytest-asyncio", "sqlalchemy[asyncio]", "asyncpg", "aiopg", "aioredis", "fastapi"]

    [tool.pytest.ini_options]
    asyncio_mode = "auto"
"""

POOLED_DB = """
    from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

    engine = create_async_engine("postgresql+asyncpg://localhost/shop")
    SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


    async def get_session():
        session = SessionLocal()
        yield session  # ALP204:5
        await session.close()


    async def create_schema():
        async with engine.begin() as connection:
            await connection.exec_driver_sql("create table if not exists orders (id serial)")
"""

SEED_MAIN = """
    from contextlib import asynccontextmanager

    import aiopg
    import aioredis
    from fastapi import Depends, FastAPI

    from app.db import engine, get_session


    @asynccontextmanager
    async def lifespan(app):
        app.state.redis = await aioredis.create_redis_pool("redis://localhost")
        app.state.pg = await aiopg.create_pool("dbname=shop")
        yield
        app.state.redis.close()  # ALP203:5
        app.state.pg.close()  # ALP203:5
        engine.dispose()  # ALP202:5


    app = FastAPI(lifespan=lifespan)


    @app.get("/orders")
    async def orders(session=Depends(get_session)):
        return (await session.execute("select id from orders")).all()
"""

SEED_CONFTEST = """
    import asyncio

    import pytest

    from app.db import create_schema, engine  # ALP201:1


    @pytest.fixture(scope="session", autouse=True)
    def schema():
        asyncio.run(create_schema())  # ALP102:5


    @pytest.fixture
    async def connection():
        async with engine.connect() as connection:
            yield connection
"""

SEED_TESTS = """
    from app.db import SessionLocal  # ALP201:1


    async def test_insert(connection):
        await connection.exec_driver_sql("insert into orders default values")
        async with SessionLocal() as session:
            assert (await session.execute("select count(*) from orders")).scalar() == 1


    async def test_count():
        async with SessionLocal() as session:
            assert (await session.execute("select count(*) from orders")).scalar() >= 0
"""

SEED_TREE = {
    "pyproject.toml": PYPROJECT,
    "app/__init__.py": "",
    "app/db.py": POOLED_DB,
    "app/main.py": SEED_MAIN,
    "tests/conftest.py": SEED_CONFTEST,
    "tests/test_orders.py": SEED_TESTS,
}

FIXED_TREE = {
    **SEED_TREE,
    "app/db.py": POOLED_DB.replace(
        """
        session = SessionLocal()
        yield session  # ALP204:5
        await session.close()
""", """
        async with SessionLocal() as session:
            yield session
"""),
    "app/main.py": SEED_MAIN.replace("app.state.redis.close()  # ALP203:5", "app.state.redis.close()\n"
                                     "    await app.state.redis.wait_closed()")
    .replace("app.state.pg.close()  # ALP203:5", "app.state.pg.close()\n    await app.state.pg.wait_closed()")
    .replace("engine.dispose()  # ALP202:5", "await engine.dispose()"),
    "tests/conftest.py": """
        import pytest

        from app.db import create_schema, engine


        @pytest.fixture(autouse=True)
        async def schema():
            await create_schema()
            yield
            await engine.dispose()


        @pytest.fixture
        async def connection():
            async with engine.connect() as connection:
                yield connection
    """,
    "tests/test_orders.py": SEED_TESTS.replace("  # ALP201:1", ""),
}


def expected(tree: Path) -> set[tuple[str, int, int, str]]:
    found = set()
    for path in sorted(tree.rglob("*.py")):
        for line, col, code in expected_findings(path.read_text(encoding="utf-8")):
            found.add((path.relative_to(tree).as_posix(), line, col, code))
    return found


def own(rows) -> set[tuple[str, int, int, str]]:
    return {row for row in rows if OWN_CODES.match(row[3])}


def test_seed_tree_reports_each_rule_at_its_node(tmp_path):
    write_tree(tmp_path, SEED_TREE)
    assert own(findings(run_flake8(tmp_path, "."))) == expected(tmp_path)


def test_fixed_seed_tree_is_clean(tmp_path):
    write_tree(tmp_path, FIXED_TREE)
    assert findings(run_flake8(tmp_path, ".")) == []


IMPORTED_ENGINE_TESTS = """
    from app.db import engine  # ALP201:1


    async def test_first():
        async with engine.connect() as connection:
            await connection.exec_driver_sql("select 1")


    async def test_second():
        async with engine.connect() as connection:
            await connection.exec_driver_sql("select 2")
"""

NULL_POOL_DB = """
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    engine = create_async_engine("postgresql+asyncpg://localhost/shop", poolclass=NullPool)
"""

PER_TEST_DISPOSE = """
    import pytest

    from app.db import engine


    @pytest.fixture(autouse=True)
    async def dispose_engine():
        yield
        await engine.dispose()
"""


def test_module_level_engine_imported_by_function_loop_tests(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": PYPROJECT, "app/__init__.py": "", "app/db.py": POOLED_DB,
                          "tests/test_engine.py": IMPORTED_ENGINE_TESTS})
    assert own(findings(run_flake8(tmp_path, "."))) == expected(tmp_path)


@pytest.mark.parametrize("fix", ["null-pool", "per-test-dispose", "one-loop"])
def test_corrected_engine_variants_are_silent(tmp_path, fix):
    files = {"pyproject.toml": PYPROJECT, "app/__init__.py": "", "app/db.py": POOLED_DB,
             "tests/test_engine.py": IMPORTED_ENGINE_TESTS.replace("  # ALP201:1", "")}
    if fix == "null-pool":
        files["app/db.py"] = NULL_POOL_DB
    elif fix == "per-test-dispose":
        files["tests/conftest.py"] = PER_TEST_DISPOSE
    else:
        files["pyproject.toml"] = PYPROJECT + '    asyncio_default_test_loop_scope = "session"\n' \
            '    asyncio_default_fixture_loop_scope = "session"\n'
    write_tree(tmp_path, files)
    assert findings(run_flake8(tmp_path, ".", select="ALP201")) == []


PROJECT_FACTORY_CONFTEST = """
    import pytest

    from myapp.db import make_engine
    from myapp.mongo import make_client


    @pytest.fixture
    async def leaked_engine():
        return make_engine()  # ALP205:12


    @pytest.fixture
    async def engine():
        engine = make_engine()
        yield engine
        engine.dispose()  # ALP202:5


    @pytest.fixture
    def client():
        client = make_client()
        yield client
        client.close()
"""


def test_project_factories_from_setup_cfg(tmp_path):
    write_tree(tmp_path, {
        "setup.cfg": "[flake8]\nasyncloop-resource-factories =\n    myapp.db.make_engine:dispose\n"
                     "    myapp.mongo.make_client:close:sync\n",
        "pyproject.toml": PYPROJECT,
        "tests/conftest.py": PROJECT_FACTORY_CONFTEST,
    })
    assert own(findings(run_flake8(tmp_path, "."))) == expected(tmp_path)
    (tmp_path / "setup.cfg").write_text("[flake8]\n", encoding="utf-8")
    assert findings(run_flake8(tmp_path, ".")) == []


def test_invalid_project_factory_is_a_usage_error(tmp_path):
    write_tree(tmp_path, {"setup.cfg": "[flake8]\nasyncloop-resource-factories = myapp.db.make:release\n"})
    result = run_flake8(tmp_path, ".")
    assert result.returncode == 2
    assert "the close method must be one of" in result.stderr
