"""Code blocks for generated pytest modules: realistic async (and sync) fixtures and tests.

Most blocks are correct code in the style of FastAPI / SQLAlchemy / httpx test suites; a few
are the loop-lifecycle mistakes ALP looks for, at a low rate, as in a real suite. Each block
is a function of a seeded ``random.Random`` and a running number, so output is reproducible.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

IMPORT_LINES = {
    "asyncio": "import asyncio",
    "contextlib": "import contextlib",
    "httpx": "import httpx",
    "pytest": "import pytest",
    "pytest_asyncio": "import pytest_asyncio",
    "TestClient": "from fastapi.testclient import TestClient",
    "ASGITransport": "from httpx import ASGITransport",
    "create_engine": "from sqlalchemy import create_engine",
    "text": "from sqlalchemy import text",
    "async_sessionmaker": "from sqlalchemy.ext.asyncio import async_sessionmaker",
    "create_async_engine": "from sqlalchemy.ext.asyncio import create_async_engine",
    "app": "from app.main import app",
}

MISTAKE_RATE = 0.06


@dataclass(frozen=True)
class Fixture:
    """A fixture a generated test may request: kind says what it yields, loop_scope None = sync."""

    name: str
    kind: str  # "client", "session", "engine" or "data"
    loop_scope: str | None


@dataclass(frozen=True)
class Block:
    """Source text plus the imports it needs and the fixture it defines, if any."""

    text: str
    imports: tuple[str, ...]
    defines: Fixture | None = None


def _mark(loop_scope: str | None) -> str:
    if loop_scope in (None, "function"):
        return "@pytest.mark.asyncio"
    return f'@pytest.mark.asyncio(loop_scope="{loop_scope}")'


# -- async fixtures ------------------------------------------------------------------------


def engine_fixture(name: str, number: int, scope: str) -> Block:
    text = f'''@pytest_asyncio.fixture(scope="{scope}", loop_scope="{scope}")
async def {name}():
    engine = create_async_engine("postgresql+asyncpg://test@localhost/test_{number}")
    try:
        yield engine
    finally:
        await engine.dispose()
'''
    return Block(text, ("pytest_asyncio", "create_async_engine"), Fixture(name, "engine", scope))


def session_fixture(name: str, engine: Fixture) -> Block:
    text = f'''@pytest_asyncio.fixture(loop_scope="{engine.loop_scope}")
async def {name}({engine.name}):
    factory = async_sessionmaker({engine.name}, expire_on_commit=False)
    async with factory() as session:
        yield session
        await session.rollback()
'''
    return Block(text, ("pytest_asyncio", "async_sessionmaker"), Fixture(name, "session", engine.loop_scope))


def client_fixture(name: str, number: int) -> Block:
    text = f'''@pytest_asyncio.fixture
async def {name}():
    transport = ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test-{number}") as client:
        yield client
'''
    imports = ("pytest_asyncio", "httpx", "ASGITransport", "app")
    return Block(text, imports, Fixture(name, "client", "function"))


def data_fixture(name: str, number: int) -> Block:
    text = f'''@pytest.fixture
def {name}():
    return {{"user": "user_{number}", "roles": ["reader", "writer"], "limit": {number % 50 + 1}}}
'''
    return Block(text, ("pytest",), Fixture(name, "data", None))


# -- async tests ---------------------------------------------------------------------------


def api_test(number: int, client: Fixture, data: Fixture) -> Block:
    text = f'''{_mark(client.loop_scope)}
async def test_read_item_{number}({client.name}, {data.name}):
    response = await {client.name}.get("/items/{number}", params={{"limit": {data.name}["limit"]}})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == {number}
    assert set(body) >= {{"id"}}
'''
    return Block(text, ("pytest",))


def db_test(number: int, session: Fixture) -> Block:
    text = f'''{_mark(session.loop_scope)}
async def test_query_{number}({session.name}):
    result = await {session.name}.execute(text("SELECT {number}"))
    assert result.scalar_one() == {number}
    await {session.name}.commit()
'''
    return Block(text, ("pytest", "text"))


def engine_test(number: int, engine: Fixture) -> Block:
    text = f'''{_mark(engine.loop_scope)}
async def test_connect_{number}({engine.name}):
    async with {engine.name}.connect() as connection:
        rows = await connection.execute(text("SELECT {number} AS value"))
        assert [row.value for row in rows] == [{number}]
'''
    return Block(text, ("pytest", "text"))


def gather_test(number: int, client: Fixture) -> Block:
    count = number % 5 + 2
    text = f'''{_mark(client.loop_scope)}
async def test_concurrent_reads_{number}({client.name}):
    responses = await asyncio.gather(*({client.name}.get(f"/items/{{index}}") for index in range({count})))
    assert [response.status_code for response in responses] == [200] * {count}
    await asyncio.sleep(0)
'''
    return Block(text, ("pytest", "asyncio"))


def parametrized_test(number: int, client: Fixture) -> Block:
    text = f'''@pytest.mark.parametrize("item_id", [{number}, {number + 1}, {number + 7}])
{_mark(client.loop_scope)}
async def test_item_ids_{number}({client.name}, item_id):
    response = await {client.name}.get(f"/items/{{item_id}}")
    assert response.json()["id"] == item_id
'''
    return Block(text, ("pytest",))


def async_test_class(number: int, client: Fixture) -> Block:
    text = f'''{_mark(client.loop_scope)}
class TestItems{number}:
    async def test_create(self, {client.name}):
        response = await {client.name}.post("/items", json={{"name": "item_{number}"}})
        assert response.status_code in (200, 201)

    async def test_list(self, {client.name}):
        response = await {client.name}.get("/items", params={{"page": {number % 9}}})
        assert isinstance(response.json(), (list, dict))

    async def test_missing(self, {client.name}):
        response = await {client.name}.get("/items/-{number}")
        assert response.status_code in (404, 422)
'''
    return Block(text, ("pytest",))


# -- sync code that lives in async suites too ---------------------------------------------


def helper(number: int) -> Block:
    text = f'''def build_payload_{number}(name, count={number % 11 + 1}):
    payload = {{"name": name, "count": count, "tags": []}}
    for index in range(count):
        if index % 3 == 0:
            payload["tags"].append(f"tag-{{index}}")
    return payload
'''
    return Block(text, ())


def unit_test(number: int) -> Block:
    text = f'''def test_payload_shape_{number}():
    values = [value * {number % 7 + 1} for value in range(10) if value % 2]
    mapping = {{str(value): value for value in values}}
    assert sorted(mapping.values()) == values
    assert all(key.isdigit() for key in mapping)
'''
    return Block(text, ())


# -- loop-lifecycle mistakes, at MISTAKE_RATE --------------------------------------------


def mistake(rng: random.Random, number: int) -> Block:
    name = f"mistake_{number}"
    choices = (
        (f'''@pytest.fixture
async def {name}():
    return {{"token": "{number}"}}
''', ("pytest",)),
        (f'''async def test_{name}():
    await asyncio.sleep(0)
''', ("asyncio",)),
        ('''@pytest.fixture(scope="module")
def event_loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()
''', ("pytest", "asyncio")),
        (f'''@pytest.fixture
def {name}():
    return asyncio.run(asyncio.sleep(0, result={number}))
''', ("pytest", "asyncio")),
        (f'''@pytest.mark.asyncio
async def test_{name}():
    with TestClient(app) as client:
        assert client.get("/items/{number}").status_code == 200
''', ("pytest", "TestClient", "app")),
        (f'''@pytest_asyncio.fixture
async def {name}():
    async with httpx.AsyncClient(app=app, base_url="http://test") as client:
        yield client
''', ("pytest_asyncio", "httpx", "app")),
        (f'''@pytest_asyncio.fixture
async def {name}():
    engine = create_async_engine("postgresql+asyncpg://test@localhost/m{number}")
    yield engine
    engine.dispose()
''', ("pytest_asyncio", "create_async_engine")),
        (f'''@pytest_asyncio.fixture(scope="session")
async def {name}():
    yield {{"shared": {number}}}
''', ("pytest_asyncio",)),
        (f'''@pytest.mark.asyncio
async def test_{name}():
    try:
        await asyncio.sleep(0)
    except RuntimeError as error:
        if "Event loop is closed" not in str(error):
            raise
''', ("pytest", "asyncio")),
    )
    text, imports = rng.choice(choices)
    return Block(text, imports)


# -- sync suites (no async construct anywhere) -------------------------------------------


def sync_engine_fixture(name: str, number: int) -> Block:
    text = f'''@pytest.fixture(scope="session")
def {name}():
    engine = create_engine("sqlite:///test_{number}.db")
    yield engine
    engine.dispose()
'''
    return Block(text, ("pytest", "create_engine"), Fixture(name, "engine", None))


def sync_client_fixture(name: str) -> Block:
    text = f'''@pytest.fixture
def {name}():
    with TestClient(app) as client:
        yield client
'''
    return Block(text, ("pytest", "TestClient", "app"), Fixture(name, "client", None))


def sync_api_test(number: int, client: Fixture, data: Fixture) -> Block:
    text = f'''def test_read_item_{number}({client.name}, {data.name}):
    response = {client.name}.get("/items/{number}", params={{"limit": {data.name}["limit"]}})
    assert response.status_code == 200
    assert response.json()["id"] == {number}
'''
    return Block(text, ())


def sync_engine_test(number: int, engine: Fixture) -> Block:
    text = f'''def test_connect_{number}({engine.name}):
    with {engine.name}.connect() as connection:
        rows = connection.execute(text("SELECT {number} AS value"))
        assert [row.value for row in rows] == [{number}]
'''
    return Block(text, ("text",))


def sync_parametrized_test(number: int, data: Fixture) -> Block:
    text = f'''@pytest.mark.parametrize(("left", "right"), [({number}, 1), ({number + 2}, 3), (0, {number})])
def test_sums_{number}({data.name}, left, right):
    total = left + right + len({data.name}["roles"])
    assert total >= 2
    with contextlib.suppress(KeyError):
        assert {data.name}["missing"] is None
'''
    return Block(text, ("pytest", "contextlib"))


def sync_test_class(number: int, client: Fixture) -> Block:
    text = f'''class TestItems{number}:
    def test_create(self, {client.name}):
        response = {client.name}.post("/items", json={{"name": "item_{number}"}})
        assert response.status_code in (200, 201)

    def test_missing(self, {client.name}):
        assert {client.name}.get("/items/-{number}").status_code in (404, 422)
'''
    return Block(text, ())
