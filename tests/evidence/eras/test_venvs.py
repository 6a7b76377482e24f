"""The era environments: keyed by pins and interpreter, built once even by runs racing each other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ..harness import REPO_ROOT
from .catalogue import BASELINE_2023, ERAS
from .venvs import COMPLETE_MARKER, Era, EraUnavailable, ensure_environment, environment_dir, skip_or_fail

pytestmark = pytest.mark.evidence

# One small wheel without dependencies: enough to exercise building, locking and checking an environment.
TINY_ERA = Era("tiny", frozenset({"iniconfig==2.3.1"}))


def test_each_era_has_its_own_environment() -> None:
    assert len({environment_dir(era) for era in ERAS}) == len(ERAS)


def test_an_era_with_another_pin_gets_another_environment() -> None:
    moved = BASELINE_2023.replacing(BASELINE_2023.name, "redis==4.6.1")
    assert moved.versions == {**BASELINE_2023.versions, "redis": "4.6.1"}
    assert environment_dir(moved) != environment_dir(BASELINE_2023)
    assert environment_dir(BASELINE_2023.replacing(BASELINE_2023.name)) == environment_dir(BASELINE_2023)


def test_two_runs_building_one_era_at_once_build_it_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second run waits on the lock and finds the first one's environment; a half-built one is replaced."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from tests.evidence.eras.test_venvs import TINY_ERA;"
        "from tests.evidence.eras.venvs import COMPLETE_MARKER, ensure_environment;"
        "python = ensure_environment(TINY_ERA);"
        "print(python, (python.parent.parent / COMPLETE_MARKER).stat().st_mtime_ns)"
    )
    half_built = environment_dir(TINY_ERA)
    half_built.mkdir(parents=True)
    (half_built / "left-by-an-interrupted-build").touch()
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(REPO_ROOT)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]
    results = [racer.communicate(timeout=600) for racer in racers]
    if any(racer.returncode for racer in racers):
        errors = "\n".join(stderr for _, stderr in results)
        if "EraUnavailable" not in errors:
            pytest.fail(errors)
        skip_or_fail(f"the tiny era could not be built: {errors[-1000:]}")
    first, second = (stdout.strip() for stdout, _ in results)
    assert first == second  # same interpreter, same completion marker: built once
    assert (half_built / COMPLETE_MARKER).is_file()
    assert not (half_built / "left-by-an-interrupted-build").exists()


def test_an_era_that_cannot_be_installed_is_unavailable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pytest.raises(EraUnavailable, match="installing no-such-release"):
        ensure_environment(Era("no-such-release", frozenset({"iniconfig==0.0.0.1"})))
