"""Fixes proven at run time: every bad project whose code has a fix, fixed by ``flake8-asyncloop fix --write``,
passes under real pytest-asyncio, PostgreSQL and Redis, cleanly (the criterion the good twins meet), and
``flake8 --select ALP`` is silent on it.

The fix runs on a throwaway copy, with ``--unsafe-fixes`` where the code's fixes are unsafe; ALP011 is
fixed both ways (the mark on each test, or auto mode in the pytest config).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .cases import EVIDENCE, Evidence
from .harness import ProjectRun, flake8_findings, run_project
from .test_evidence import LEAK_WARNINGS

pytestmark = pytest.mark.evidence

SAFE = ("ALP010", "ALP011", "ALP202", "ALP203", "ALP302")
UNSAFE = ("ALP001", "ALP002", "ALP003", "ALP004", "ALP005", "ALP011", "ALP304")
RUNS = [(code, False) for code in SAFE] + [(code, True) for code in UNSAFE]


def fixed_copy(evidence: Evidence, destination: Path, unsafe: bool) -> Path:
    """The bad project copied to ``destination`` and fixed there, as a user would: the console command."""
    shutil.copytree(evidence.project("bad"), destination, ignore=shutil.ignore_patterns("__pycache__"))
    command = [sys.executable, "-m", "flake8_asyncloop.commands", "fix", "--write", "."]
    if unsafe:
        command.insert(-1, "--unsafe-fixes")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    result = subprocess.run(command, cwd=destination, env=env, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    return destination


def _trouble(run: ProjectRun) -> list[str]:
    outcomes = [f"{case.name}: {case.outcome}" for case in run.cases.values() if case.outcome != "passed"]
    entries = [entry.describe() for entry in run.record.entries
               if entry.channel in ("failure", "unraisable", "log") or entry.category in LEAK_WARNINGS]
    return outcomes + entries


@pytest.mark.parametrize(("code", "unsafe"), RUNS, ids=[code + ("-unsafe" if unsafe else "") for code, unsafe in RUNS])
def test_the_fixed_bad_project_passes_and_flake8_is_silent(code, unsafe, tmp_path, request):
    evidence = next(evidence for evidence in EVIDENCE if evidence.code == code)
    project = fixed_copy(evidence, tmp_path / "project", unsafe)
    env: dict[str, str] = {}
    if evidence.needs_postgres:
        env.update(request.getfixturevalue("postgres").project_env())
    if evidence.needs_redis:
        env.update(request.getfixturevalue("redis").project_env())
    run = run_project(project, env or None)
    assert run.cases, run.output
    assert run.exit_code == pytest.ExitCode.OK and not _trouble(run), "\n".join(_trouble(run)) or run.output
    assert flake8_findings(project) == set()


def test_every_code_with_a_fix_is_proven_here():
    from flake8_asyncloop.commands.fixes.engine import fixers

    assert sorted({code for code, _unsafe in RUNS}) == sorted(fixers())
