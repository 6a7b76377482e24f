"""Run the real flake8 on each project, from the project's root, and read its ALP findings.

flake8 runs as a user would run it (``python -m flake8`` in the project directory, so the plugin finds the
project's pytest config and lock files itself), with two differences that keep the ledger about the plugin:
``--isolated`` ignores the project's own ``[flake8]`` section (its excludes and other plugins' options), and
the interpreter is this one by absolute path (a ``.python-version`` in an sdist must not switch pyenv).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .manifest import Project

SEPARATOR = "\t"
FORMAT = SEPARATOR.join(["%(path)s", "%(row)d", "%(col)d", "%(code)s", "%(text)s"])
SYNTAX_ERROR = "E999"
LINT_TIMEOUT = 1800


class LintError(RuntimeError):
    """flake8 failed or wrote to stderr: a crashing plugin must not pass for a clean project."""


@dataclass(frozen=True, order=True)
class Finding:
    """One reported problem.  ``nth`` tells apart findings of one code on one line (0 for the first)."""

    project: str
    path: str
    line: int
    code: str
    nth: int
    col: int
    message: str

    @property
    def key(self) -> tuple[str, str, int, str, int]:
        return (self.project, self.path, self.line, self.code, self.nth)


@dataclass(frozen=True)
class ProjectLint:
    """A project's findings, the files this Python could not parse (E999), and how long flake8 took."""

    project: str
    findings: tuple[Finding, ...]
    unparsable: frozenset[str]
    seconds: float


def flake8_command(paths: Iterable[str]) -> list[str]:
    return [sys.executable, "-m", "flake8", "--isolated", f"--select=ALP,{SYNTAX_ERROR}", f"--format={FORMAT}",
            *paths]


def parse_output(project: str, stdout: str) -> tuple[list[Finding], set[str]]:
    """Findings numbered per (path, line, code) in column order, and the paths flake8 could not parse."""
    rows, unparsable = [], set()
    for text in stdout.splitlines():
        path, row, col, code, message = text.split(SEPARATOR, 4)
        path = path.replace(os.sep, "/").removeprefix("./")
        if code == SYNTAX_ERROR:
            unparsable.add(path)
        else:
            rows.append((path, int(row), code, int(col), message))
    findings, seen = [], {}
    for path, row, code, col, message in sorted(rows):
        nth = seen.get((path, row, code), 0)
        seen[(path, row, code)] = nth + 1
        findings.append(Finding(project, path, row, code, nth, col, message))
    return findings, unparsable


def lint_project(project: Project, root: Path) -> ProjectLint:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    started = time.perf_counter()
    result = subprocess.run(flake8_command(project.paths), cwd=root, env=environment, capture_output=True,
                            text=True, timeout=LINT_TIMEOUT)
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1) or result.stderr.strip():
        raise LintError(f"{project.name}: flake8 exited {result.returncode}\n{result.stderr[-4000:]}")
    findings, unparsable = parse_output(project.name, result.stdout)
    return ProjectLint(project.name, tuple(findings), frozenset(unparsable), seconds)


def lint_all(projects: Iterable[Project], roots: dict[str, Path], workers: int | None = None) -> list[ProjectLint]:
    """One project per CPU at once: flake8 spreads a big project over the CPUs, but a small one spends most
    of its time starting up in a single process."""
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        return list(pool.map(lambda project: lint_project(project, roots[project.name]), projects))
