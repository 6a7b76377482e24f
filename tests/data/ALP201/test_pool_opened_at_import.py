"""psycopg_pool opens its pool in the constructor unless open=False (ALP201).

Opening needs a running loop, so a module-level pool fails at import or binds to a
loop no test runs on; it is reported even without coroutine users (this file has
none, which also checks the rule's gate words).  A pool made with open=False and an
open flag we cannot read stay silent.
"""
from psycopg_pool import AsyncConnectionPool

from .settings import POOL_CLASS

pool = AsyncConnectionPool("postgresql://db")  # ALP201:8
deferred = AsyncConnectionPool("postgresql://db", open=False)
configured = AsyncConnectionPool("postgresql://db", open=bool(POOL_CLASS))


def test_pool_name():
    assert pool.name and deferred.name and configured.name
