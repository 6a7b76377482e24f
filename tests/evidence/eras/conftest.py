"""Fixtures for the era evidence: the era environments (built once, in parallel) and runs cached per session."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .catalogue import ERAS
from .runner import EraRun, run_in_era
from .venvs import Era, EraUnavailable, ensure_environment, skip_or_fail

BUILD_WORKERS = 4  # builds wait on the index more than on the CPU; 4 at once halves a cold start on 2 cores


def _build(era: Era) -> Path | EraUnavailable:
    try:
        return ensure_environment(era)
    except EraUnavailable as exc:
        return exc


@pytest.fixture(scope="session")
def era_environments() -> Mapping[Era, Path | EraUnavailable]:
    """Every era's interpreter, or why it could not be built; all are built at once on first use."""
    with ThreadPoolExecutor(BUILD_WORKERS) as pool:
        return dict(zip(ERAS, pool.map(_build, ERAS)))


@pytest.fixture(scope="session")
def era_python(era_environments) -> Callable[[Era], Path]:
    """The era's interpreter; a test whose era could not be built skips, or fails where CI requires services."""

    def python(era: Era) -> Path:
        built = era_environments[era]
        if isinstance(built, EraUnavailable):
            skip_or_fail(f"the {era.name} environment could not be built: {built}")
        return built

    return python


@pytest.fixture(scope="session")
def _era_runs() -> dict[tuple, EraRun]:
    return {}


@pytest.fixture
def era_run(request: pytest.FixtureRequest, era_python, _era_runs) -> Callable[..., EraRun]:
    """Run a project in an era once per session; the tests asserting different facts about it share the run.

    ``services`` names the evidence suite's own fixtures (``postgres``, ``redis``) whose settings the project
    reads from its environment; ``env`` adds variables of the run's own.
    """

    def run(
        project_dir: Path, era: Era, services: tuple[str, ...] = (), env: Mapping[str, str] | None = None
    ) -> EraRun:
        key = (project_dir, era, tuple(sorted((env or {}).items())))
        if key not in _era_runs:
            run_env = dict(env or {})
            for service in services:
                run_env.update(request.getfixturevalue(service).project_env())
            result = run_in_era(era_python(era), project_dir, run_env)
            ran = {name: version for name, version in result.versions.items() if name in era.versions}
            assert ran == {name: era.versions[name] for name in ran}, f"{era.name} ran {result.versions}"
            _era_runs[key] = result
        return _era_runs[key]

    return run
