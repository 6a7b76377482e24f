"""Virtual environments that install one era of the async test stack, cached between runs.

An era is an exact set of pins (everything installed, dependencies included), so a run observes the release
it names and nothing pip picked that day.  Each environment lives in the user's cache directory, outside the
repository, under a name derived from the pins and the interpreter, so a changed pin or a new Python builds a
new environment and never reuses a stale one.  Creation holds a lock file and marks the environment complete
only after its installed versions were checked, so two test runs at once (or a run killed half-way) never
leave a half-built environment that looks ready.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest
from packaging.utils import canonicalize_name

INSTALL_TIMEOUT_SECONDS = 600
COMPLETE_MARKER = "era-complete.json"


class EraUnavailable(RuntimeError):
    """The era's environment could not be built here (no index, no wheel, a pin that conflicts)."""


def skip_or_fail(reason: str) -> NoReturn:
    """A test whose era cannot be built skips, except where CI requires every service (and so every era)."""
    if os.environ.get("ASYNCLOOP_REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@dataclasses.dataclass(frozen=True)
class Era:
    """A named, fully pinned set of distributions, e.g. pytest-asyncio 0.21.2 with the pytest it supports."""

    name: str
    pins: frozenset[str]  # "distribution==version", every distribution the environment will hold

    @property
    def versions(self) -> dict[str, str]:
        """``{canonical name: version}``, so ``SQLAlchemy`` and ``typing_extensions`` are found as pip names them."""
        return {canonicalize_name(pin.split("==")[0]): pin.split("==")[1] for pin in self.pins}

    def replacing(self, name: str, *pins: str) -> Era:
        """This era with some distributions swapped for other versions: one library changes, the rest stays."""
        replaced = {canonicalize_name(pin.split("==")[0]) for pin in pins}
        kept = {pin for pin in self.pins if canonicalize_name(pin.split("==")[0]) not in replaced}
        return Era(name, frozenset(kept | set(pins)))


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "flake8-asyncloop" / "era-venvs"


def environment_key(era: Era) -> str:
    """Pins plus everything about the interpreter that decides which wheels fit and where the venv points."""
    identity = {
        "pins": sorted(era.pins),
        "python": sys.version,
        "implementation": sys.implementation.cache_tag,
        "base_prefix": os.path.realpath(sys.base_prefix),
        "machine": platform.machine(),
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]


def environment_dir(era: Era) -> Path:
    slug = "".join(char if char.isalnum() or char in ".-" else "-" for char in era.name)
    return cache_root() / f"{slug}-{environment_key(era)}"


def python_of(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_environment(era: Era) -> Path:
    """The era's interpreter, building its environment first if no complete one is cached."""
    venv = environment_dir(era)
    if (venv / COMPLETE_MARKER).is_file():
        return python_of(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run may be building the same era: wait for it
        if not (venv / COMPLETE_MARKER).is_file():
            _build(era, venv)
    return python_of(venv)


def _build(era: Era, venv: Path) -> None:
    shutil.rmtree(venv, ignore_errors=True)  # what an interrupted build left; we hold the lock
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], f"creating the {era.name} venv")
    # The running interpreter's pip installs into the venv (pip --python), so the venv needs no pip of its own.
    # No bytecode at install time: it costs more than the builds themselves, and runs compile what they import.
    _run(
        [
            sys.executable, "-m", "pip", "--python", str(python_of(venv)), "install", "--quiet", "--no-input",
            "--disable-pip-version-check", "--only-binary=:all:", "--no-compile", *sorted(era.pins),
        ],
        f"installing {era.name}",
    )
    installed = installed_versions(python_of(venv))
    if installed != era.versions:
        unpinned = {name: version for name, version in installed.items() if era.versions.get(name) != version}
        missing = {name: version for name, version in era.versions.items() if installed.get(name) != version}
        raise EraUnavailable(f"{era.name}: installed {unpinned} beyond its pins, and lacks {missing}")
    (venv / COMPLETE_MARKER).write_text(json.dumps({"era": era.name, "installed": installed}, indent=1))


def installed_versions(python: Path) -> dict[str, str]:
    """Every distribution the interpreter sees in its own site-packages, by normalised name."""
    script = (
        "import importlib.metadata as m, json; "
        "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"
    )
    output = _run([str(python), "-I", "-c", script], "listing installed distributions")
    return {canonicalize_name(name): version for name, version in json.loads(output).items()}


def _run(command: list[str], what: str) -> str:
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EraUnavailable(f"{what} failed: {exc}") from exc
    if result.returncode != 0:
        raise EraUnavailable(f"{what} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    return result.stdout
