"""ALP3xx and ALP9xx through the real flake8 executable, on a FastAPI project shaped like seed 2.

The trees carry their expectations inline (``# ALP303:16``), like the rule data.  The
seed tree is also reported under other families (loop scopes, close protocols): those
belong to other rules and are not compared here.  The corrected tree must be clean.
Each tree lists its dependencies, so pytest-asyncio and the library versions (newest known
for a bare name) come from the tree itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from flake8_asyncloop.checker import check_source  # noqa: F401 - loads the package before tests.expectations,
from .expectations import expected_findings  # which alone trips the options <-> context import cycle
from .flake8_runner import findings, run_flake8, write_tree

OWN_CODES = re.compile(r"ALP(30[1-5]|90[1-3])$")

REQUIREMENTS = """
    pytest
    pytest-asyncio
    fastapi
    httpx
    asgi-lifespan
    asyncpg
    aioredis
    redis
    nest-asyncio
"""

SEED_PYPROJECT = """
    [tool.pytest.ini_options]
    asyncio_mode = "auto"
    asyncio_default_fixture_loop_scope = "session"
"""

SEED_APP = """
    import aioredis
    import asyncpg
    from fastapi import FastAPI, Request

    app = FastAPI()


    @app.on_event("startup")  # ALP304:2
    async def open_pools():
        app.state.redis = await aioredis.create_redis_pool("redis://localhost")
        app.state.db = await asyncpg.create_pool("postgresql://localhost/shop")


    @app.on_event("shutdown")  # ALP304:2
    async def close_pools():
        app.state.redis.close()
        await app.state.db.close()


    @app.get("/items/{name}")
    async def read_item(name: str, request: Request):
        views = await request.app.state.redis.incr(name)
        return {"name": name, "views": views, "stock": await request.app.state.db.fetchval("select 1")}
"""

# ``db`` fills app.state.db with a pool made on the test's loop, which the sync TestClient's app then
# reads on its portal loop (ALP301); the startup's Redis pool is still what nothing else provides.
SEED_CONFTEST = """
    import warnings

    import asyncpg
    import nest_asyncio
    import pytest
    from fastapi.testclient import TestClient
    from httpx import AsyncClient

    from app.main import app

    nest_asyncio.apply()  # ALP903:1


    def pytest_configure(config):
        warnings.filterwarnings("ignore", category=ResourceWarning)  # ALP902:5


    @pytest.fixture(scope="session")
    def client():
        return TestClient(app)  # ALP305:12


    @pytest.fixture
    async def db():
        pool = await asyncpg.create_pool("postgresql://localhost/shop")
        app.state.db = pool
        yield pool
        await pool.close()


    @pytest.fixture(scope="session")
    async def async_client():
        async with AsyncClient(app=app, base_url="http://test") as ac:  # ALP303:16 ALP302:28
            yield ac
"""

SEED_TESTS = """
    from fastapi.testclient import TestClient

    from app.main import app


    async def test_read_item(client, db):  # ALP301:26
        assert client.get("/items/apple").status_code == 200


    async def test_read_item_in_with(db):
        with TestClient(app) as client:  # ALP301:10
            assert client.get("/items/apple").status_code == 200


    async def test_read_item_async(async_client):
        try:
            response = await async_client.get("/items/apple")
        except RuntimeError as error:  # ALP901:5
            if "Event loop is closed" not in str(error):
                raise
        else:
            assert response.status_code == 200
"""

FIXED_PYPROJECT = """
    [tool.pytest.ini_options]
    asyncio_mode = "auto"
    asyncio_default_fixture_loop_scope = "session"
    asyncio_default_test_loop_scope = "session"
"""

FIXED_APP = """
    from contextlib import asynccontextmanager

    import asyncpg
    import redis.asyncio as redis
    from fastapi import FastAPI, Request


    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.redis = redis.from_url("redis://localhost")
        app.state.db = await asyncpg.create_pool("postgresql://localhost/shop")
        try:
            yield
        finally:
            await app.state.db.close()
            await app.state.redis.aclose()


    app = FastAPI(lifespan=lifespan)


    @app.get("/items/{name}")
    async def read_item(name: str, request: Request):
        views = await request.app.state.redis.incr(name)
        return {"name": name, "views": views, "stock": await request.app.state.db.fetchval("select 1")}
"""

FIXED_CONFTEST = """
    import pytest_asyncio
    from asgi_lifespan import LifespanManager
    from httpx import ASGITransport, AsyncClient

    from app.main import app


    @pytest_asyncio.fixture(scope="session", loop_scope="session")
    async def client():
        async with LifespanManager(app) as manager:
            transport = ASGITransport(app=manager.app)
            async with AsyncClient(transport=transport, base_url="http://test") as ac:
                yield ac
"""

FIXED_TESTS = """
    async def test_read_item(client):
        assert (await client.get("/items/apple")).status_code == 200


    async def test_read_other_item(client):
        assert (await client.get("/items/pear")).status_code == 200
"""


def seed_tree(app: str, conftest: str, tests: str, pyproject: str) -> dict[str, str]:
    return {
        "requirements.txt": REQUIREMENTS,
        "pyproject.toml": pyproject,
        "app/__init__.py": "",
        "app/main.py": app,
        "tests/conftest.py": conftest,
        "tests/test_items.py": tests,
    }


def own_findings(root: Path) -> set[tuple[str, int, int, str]]:
    return {row for row in findings(run_flake8(root)) if OWN_CODES.match(row[3])}


def inline_expectations(root: Path, files: dict[str, str]) -> set[tuple[str, int, int, str]]:
    expected = set()
    for relative in files:
        text = (root / relative).read_text(encoding="utf-8")
        expected.update((relative, line, col, code) for line, col, code in expected_findings(text))
    return expected


def test_seed_tree_reports_each_rule_at_its_node(tmp_path: Path) -> None:
    files = seed_tree(SEED_APP, SEED_CONFTEST, SEED_TESTS, SEED_PYPROJECT)
    write_tree(tmp_path, files)
    expected = inline_expectations(tmp_path, files)
    every_code = {"ALP301", "ALP302", "ALP303", "ALP304", "ALP305", "ALP901", "ALP902", "ALP903"}
    assert {code for *_, code in expected} == every_code
    assert own_findings(tmp_path) == expected


def test_corrected_tree_is_clean(tmp_path: Path) -> None:
    write_tree(tmp_path, seed_tree(FIXED_APP, FIXED_CONFTEST, FIXED_TESTS, FIXED_PYPROJECT))
    assert findings(run_flake8(tmp_path)) == []


def test_app_behind_a_factory_in_src_is_followed_without_importing_it(tmp_path: Path) -> None:
    """The app module would fail on import: the verdict comes from reading it (the lifespan fills the
    pool the factory's route reads)."""
    write_tree(tmp_path, {
        "requirements.txt": REQUIREMENTS,
        "pytest.ini": "[pytest]\npythonpath = src\n",
        "src/shop/__init__.py": "",
        "src/shop/factory.py": """
            from contextlib import asynccontextmanager

            import asyncpg
            from fastapi import FastAPI, Request


            @asynccontextmanager
            async def lifespan(app):
                app.state.pool = await asyncpg.create_pool("postgresql://localhost/shop")
                yield
                await app.state.pool.close()


            def create_app():
                app = FastAPI(lifespan=lifespan)

                @app.get("/stock")
                async def stock(request: Request):
                    return await request.app.state.pool.fetchval("select count(*) from stock")

                return app


            raise SystemExit("imported by the linter")
        """,
        "tests/test_factory.py": """
            import pytest
            from fastapi.testclient import TestClient
            from httpx import ASGITransport, AsyncClient
            from shop.factory import create_app
            from vendor.asgi import app as vendor_app


            @pytest.mark.asyncio
            async def test_factory_app():
                async with AsyncClient(transport=ASGITransport(app=create_app()), base_url="http://t") as c:
                    assert (await c.get("/")).status_code == 404


            def test_unresolvable_apps_are_silent():
                client = TestClient(vendor_app)
                assert client.get("/").status_code == 404
        """,
    })
    assert own_findings(tmp_path) == {("tests/test_factory.py", 10, 16, "ALP303")}
