"""Real code corpora: async projects from PyPI (library and test suites) and sync stdlib modules.

Sources are pinned so that two runs lint the same bytes. Sdists are preferred because they
ship the projects' own test suites; a project whose sdist cannot be had falls back to its
wheel (library code only). Everything is cached under ``benchmarks/corpus``.
"""

from __future__ import annotations

import ast
import random
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from envs import BENCH_DIR

CORPUS_DIR = BENCH_DIR / "corpus"
SDIST_DIR = CORPUS_DIR / "sdists"
REAL_DIR = CORPUS_DIR / "real"
STDLIB_DIR = CORPUS_DIR / "stdlib-sync"

PROJECTS = (
    "sqlalchemy==2.1.9",
    "fastapi==0.165.0",
    "starlette==1.10.0",
    "httpx==0.28.1",
    "pytest-asyncio==1.5.0",
    "asyncpg==0.32.0",
    "aiohttp==3.14.5",
    "redis==8.1.0",
    "anyio==4.16.0",
    "asgi-lifespan==2.1.0",
    "databases==0.9.0",
)

TEST_DIR_NAMES = {"test", "tests", "testing"}
NON_LIBRARY_DIRS = {"docs", "docs_src", "doc", "examples", "example", "scripts", "tools", "benchmarks"}
NON_LIBRARY_FILES = {"setup.py", "noxfile.py"}
STDLIB_SKIP_DIRS = {"test", "tests", "idlelib", "lib2to3", "site-packages", "asyncio", "turtledemo",
                    "ensurepip"}
MAX_REAL_FILE_LINES = 2500

# pytest (and ALP) look for config upward from a file; this file stops the search at the
# corpus root, so files without a project config never pick up the repository's own.
CORPUS_PYTEST_INI = "# Ends pytest-config discovery for the benchmark corpora.\n[pytest]\n"


ASYNC_NODES = (ast.AsyncFunctionDef, ast.AsyncFor, ast.AsyncWith, ast.Await)


@dataclass(frozen=True)
class SourceFile:
    """A file of a corpus: its physical line count and whether it has any async syntax."""

    path: Path
    lines: int
    has_async: bool


def source_file(path: Path, source: str) -> SourceFile | None:
    """Describe a file; None when this Python cannot parse it (flake8 would only report E999)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    has_async = any(isinstance(node, ASYNC_NODES) for node in ast.walk(tree))
    return SourceFile(path, len(source.splitlines()), has_async)


def read_source_file(path: Path) -> SourceFile | None:
    try:
        return source_file(path, path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None


def _normalized(requirement: str) -> str:
    return requirement.split("==")[0].replace("-", "_").lower()


def _archive_for(requirement: str) -> Path | None:
    name, version = _normalized(requirement), requirement.split("==")[1]
    for path in SDIST_DIR.glob("*"):
        stem = path.name.lower().replace("-", "_")
        if stem.startswith(f"{name}_{version}") and path.suffix in (".gz", ".zip", ".whl"):
            return path
    return None


def _download(requirement: str) -> str | None:
    """Fetch one pinned sdist, else its wheel; returns an error text or None."""
    base = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q", "--no-deps",
            "-d", str(SDIST_DIR)]
    for extra in (["--no-binary", ":all:"], ["--only-binary", ":all:"]):
        if subprocess.run([*base, *extra, requirement], capture_output=True).returncode == 0:
            return None
    return f"could not download {requirement}"


def _unpack(archive: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    if archive.name.endswith(".tar.gz"):
        with tarfile.open(archive) as tar:
            tar.extractall(partial, filter="data")
    else:
        with zipfile.ZipFile(archive) as wheel:
            wheel.extractall(partial)
    partial.rename(target)


def ensure_projects(log) -> list[str]:
    """Download and unpack every pinned project once; returns the problems met."""
    SDIST_DIR.mkdir(parents=True, exist_ok=True)
    (CORPUS_DIR / "pytest.ini").write_text(CORPUS_PYTEST_INI)
    missing = [requirement for requirement in PROJECTS if _archive_for(requirement) is None]
    problems = []
    if missing:
        log(f"downloading {len(missing)} pinned projects (sdists, first run only) ...")
        with ThreadPoolExecutor(max_workers=2) as pool:
            problems = [error for error in pool.map(_download, missing) if error]
    for requirement in PROJECTS:
        archive = _archive_for(requirement)
        target = REAL_DIR / requirement.replace("==", "-")
        if archive is not None and not target.exists():
            _unpack(archive, target)
    return problems


def is_test_file(relative: Path) -> bool:
    name = relative.name
    return (
        bool(TEST_DIR_NAMES & set(relative.parts[:-1]))
        or name == "conftest.py"
        or name.startswith("test_")
        or name.endswith("_test.py")
    )


def _project_files(project_dir: Path) -> dict[str, list[SourceFile]]:
    """A project's parseable files: async tests, sync tests, library; docs and examples are none."""
    kinds: dict[str, list[SourceFile]] = {"async-tests": [], "sync-tests": [], "library": []}
    for path in sorted(project_dir.rglob("*.py")):
        relative = path.relative_to(project_dir)
        source = read_source_file(path)
        if source is None or not source.lines or source.lines > MAX_REAL_FILE_LINES:
            continue
        if is_test_file(relative):
            kinds["async-tests" if source.has_async else "sync-tests"].append(source)
        elif not NON_LIBRARY_DIRS & set(relative.parts[:-1]) and relative.name not in NON_LIBRARY_FILES:
            kinds["library"].append(source)
    return kinds


def sample_by_share(groups: list[list[SourceFile]], line_budget: int, seed: int) -> list[SourceFile]:
    """A seeded sample giving each group (project) an equal share of the line budget.

    Files are drawn in a seeded order and kept while they fit in the group's share (with
    25% slack), so one project's large files cannot crowd out the others.
    """
    rng = random.Random(seed)
    groups = [group for group in groups if group]
    share = line_budget / max(1, len(groups))
    chosen = []
    for group in groups:
        total = 0
        for source in rng.sample(group, len(group)):
            if total >= share * 0.75:
                break
            if total + source.lines <= share * 1.25:
                chosen.append(source)
                total += source.lines
    return sorted(chosen, key=lambda source: source.path)


def real_corpora(line_budget: int, seed: int) -> dict[str, list[SourceFile]]:
    """Samples of the projects' async test files, sync test files and library code."""
    project_dirs = [REAL_DIR / requirement.replace("==", "-") for requirement in PROJECTS]
    per_project = [_project_files(path) for path in project_dirs if path.is_dir()]
    return {
        f"real-{kind}": sample_by_share([files[kind] for files in per_project], line_budget, seed)
        for kind in ("async-tests", "sync-tests", "library")
    }


def whole_async_suites() -> list[SourceFile]:
    """Every async test file of every project: whole suites, where each project's one-time cost (its pytest
    config, dependency files and conftest chain) is spread over its files as in a real ``flake8 tests/``."""
    project_dirs = [REAL_DIR / requirement.replace("==", "-") for requirement in PROJECTS]
    files = [source for path in project_dirs if path.is_dir() for source in _project_files(path)["async-tests"]]
    return sorted(files, key=lambda source: source.path)


def _mentions_asyncio(source: SourceFile) -> bool:
    return "asyncio" in source.path.read_text(encoding="utf-8")


def stdlib_sync_corpus(line_budget: int, seed: int) -> list[SourceFile]:
    """Real stdlib modules with no async syntax nor asyncio, copied so they lint like a project's files."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    candidates = []
    for path in sorted(stdlib.rglob("*.py")):
        if STDLIB_SKIP_DIRS & set(path.relative_to(stdlib).parts[:-1]):
            continue
        source = read_source_file(path)
        if source and 0 < source.lines <= MAX_REAL_FILE_LINES and not source.has_async \
                and not _mentions_asyncio(source):
            candidates.append(source)
    chosen = sample_by_share([candidates], line_budget, seed)
    shutil.rmtree(STDLIB_DIR, ignore_errors=True)
    copied = []
    for source in chosen:
        target = STDLIB_DIR / source.path.relative_to(stdlib)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.path, target)
        copied.append(SourceFile(target, source.lines, False))
    return copied
