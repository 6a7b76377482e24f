"""One virtual environment per checker, so that each plugin is measured on its own.

flake8 runs every installed plugin whatever ``--select`` says, so the only way to
isolate a plugin's cost is an environment that holds flake8 plus that plugin alone.
Environments are cached under ``benchmarks/.venvs`` and rebuilt only when their
requirements or the interpreter change; the asyncloop environment also reinstalls
this repository (non-editable, like a user's install) when its source changes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
VENVS_DIR = BENCH_DIR / ".venvs"

FLAKE8 = "flake8==7.5.0"


@dataclass(frozen=True)
class Checker:
    """A flake8 configuration under test: its environment, its codes, its label."""

    name: str
    label: str
    select: str
    requirements: tuple[str, ...]
    distribution: str  # the name flake8 --version lists when the plugin loaded
    installs_repo: bool = False

    @property
    def venv(self) -> Path:
        return VENVS_DIR / self.name

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def flake8(self) -> Path:
        """The console script, as users run it: unlike ``python -m`` it keeps the cwd off sys.path."""
        return self.venv / "bin" / "flake8"


BASE = Checker("base", "flake8 defaults (E,F,W)", "E,F,W", (FLAKE8,), "pyflakes")
ASYNCLOOP = Checker("asyncloop", "flake8-asyncloop (ALP)", "ALP", (FLAKE8,), "flake8-asyncloop", True)
CHECKERS = (
    BASE,
    Checker("bugbear", "flake8-bugbear", "B", (FLAKE8, "flake8-bugbear==26.10.27"), "flake8-bugbear"),
    Checker(
        "pytest-style",
        "flake8-pytest-style",
        "PT",
        (FLAKE8, "flake8-pytest-style==2.2.0"),
        "flake8-pytest-style",
    ),
    Checker("async", "flake8-async", "ASYNC", (FLAKE8, "flake8-async==26.8.1"), "flake8-async"),
    ASYNCLOOP,
)

PROBE_SOURCE = '''import pytest


@pytest.mark.asyncio
async def test_probe():
    assert True
'''


@dataclass(frozen=True)
class EnvStatus:
    """Whether a checker can be measured, and what is installed in its environment."""

    checker: Checker
    ok: bool
    detail: str  # the flake8 --version line when ok, the reason otherwise
    packages: tuple[str, ...] = ()


def repo_source_hash() -> str:
    """A digest of everything that ends up in the installed flake8-asyncloop package."""
    digest = hashlib.sha256()
    paths = [REPO_DIR / name for name in ("pyproject.toml", "setup.cfg", "README.md", "LICENSE")]
    paths += sorted(
        path
        for path in (REPO_DIR / "flake8_asyncloop").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    for path in paths:
        if path.exists():
            digest.update(str(path.relative_to(REPO_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _copy_package_source(target: Path) -> None:
    """Copy what a build needs, so that building leaves no egg-info or build/ in the work tree."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO_DIR / "flake8_asyncloop", target / "flake8_asyncloop", ignore=ignore)
    for name in ("pyproject.toml", "setup.cfg", "README.md", "LICENSE"):
        if (REPO_DIR / name).exists():
            shutil.copy2(REPO_DIR / name, target / name)


def _pip(checker: Checker, *args: str) -> subprocess.CompletedProcess:
    command = [str(checker.python), "-m", "pip", "--disable-pip-version-check", *args]
    return subprocess.run(command, capture_output=True, text=True)


def _stamp(checker: Checker) -> dict:
    return {"python": sys.version, "executable": sys.executable, "requirements": list(checker.requirements)}


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _create(checker: Checker, log) -> str | None:
    """Build the environment from scratch; returns an error text or None."""
    log(f"creating venv {checker.name} ...")
    shutil.rmtree(checker.venv, ignore_errors=True)
    made = subprocess.run([sys.executable, "-m", "venv", str(checker.venv)], capture_output=True, text=True)
    if made.returncode:
        return f"venv creation failed: {made.stderr.strip()[-300:]}"
    installed = _pip(checker, "install", "-q", *checker.requirements)
    if installed.returncode:
        return f"pip install failed: {installed.stderr.strip()[-300:]}"
    (checker.venv / "bench-stamp.json").write_text(json.dumps(_stamp(checker), indent=1))
    return None


def _install_repo(checker: Checker, source_hash: str, log) -> str | None:
    """(Re)install this repository into the environment, as a regular (non-editable) install."""
    stamp_path = checker.venv / "bench-repo-stamp.txt"
    if stamp_path.exists() and stamp_path.read_text() == source_hash:
        return None
    log(f"installing flake8-asyncloop ({source_hash}) into venv {checker.name} ...")
    stamp_path.unlink(missing_ok=True)
    _pip(checker, "uninstall", "-y", "flake8-asyncloop")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "flake8-asyncloop"
        _copy_package_source(source)
        installed = _pip(checker, "install", "-q", str(source), *checker.requirements)
    if installed.returncode:
        return f"pip install of this repository failed: {installed.stderr.strip()[-400:]}"
    stamp_path.write_text(source_hash)
    return None


def _probe(checker: Checker) -> str | None:
    """Run flake8 once on a tiny async test file; returns an error text or None."""
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "test_probe.py"
        probe.write_text(PROBE_SOURCE)
        ran = subprocess.run(
            [str(checker.flake8), "--isolated", "-j1", "--exit-zero",
             f"--select={checker.select}", str(probe)],
            capture_output=True, text=True, cwd=tmp,
        )
    if ran.returncode:
        lines = [line for line in ran.stderr.strip().splitlines() if line.strip()]
        return f"flake8 failed on a probe file: {lines[-1] if lines else 'exit ' + str(ran.returncode)}"
    return None


def _describe(checker: Checker) -> tuple[str, tuple[str, ...]]:
    version = subprocess.run(
        [str(checker.flake8), "--version"], capture_output=True, text=True, cwd=VENVS_DIR
    )
    frozen = _pip(checker, "list", "--format=freeze")
    packages = tuple(
        line for line in frozen.stdout.split() if not line.lower().startswith(("pip==", "setuptools=="))
    )
    return " ".join(version.stdout.split()), packages


def prepare(checker: Checker, log) -> EnvStatus:
    """Make the checker's environment ready (idempotent) and check that its plugin loads."""
    if _read_json(checker.venv / "bench-stamp.json") != _stamp(checker) or not checker.python.exists():
        error = _create(checker, log)
        if error:
            return EnvStatus(checker, False, error)
    if checker.installs_repo:
        error = _install_repo(checker, repo_source_hash(), log)
        if error:
            return EnvStatus(checker, False, error)
    error = _probe(checker)
    version_line, packages = _describe(checker)
    if error:
        return EnvStatus(checker, False, error, packages)
    if checker.distribution not in version_line:
        return EnvStatus(checker, False, f"plugin not listed by flake8 --version: {version_line}", packages)
    return EnvStatus(checker, True, version_line, packages)
