"""Fixtures for the runtime-evidence suite: throwaway PostgreSQL and Redis, and project runs cached per session.

A service that cannot be started skips the tests that need it, with the reason.  CI sets
``ASYNCLOOP_REQUIRE_SERVICES=1``, which turns those skips into errors: a green run there means the
evidence ran, not that it was skipped.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator

import pytest

from .cases import Evidence
from .harness import ProjectRun, run_project
from .postgres import PostgresServer, PostgresUnavailable, postgres_server
from .redis_server import RedisServer, RedisUnavailable, redis_server


REQUIRE_SERVICES = "ASYNCLOOP_REQUIRE_SERVICES"


def _service_or_skip(start, unavailable: type[Exception], name: str):
    """Run a throwaway service for the session; the tests that need it skip when it cannot be started,
    or fail when the environment requires the services."""
    stack = contextlib.ExitStack()
    try:
        server = stack.enter_context(start())
    except unavailable as exc:
        reason = f"{name} could not be started: {exc}"
        if os.environ.get(REQUIRE_SERVICES) == "1":
            pytest.fail(f"{reason} ({REQUIRE_SERVICES}=1)", pytrace=False)
        pytest.skip(reason)
    with stack:
        yield server


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    yield from _service_or_skip(postgres_server, PostgresUnavailable, "PostgreSQL")


@pytest.fixture(scope="session")
def redis() -> Iterator[RedisServer]:
    yield from _service_or_skip(redis_server, RedisUnavailable, "Redis")


@pytest.fixture(scope="session")
def _project_runs() -> dict[tuple[str, str], ProjectRun]:
    return {}


@pytest.fixture
def project_run(
    request: pytest.FixtureRequest, _project_runs: dict[tuple[str, str], ProjectRun]
) -> Callable[[Evidence, str], ProjectRun]:
    """Run a project once per session: the per-code tests and the README table share the result."""

    def run(evidence: Evidence, variant: str) -> ProjectRun:
        key = (evidence.code, variant)
        if key not in _project_runs:
            env: dict[str, str] = {}
            if evidence.needs_postgres:
                env.update(request.getfixturevalue("postgres").project_env())
            if evidence.needs_redis:
                env.update(request.getfixturevalue("redis").project_env())
            _project_runs[key] = run_project(evidence.project(variant), env or None)
        return _project_runs[key]

    return run
