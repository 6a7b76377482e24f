"""Qualified names through imports and aliases, by astroid lookup only.

``import pytest_asyncio as pa`` makes ``pa.fixture`` resolve to
``pytest_asyncio.fixture``; ``from starlette.testclient import TestClient as TC``
makes ``TC`` resolve to ``starlette.testclient.TestClient``.  We never infer into
the imported modules: that would be slow and would make verdicts depend on what
is installed.  A name that does not lead to an import (a parameter, a local value,
a function defined here) resolves to ``None`` and rules stay silent on it.
"""

from __future__ import annotations

import builtins

from astroid import nodes

# Public names re-exported under a second path; the right side is the one rules use.
CANONICAL_PREFIXES: dict[str, str] = {
    "_pytest.fixtures.fixture": "pytest.fixture",
    "_pytest.mark": "pytest.mark",
    "pytest_asyncio.plugin.fixture": "pytest_asyncio.fixture",
    "fastapi.testclient.TestClient": "starlette.testclient.TestClient",
    "fastapi.applications.FastAPI": "fastapi.FastAPI",
    "fastapi.routing.APIRouter": "fastapi.APIRouter",
    "httpx._client": "httpx",
    "httpx._transports.asgi": "httpx",
    "httpx2._client": "httpx2",
    "httpx2._transports.asgi": "httpx2",
    "asgi_lifespan._manager": "asgi_lifespan",
    "_pytest.warning_types": "pytest",
    "sqlalchemy.orm.session.sessionmaker": "sqlalchemy.orm.sessionmaker",
    "asyncpg.connection.connect": "asyncpg.connect",
    "asyncpg.connection.Connection": "asyncpg.Connection",
    "asyncpg.pool": "asyncpg",
    "psycopg.connection_async": "psycopg",
    "psycopg_pool.pool_async": "psycopg_pool",
    "redis.asyncio.client": "redis.asyncio",
    "redis.asyncio.connection": "redis.asyncio",
    "redis.asyncio.utils": "redis.asyncio",
    "aioredis.client": "aioredis",
    "aioredis.commands": "aioredis",
    "aioredis.connection": "aioredis",
    "aioredis.pool": "aioredis",
    "aioredis.utils": "aioredis",
    "aiohttp.client": "aiohttp",
    "databases.core": "databases",
    "aiopg.connection": "aiopg",
    "aiopg.pool": "aiopg",
    "aiopg.sa.engine": "aiopg.sa",
    "aiomysql.connection": "aiomysql",
    "aiomysql.pool": "aiomysql",
    "aiomysql.sa.engine": "aiomysql.sa",
    "sqlalchemy.ext.asyncio.engine": "sqlalchemy.ext.asyncio",
    "sqlalchemy.ext.asyncio.session": "sqlalchemy.ext.asyncio",
    "sqlalchemy.NullPool": "sqlalchemy.pool.NullPool",
    "sqlalchemy.pool.impl.NullPool": "sqlalchemy.pool.NullPool",
    "asyncio.events": "asyncio",
    "asyncio.runners": "asyncio",
    "asyncio.locks": "asyncio",
    "asyncio.queues": "asyncio",
    "asyncio.tasks": "asyncio",
    "asyncio.base_events.BaseEventLoop": "asyncio.AbstractEventLoop",
    "asyncio.events.AbstractEventLoop": "asyncio.AbstractEventLoop",
    "unittest.async_case": "unittest",
    "unittest.case": "unittest",
}

_BUILTIN_NAMES = frozenset(dir(builtins))
_MAX_ALIAS_DEPTH = 8


def canonical(qualname: str) -> str:
    """Map a re-exported path to the one name rules compare against."""
    for prefix, replacement in CANONICAL_PREFIXES.items():
        if qualname == prefix or qualname.startswith(prefix + "."):
            return replacement + qualname[len(prefix):]
    return qualname


def lookup(node: nodes.Name | nodes.AssignName) -> tuple[nodes.NodeNG | None, list[nodes.NodeNG]]:
    """astroid's ``lookup`` for names bound in this file; ``(None, [])`` when unbound or unreadable.

    A name no enclosing scope binds is a builtin or undefined: answering that ourselves keeps astroid
    from building its builtins module (a quarter of a second, once per process).
    """
    scope = node.scope()
    while scope is not None and node.name not in scope.locals:
        scope = scope.parent.scope() if scope.parent is not None else None
    if scope is None:
        return None, []
    try:
        found_in, statements = node.lookup(node.name)
    except Exception:  # astroid raises assorted errors on odd scopes: unknown is silent
        return None, []
    if isinstance(found_in, nodes.Module) and found_in.name == "builtins":
        return None, []
    return found_in, statements


class NameResolver:
    """Resolves expressions of one module to dotted names, caching per node."""

    def __init__(self, package: str | None) -> None:
        # Dotted package of the module (for relative imports); None when unknown.
        self._package = package
        self._cache: dict[int, str | None] = {}

    def qualname(self, node: nodes.NodeNG | None) -> str | None:
        """Dotted name of a Name/Attribute expression, or None if it is not an import."""
        if node is None:
            return None
        key = id(node)
        if key not in self._cache:
            self._cache[key] = self._resolve(node, 0)
        return self._cache[key]

    def call_name(self, node: nodes.NodeNG | None) -> str | None:
        """Dotted name of the callee when ``node`` is a call, else None."""
        if isinstance(node, nodes.Call):
            return self.qualname(node.func)
        return None

    def _resolve(self, node: nodes.NodeNG, depth: int) -> str | None:
        if depth > _MAX_ALIAS_DEPTH:
            return None
        if isinstance(node, nodes.Attribute):
            base = self._resolve(node.expr, depth + 1)
            return canonical(f"{base}.{node.attrname}") if base else None
        if isinstance(node, nodes.Name):
            return self._resolve_name(node, depth)
        return None

    def _resolve_name(self, node: nodes.Name, depth: int) -> str | None:
        _scope, statements = lookup(node)
        if not statements:
            return f"builtins.{node.name}" if node.name in _BUILTIN_NAMES else None
        results = {self._from_binding(statement, node.name, depth) for statement in statements}
        if len(results) != 1:
            return None
        return results.pop()

    def _from_binding(self, binding: nodes.NodeNG, name: str, depth: int) -> str | None:
        if isinstance(binding, nodes.Import):
            for imported, alias in binding.names:
                if alias == name:
                    return canonical(imported)
                if alias is None and imported.split(".")[0] == name:
                    return name
            return None
        if isinstance(binding, nodes.ImportFrom):
            for imported, alias in binding.names:
                if (alias or imported) == name:
                    module = self._absolute_module(binding)
                    return canonical(f"{module}.{imported}") if module else None
            return None
        if isinstance(binding, nodes.AssignName):
            # ``fixture = pytest.fixture``: a plain alias of another name.
            assign = binding.parent
            if isinstance(assign, (nodes.Assign, nodes.AnnAssign)) and isinstance(
                assign.value, (nodes.Name, nodes.Attribute)
            ):
                if isinstance(assign, nodes.Assign) and assign.targets != [binding]:
                    return None
                return self._resolve(assign.value, depth + 1)
        return None

    def _absolute_module(self, import_from: nodes.ImportFrom) -> str | None:
        level = import_from.level or 0
        if level == 0:
            return import_from.modname
        if self._package is None:
            return None
        parts = self._package.split(".") if self._package else []
        if level - 1 > len(parts):
            return None
        base = parts[: len(parts) - (level - 1)]
        if import_from.modname:
            base.append(import_from.modname)
        return ".".join(base) or None
