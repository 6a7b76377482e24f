"""The async-resource catalogue: which calls make loop-bound objects and how each is closed.

One row (``Factory``) per way of making a resource, named the way ``ctx.qualname()``
returns it.  Rows share a ``Kind``: the class the value is (for annotations) and its
close protocol.  Close protocols were read from the libraries' sources:

==========================  ==========================================================
SQLAlchemy 2.1.9            AsyncEngine: ``await dispose()``; AsyncConnection and
                            AsyncSession: ``await close()`` (``aclose()`` since 2.0.20)
asyncpg 0.32.0              Connection/Pool: ``await close()`` (``terminate()`` sync)
psycopg 3.3.4, pool 3.3.1   AsyncConnection/AsyncConnectionPool: ``await close()``; the
                            pool opens in its constructor (needs a running loop)
                            unless ``open=False``
redis 8.1.0                 redis.asyncio Redis: ``await aclose()``; ``close()`` is a
                            deprecated alias since 5.0.1; no ``wait_closed()``.
                            ConnectionPool: ``await aclose()`` / ``await disconnect()``
aioredis 1.3.1              create_redis(_pool)/create_pool/create_connection:
                            ``close()`` is sync, then ``await wait_closed()``
aioredis 2.0.1              Redis: ``await close()``; ConnectionPool:
                            ``await disconnect()``; no ``wait_closed()``
httpx 0.28.1, httpx2        AsyncClient: ``await aclose()`` (no ``close()``)
aiohttp 3.14.3              ClientSession: ``await close()``; binds to the running loop
                            in ``__init__`` (``asyncio.get_running_loop()``)
databases 0.9.0             Database: ``await disconnect()``
motor 3.7.1                 AsyncIOMotorClient: ``close()`` is sync (delegated to PyMongo)
aiopg 1.4.0                 Pool and sa Engine: ``close()`` sync, then
                            ``await wait_closed()``; Connection: ``close()`` closes at
                            once and returns a finished future (await optional)
aiomysql 0.2.0 / 0.3.2      Pool and sa Engine: ``close()`` sync, then
                            ``await wait_closed()``; Connection: ``close()`` sync or
                            ``await ensure_closed()``
asyncio (3.10+)             Lock/Event/Condition/Semaphore/Queue…: nothing to close;
                            bound to a loop on first use
==========================  ==========================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

CALL, MAKER, METHOD = "call", "maker", "method"

# Method names a close protocol may use; the rules' gate words are built from it, so a
# project's own factories (the option) are limited to these names.
CLOSE_VOCABULARY = ("aclose", "close", "dispose", "disconnect", "wait_closed", "ensure_closed",
                    "terminate", "shutdown", "stop")


@dataclass(frozen=True)
class Close:
    """One method that releases a resource; ``awaited`` None: depends on the library version."""

    method: str
    awaited: bool | None


@dataclass(frozen=True)
class Kind:
    """What a resource is and how it is closed."""

    name: str
    types: tuple[str, ...] = ()  # its classes, recognised in annotations
    closes: tuple[Close, ...] = ()  # any one of them releases it; empty: nothing to close
    wait_after_close: bool = False  # close() is sync and must be followed by await wait_closed()
    deprecated: tuple[tuple[str, str, str], ...] = ()  # (old method, its replacement, since when)
    missing: tuple[str, ...] = ()  # close-like methods people call that do not exist
    binds_on: tuple[str, ...] = ()  # only these methods bind it to a loop; empty: any use
    loop_free: bool = False  # a sync factory of resources (an aioboto3 Session), bound to no loop itself

    def close(self, method: str) -> Close | None:
        return next((close for close in self.closes if close.method == method), None)

    def replacement(self, method: str) -> tuple[str, str] | None:
        """(new method, since when) when ``method`` is a deprecated way to close it."""
        return next(((new, since) for old, new, since in self.deprecated if old == method), None)

    def hint(self, receiver: str) -> str:
        """The statement that closes it, for messages."""
        if self.wait_after_close:
            return f"{receiver}.close(); await {receiver}.wait_closed()"
        first = self.closes[0] if self.closes else None
        if first is None:
            return "create it per test"
        return f"{'await ' if first.awaited else ''}{receiver}.{first.method}()"


@dataclass(frozen=True)
class Keyword:
    """An argument by keyword (or position) whose value, a qualified name or a literal, matters."""

    name: str
    values: tuple[str, ...]
    position: int | None = None


@dataclass(frozen=True)
class Factory:
    """One row: a call that makes a resource of ``kind``.

    ``how``: CALL ``name(...)``; MAKER ``name(...)()`` (the made factory is called);
    METHOD ``<receiver>.name()`` on a resource of kind ``receiver``.
    """

    name: str
    kind: Kind
    label: str
    how: str = CALL
    receiver: Kind | None = None
    needs: Keyword | None = None  # MAKER: the factory makes this kind only with this argument
    unbound_when: tuple[Keyword, ...] = ()  # e.g. poolclass=NullPool: nothing outlives a loop
    binds_at_construction: bool = False
    lazy_when: Keyword | None = None  # binds at construction unless this argument is given


def _awaited(*methods: str) -> tuple[Close, ...]:
    return tuple(Close(method, True) for method in methods)


_NULL_POOL = Keyword("poolclass", ("sqlalchemy.pool.NullPool",))
_ASGI_TRANSPORT = ("httpx.ASGITransport", "httpx2.ASGITransport")
_REQUESTS = ("get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream")
_ASYNCIO_PRIMITIVES = ("Lock", "Event", "Condition", "Semaphore", "BoundedSemaphore", "Barrier",
                       "Queue", "PriorityQueue", "LifoQueue")

ENGINE = Kind("SQLAlchemy AsyncEngine", ("sqlalchemy.ext.asyncio.AsyncEngine",), _awaited("dispose"))
CONNECTION = Kind("SQLAlchemy AsyncConnection", ("sqlalchemy.ext.asyncio.AsyncConnection",),
                  _awaited("close", "aclose"))
SESSION = Kind("SQLAlchemy AsyncSession",
               ("sqlalchemy.ext.asyncio.AsyncSession", "sqlmodel.ext.asyncio.session.AsyncSession"),
               _awaited("close", "aclose"))
ASYNCPG_CONNECTION = Kind("asyncpg Connection", ("asyncpg.Connection",),
                          (Close("close", True), Close("terminate", False)))
ASYNCPG_POOL = Kind("asyncpg Pool", ("asyncpg.Pool",), (Close("close", True), Close("terminate", False)))
PSYCOPG_CONNECTION = Kind("psycopg AsyncConnection", ("psycopg.AsyncConnection",), _awaited("close"))
PSYCOPG_POOL = Kind("psycopg_pool AsyncConnectionPool", ("psycopg_pool.AsyncConnectionPool",),
                    _awaited("close"))
REDIS = Kind("redis.asyncio Redis", ("redis.asyncio.Redis", "redis.asyncio.StrictRedis"),
             _awaited("aclose", "close"), deprecated=(("close", "aclose", "redis-py 5.0.1"),),
             missing=("wait_closed",))
REDIS_POOL = Kind("redis.asyncio ConnectionPool", ("redis.asyncio.ConnectionPool",),
                  _awaited("aclose", "disconnect"), missing=("wait_closed",))
AIOREDIS = Kind("aioredis Redis (1.x or 2.x)", ("aioredis.Redis",),
                (Close("close", None), Close("wait_closed", True)))
AIOREDIS2 = Kind("aioredis 2 Redis", (), _awaited("close"), missing=("wait_closed",))
AIOREDIS2_POOL = Kind("aioredis 2 ConnectionPool", ("aioredis.ConnectionPool",), _awaited("disconnect"))
AIOREDIS1 = Kind("aioredis 1 pool or connection", ("aioredis.ConnectionsPool", "aioredis.RedisConnection"),
                 (Close("close", False), Close("wait_closed", True)), wait_after_close=True)
HTTPX = Kind("httpx AsyncClient", ("httpx.AsyncClient", "httpx2.AsyncClient"), _awaited("aclose"),
             missing=("close",), binds_on=_REQUESTS)
AIOHTTP = Kind("aiohttp ClientSession", ("aiohttp.ClientSession",), _awaited("close"))
DATABASES = Kind("databases Database", ("databases.Database",), _awaited("disconnect"))
MOTOR = Kind("Motor client", ("motor.motor_asyncio.AsyncIOMotorClient",), (Close("close", False),))
AIOPG_CONNECTION = Kind("aiopg Connection", ("aiopg.Connection",), (Close("close", None),))
AIOPG_POOL = Kind("aiopg pool or engine", ("aiopg.Pool", "aiopg.sa.Engine"),
                  (Close("close", False), Close("wait_closed", True)), wait_after_close=True)
AIOMYSQL_CONNECTION = Kind("aiomysql Connection", ("aiomysql.Connection",),
                           (Close("close", False), Close("ensure_closed", True)))
AIOMYSQL_POOL = Kind("aiomysql pool or engine", ("aiomysql.Pool", "aiomysql.sa.Engine"),
                     (Close("close", False), Close("wait_closed", True)), wait_after_close=True)
PRIMITIVE = Kind("asyncio primitive", tuple(f"asyncio.{name}" for name in _ASYNCIO_PRIMITIVES))
AIOBOTO3_SESSION = Kind("aioboto3 Session", ("aioboto3.Session", "aioboto3.session.Session"), loop_free=True)
AIOBOTOCORE_SESSION = Kind("aiobotocore session", ("aiobotocore.session.AioSession",), loop_free=True)
AIOBOTOCORE_CLIENT = Kind("aiobotocore client (an aiohttp session inside)", (), _awaited("close"))
STREAMS = Kind("asyncio streams", ("asyncio.StreamReader", "asyncio.StreamWriter", "asyncio.streams.StreamReader",
                                   "asyncio.streams.StreamWriter"))
# Running work on the loop that made it: it only progresses while that loop runs.
TASK = Kind("asyncio task", ("asyncio.Task",))
SERVER = Kind("asyncio server", ("asyncio.Server", "asyncio.base_events.Server"), _awaited("wait_closed"))

FACTORIES: tuple[Factory, ...] = (
    Factory("sqlalchemy.ext.asyncio.create_async_engine", ENGINE, "create_async_engine()",
            unbound_when=(_NULL_POOL,)),
    Factory("sqlalchemy.ext.asyncio.AsyncEngine", ENGINE, "AsyncEngine()", unbound_when=(_NULL_POOL,)),
    Factory("sqlalchemy.ext.asyncio.AsyncSession", SESSION, "AsyncSession()"),
    Factory("sqlmodel.ext.asyncio.session.AsyncSession", SESSION, "sqlmodel AsyncSession()"),
    Factory("sqlalchemy.ext.asyncio.async_sessionmaker", SESSION, "async_sessionmaker()()", how=MAKER),
    Factory("sqlalchemy.orm.sessionmaker", SESSION, "sessionmaker(class_=AsyncSession)()", how=MAKER,
            needs=Keyword("class_", SESSION.types, position=1)),
    Factory("connect", CONNECTION, "AsyncEngine.connect()", how=METHOD, receiver=ENGINE),
    Factory("begin", CONNECTION, "AsyncEngine.begin()", how=METHOD, receiver=ENGINE),
    Factory("asyncpg.connect", ASYNCPG_CONNECTION, "asyncpg.connect()"),
    Factory("asyncpg.create_pool", ASYNCPG_POOL, "asyncpg.create_pool()"),
    Factory("psycopg.AsyncConnection.connect", PSYCOPG_CONNECTION, "psycopg.AsyncConnection.connect()"),
    Factory("psycopg_pool.AsyncConnectionPool", PSYCOPG_POOL, "AsyncConnectionPool()",
            binds_at_construction=True, lazy_when=Keyword("open", ("False",))),
    Factory("redis.asyncio.Redis", REDIS, "redis.asyncio.Redis()"),
    Factory("redis.asyncio.from_url", REDIS, "redis.asyncio.from_url()"),
    Factory("redis.asyncio.Redis.from_url", REDIS, "redis.asyncio.Redis.from_url()"),
    Factory("redis.asyncio.ConnectionPool", REDIS_POOL, "redis.asyncio.ConnectionPool()"),
    Factory("aioredis.Redis", AIOREDIS, "aioredis.Redis()"),
    Factory("aioredis.from_url", AIOREDIS2, "aioredis.from_url()"),
    Factory("aioredis.ConnectionPool", AIOREDIS2_POOL, "aioredis.ConnectionPool()"),
    Factory("aioredis.create_redis_pool", AIOREDIS1, "aioredis.create_redis_pool()"),
    Factory("aioredis.create_redis", AIOREDIS1, "aioredis.create_redis()"),
    Factory("aioredis.create_pool", AIOREDIS1, "aioredis.create_pool()"),
    Factory("aioredis.create_connection", AIOREDIS1, "aioredis.create_connection()"),
    Factory("httpx.AsyncClient", HTTPX, "httpx.AsyncClient()",
            unbound_when=(Keyword("transport", _ASGI_TRANSPORT),)),
    Factory("httpx2.AsyncClient", HTTPX, "httpx2.AsyncClient()",
            unbound_when=(Keyword("transport", _ASGI_TRANSPORT),)),
    Factory("aiohttp.ClientSession", AIOHTTP, "aiohttp.ClientSession()", binds_at_construction=True),
    Factory("databases.Database", DATABASES, "databases.Database()"),
    Factory("motor.motor_asyncio.AsyncIOMotorClient", MOTOR, "AsyncIOMotorClient()"),
    Factory("aiopg.connect", AIOPG_CONNECTION, "aiopg.connect()"),
    Factory("aiopg.create_pool", AIOPG_POOL, "aiopg.create_pool()"),
    Factory("aiopg.sa.create_engine", AIOPG_POOL, "aiopg.sa.create_engine()"),
    Factory("aiomysql.connect", AIOMYSQL_CONNECTION, "aiomysql.connect()"),
    Factory("aiomysql.create_pool", AIOMYSQL_POOL, "aiomysql.create_pool()"),
    Factory("aiomysql.sa.create_engine", AIOMYSQL_POOL, "aiomysql.sa.create_engine()"),
    *(Factory(f"asyncio.{name}", PRIMITIVE, f"asyncio.{name}()") for name in _ASYNCIO_PRIMITIVES),
    Factory("asyncio.create_task", TASK, "asyncio.create_task()"),
    Factory("asyncio.ensure_future", TASK, "asyncio.ensure_future()"),
    Factory("asyncio.start_server", SERVER, "asyncio.start_server()"),
    Factory("asyncio.open_connection", STREAMS, "asyncio.open_connection()"),
    Factory("acquire", ASYNCPG_CONNECTION, "Pool.acquire()", how=METHOD, receiver=ASYNCPG_POOL),
    Factory("aioboto3.Session", AIOBOTO3_SESSION, "aioboto3.Session()"),
    Factory("aiobotocore.session.get_session", AIOBOTOCORE_SESSION, "aiobotocore.session.get_session()"),
    Factory("client", AIOBOTOCORE_CLIENT, "aioboto3 Session.client()", how=METHOD, receiver=AIOBOTO3_SESSION),
    Factory("resource", AIOBOTOCORE_CLIENT, "aioboto3 Session.resource()", how=METHOD, receiver=AIOBOTO3_SESSION),
    Factory("create_client", AIOBOTOCORE_CLIENT, "AioSession.create_client()", how=METHOD,
            receiver=AIOBOTOCORE_SESSION),
)

# Calls whose result is plain data or a sync object, never bound to a loop: the standard library's
# data and I/O helpers, mocks, settings and validation libraries, sync database and HTTP clients.
DATA_MODULES = frozenset({
    "builtins", "os", "sys", "pathlib", "json", "re", "datetime", "time", "uuid", "typing", "dataclasses",
    "collections", "itertools", "types", "tempfile", "logging", "random", "string", "decimal", "enum",
    "secrets", "hashlib", "base64", "urllib", "copy", "textwrap", "io", "shutil", "subprocess", "socket",
    "unittest", "pydantic", "pydantic_settings", "yaml", "toml", "tomllib", "faker", "factory", "freezegun",
    "jwt", "passlib", "bcrypt", "click", "typer", "jinja2", "attr", "attrs", "marshmallow",
})
DATA_CALLS = frozenset({
    "sqlalchemy.create_engine", "sqlalchemy.engine.create_engine", "sqlalchemy.orm.Session",
    "sqlalchemy.text", "sqlalchemy.select", "sqlalchemy.MetaData", "sqlalchemy.engine.url.make_url",
    "sqlalchemy.engine.make_url", "sqlalchemy.make_url", "httpx.Client", "httpx.ASGITransport",
    "httpx.WSGITransport", "httpx2.ASGITransport", "httpx.URL", "httpx.Headers", "httpx.Timeout",
    "starlette.testclient.TestClient", "fastapi.FastAPI", "fastapi.APIRouter", "starlette.applications.Starlette",
    "starlette.routing.Router", "asgi_lifespan.LifespanManager", "functools.partial",
})


@dataclass(frozen=True)
class Catalogue:
    """The table indexed the way the rules look things up."""

    calls: dict[str, Factory]
    makers: dict[str, Factory]
    methods: dict[tuple[Kind, str], Factory]
    types: dict[str, Kind]


@lru_cache(maxsize=8)
def catalogue(extra: tuple[Factory, ...] = ()) -> Catalogue:
    """The built-in table plus a project's own factories (``asyncloop-resource-factories``)."""
    rows = (*FACTORIES, *extra)
    return Catalogue(
        calls={row.name: row for row in rows if row.how == CALL},
        makers={row.name: row for row in rows if row.how == MAKER},
        methods={(row.receiver, row.name): row for row in rows if row.how == METHOD},
        types={name: row.kind for row in rows for name in row.kind.types},
    )


_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")


def parse_factory(spec: str) -> Factory:
    """``pkg.module.make:METHOD[:sync]`` → a row whose value is closed by ``await x.METHOD()``.

    ``:sync`` marks a close method that is not a coroutine; a bare ``pkg.module.make``
    makes a loop-bound value with nothing to close.  Raises ValueError on bad input.
    """
    name, *close = spec.strip().split(":")
    if not _DOTTED.match(name):
        raise ValueError(f"{spec!r}: expected a dotted name such as myapp.db.make_engine")
    if len(close) > 2 or (len(close) == 2 and close[1] != "sync"):
        raise ValueError(f"{spec!r}: expected FACTORY[:METHOD[:sync]]")
    if close and close[0] not in CLOSE_VOCABULARY:
        raise ValueError(f"{spec!r}: the close method must be one of {', '.join(CLOSE_VOCABULARY)}")
    closes = (Close(close[0], len(close) == 1),) if close else ()
    return Factory(name, Kind(f"{name}()", closes=closes), f"{name}()")
