"""Dotted names of expressions, through the file's imports and aliases, never by importing anything.

``import pytest_asyncio as pa`` makes ``pa.fixture`` resolve to ``pytest_asyncio.fixture``;
``from starlette.testclient import TestClient as TC`` makes ``TC`` resolve to
``starlette.testclient.TestClient``; ``fixture = pytest.fixture`` is followed as an alias.  A
name that does not lead to an import (a parameter, a local value, a function defined here)
resolves to ``None``, and rules stay silent on it.
"""

from __future__ import annotations

import ast
import builtins

from .tree import SyntaxTree

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
    "aioboto3.session.Session": "aioboto3.Session",
    "unittest.case": "unittest",
}


BUILTIN_NAMES = frozenset(dir(builtins))
_MAX_ALIAS_DEPTH = 8


def _prefixes_by_package() -> dict[str, tuple[tuple[str, str], ...]]:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for prefix, replacement in CANONICAL_PREFIXES.items():
        grouped.setdefault(prefix.split(".", 1)[0], []).append((prefix, replacement))
    return {package: tuple(pairs) for package, pairs in grouped.items()}


_PREFIXES_BY_PACKAGE = _prefixes_by_package()  # every dotted name is mapped; most share no package with a prefix


def canonical(qualname: str) -> str:
    """Map a re-exported path to the one name rules compare against."""
    for prefix, replacement in _PREFIXES_BY_PACKAGE.get(qualname.split(".", 1)[0], ()):
        if qualname == prefix or qualname.startswith(prefix + "."):
            return replacement + qualname[len(prefix):]
    return qualname


def absolute_module(import_from: ast.ImportFrom, package: str | None) -> str | None:
    """The absolute module of ``from <module> import ...`` (relative forms need the file's package)."""
    level = import_from.level or 0
    if level == 0:
        return import_from.module
    if package is None:
        return None
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    if import_from.module:
        base.append(import_from.module)
    return ".".join(base) or None


class NameResolver:
    """Resolves expressions of one file to dotted names, caching per node."""

    def __init__(self, tree: SyntaxTree, package: str | None) -> None:
        self._tree = tree
        self._package = package  # dotted package of the file, for relative imports; None when unknown
        self._cache: dict[int, str | None] = {}

    def qualname(self, node: ast.AST | None) -> str | None:
        """Dotted name of a Name/Attribute expression, or None if it does not lead to an import."""
        if node is None:
            return None
        key = id(node)
        if key not in self._cache:
            self._cache[key] = self._resolve(node, 0)
        return self._cache[key]

    def call_name(self, node: ast.AST | None) -> str | None:
        """Dotted name of the callee when ``node`` is a call, else None."""
        return self.qualname(node.func) if isinstance(node, ast.Call) else None

    def imported_from(self, alias: ast.alias) -> str | None:
        """The dotted name an import alias binds (``from a import b`` → ``a.b``; ``import a.b`` → ``a``)."""
        statement = self._tree.parent(alias)
        if isinstance(statement, ast.Import):
            return canonical(alias.name) if alias.asname else alias.name.split(".")[0]
        if isinstance(statement, ast.ImportFrom):
            module = absolute_module(statement, self._package)
            return canonical(f"{module}.{alias.name}") if module else None
        return None

    def _resolve(self, node: ast.AST, depth: int) -> str | None:
        if depth > _MAX_ALIAS_DEPTH:
            return None
        if isinstance(node, ast.Attribute):
            base = self._resolve(node.value, depth + 1)
            return canonical(f"{base}.{node.attr}") if base else None
        if isinstance(node, ast.Name):
            return self._resolve_name(node, depth)
        return None

    def _resolve_name(self, node: ast.Name, depth: int) -> str | None:
        _scope, bindings = self._tree.lookup(node)
        if not bindings:
            return f"builtins.{node.id}" if node.id in BUILTIN_NAMES else None
        results = {self._from_binding(binding, depth) for binding in bindings}
        return results.pop() if len(results) == 1 else None

    def _from_binding(self, binding: ast.AST, depth: int) -> str | None:
        if isinstance(binding, ast.alias):
            return self.imported_from(binding)
        if isinstance(binding, ast.Name):
            # ``fixture = pytest.fixture``: a plain alias of another name, its only target.
            assign = self._tree.parent(binding)
            if isinstance(assign, ast.Assign) and assign.targets == [binding] or (
                isinstance(assign, ast.AnnAssign) and assign.target is binding and assign.value is not None
            ):
                if isinstance(assign.value, (ast.Name, ast.Attribute)):
                    return self._resolve(assign.value, depth + 1)
        return None
