"""Run an evidence project for real (pytest, flake8) in a throwaway copy and report what happened.

Each project is copied to a temp dir first so nothing (junit files, caches, bytecode) lands in the
repository, and so pytest and flake8 see the project's own config as the only config.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECTS_DIR = Path(__file__).resolve().parent / "projects"
RUN_TIMEOUT_SECONDS = 120
FLAKE8_FORMAT = "%(path)s:%(row)d:%(col)d:%(code)s"


@dataclasses.dataclass(frozen=True)
class Problem:
    """One failure, error or skip that junit recorded for a test (a test can have several)."""

    kind: str  # "failed", "error" or "skipped", in pytest's own words
    message: str
    details: str

    @property
    def text(self) -> str:
        return f"{self.message}\n{self.details}"


@dataclasses.dataclass(frozen=True)
class JunitCase:
    name: str
    problems: tuple[Problem, ...]

    @property
    def outcome(self) -> str:
        """pytest's word for the test: a teardown error after a pass still makes it an error."""
        kinds = {problem.kind for problem in self.problems}
        for kind in ("failed", "error", "skipped"):
            if kind in kinds:
                return kind
        return "passed"


@dataclasses.dataclass(frozen=True)
class ProjectRun:
    exit_code: int
    cases: dict[str, JunitCase]
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def problems(self) -> list[Problem]:
        return [problem for case in self.cases.values() for problem in case.problems]

    def tally(self) -> str:
        """The counts as pytest's summary line words them, e.g. ``2 failed, 1 passed, 2 errors``."""
        counts = Counter("passed" for case in self.cases.values() if not case.problems)
        counts.update(problem.kind for problem in self.problems)
        words = {"error": "errors"}
        return ", ".join(
            f"{counts[kind]} {words.get(kind, kind) if counts[kind] > 1 else kind}"
            for kind in ("failed", "passed", "skipped", "error")
            if counts[kind]
        )


_JUNIT_KINDS = {"failure": "failed", "error": "error", "skipped": "skipped"}


def parse_junit(path: Path) -> dict[str, JunitCase]:
    """Test cases keyed by ``classname::name`` (``test_orders::test_total``).

    pytest writes a second ``<testcase>`` for a test that failed and then errored at teardown;
    both are merged into one case.
    """
    problems_by_name: dict[str, list[Problem]] = {}
    for element in ET.parse(path).iter("testcase"):
        classname, name = element.get("classname", ""), element.get("name", "")
        problems = problems_by_name.setdefault(f"{classname}::{name}" if classname else name, [])
        problems += [
            Problem(_JUNIT_KINDS[child.tag], child.get("message", ""), child.text or "")
            for child in element
            if child.tag in _JUNIT_KINDS
        ]
    return {name: JunitCase(name, tuple(problems)) for name, problems in problems_by_name.items()}


@contextmanager
def project_copy(project_dir: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="alp-evidence-") as tmp:
        copy = Path(tmp) / "project"
        shutil.copytree(project_dir, copy, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        yield copy


def _clean_env(extra: Mapping[str, str] | None) -> dict[str, str]:
    """The caller's environment without pytest knobs that would change how the project runs."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


def run_project(project_dir: Path, env: Mapping[str, str] | None = None) -> ProjectRun:
    """Run the project's test suite with pytest in a subprocess, ResourceWarnings made visible."""
    with project_copy(project_dir) as copy:
        junit = copy.parent / "junit.xml"
        command = [
            sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={junit}",
            f"--basetemp={copy.parent / 'basetemp'}", "-W", "always::ResourceWarning",
        ]
        result = subprocess.run(
            command, cwd=copy, env=_clean_env(env), capture_output=True, text=True,
            timeout=RUN_TIMEOUT_SECONDS, check=False,
        )
        if not junit.exists():
            raise RuntimeError(f"pytest wrote no junit report:\n{result.stdout}\n{result.stderr}")
        return ProjectRun(result.returncode, parse_junit(junit), result.stdout, result.stderr)


class Flake8Failed(RuntimeError):
    """flake8 itself failed (e.g. the plugin did not load): no findings can be trusted."""


def _plugin_installed() -> bool:
    return any(
        entry_point.value.startswith("flake8_asyncloop")
        for entry_point in importlib.metadata.entry_points(group="flake8.extension")
    )


def flake8_findings(project_dir: Path) -> set[tuple[str, int, str]]:
    """``(relpath, row, code)`` for every ALP finding flake8 reports on the project.

    When the package is not installed (a plain checkout), the plugin is loaded from the
    working tree as a flake8 local plugin.
    """
    with project_copy(project_dir) as copy:
        command = [sys.executable, "-m", "flake8", "--select", "ALP", f"--format={FLAKE8_FORMAT}"]
        if not _plugin_installed():
            local_plugin = copy.parent / "local-plugin.cfg"
            local_plugin.write_text(
                "[flake8:local-plugins]\n"
                "extension =\n    ALP = flake8_asyncloop.plugin:Plugin\n"
                f"paths = {REPO_ROOT}\n"
            )
            command.append(f"--append-config={local_plugin}")
        result = subprocess.run(
            [*command, "."], cwd=copy, env=_clean_env(None), capture_output=True, text=True,
            timeout=RUN_TIMEOUT_SECONDS, check=False,
        )
    if result.returncode not in (0, 1) or result.stderr.strip():
        raise Flake8Failed(f"flake8 exited {result.returncode}:\n{result.stderr}{result.stdout}")
    findings = set()
    for line in result.stdout.splitlines():
        path, row, _col, code = line.rsplit(":", 3)
        findings.add((path.removeprefix("./"), int(row), code))
    return findings
