"""With ASYNCLOOP_REQUIRE_SERVICES=1 (as CI sets it) an evidence test whose service cannot start fails;
without it, it skips with the reason.  Fast: the services are fakes that fail at once, and the evidence
test runs in a pytest subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REQUIRE_SERVICES
from .harness import REPO_ROOT
from .postgres import BINDIR_VARIABLE
from .redis_server import BINARY_VARIABLE

FAILING_PROGRAM = "#!/bin/sh\necho \"$0: cannot start here\" >&2\nexit 1\n"


def _failing_program(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FAILING_PROGRAM)
    path.chmod(0o755)
    return path


def _broken_postgres(tmp_path: Path) -> dict[str, str]:
    bindir = tmp_path / "pg-bin"
    for program in ("initdb", "pg_ctl", "psql"):
        _failing_program(bindir / program)
    return {BINDIR_VARIABLE: str(bindir)}


def _broken_redis(tmp_path: Path) -> dict[str, str]:
    return {BINARY_VARIABLE: str(_failing_program(tmp_path / "redis-bin" / "redis-server"))}


SERVICES = {
    # service: (an evidence test that needs it, a fake environment where it cannot start, the reason's start)
    "PostgreSQL": ("test_bad_project_fails_with_the_documented_symptom[ALP003]", _broken_postgres, "initdb failed"),
    "Redis": ("test_bad_project_fails_with_the_documented_symptom[ALP203]", _broken_redis, "redis-server exited"),
}


def _run_evidence_test(test: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    environment.pop(REQUIRE_SERVICES, None)
    environment.update(env)
    command = [
        sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-rsE", "-q",
        f"tests/evidence/test_evidence.py::{test}",
    ]
    return subprocess.run(command, cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_that_cannot_start_fails_the_evidence_when_services_are_required(service, tmp_path) -> None:
    test, broken, reason = SERVICES[service]
    result = _run_evidence_test(test, {**broken(tmp_path), REQUIRE_SERVICES: "1"})
    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, output
    assert "skipped" not in output, output
    assert f"{service} could not be started: {reason}" in output, output


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_that_cannot_start_skips_the_evidence_with_the_reason(service, tmp_path) -> None:
    test, broken, reason = SERVICES[service]
    result = _run_evidence_test(test, broken(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.OK, output
    assert "1 skipped" in output, output
    assert f"{service} could not be started: {reason}" in output, output
