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

from .record import Record

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECTS_DIR = Path(__file__).resolve().parent / "projects"
RECORDER_DIR = Path(__file__).resolve().parent / "recorder"
RECORDER_PLUGIN = "evidence_recorder"
RUN_TIMEOUT_SECONDS = 120
FLAKE8_FORMAT = "%(path)s:%(row)d:%(col)d:%(code)s"


@dataclasses.dataclass(frozen=True)
class JunitCase:
    """A test's outcome as junit records it; what went wrong is in the recorder's Record, not here."""

    name: str
    problems: tuple[str, ...]  # one per failure, error or skip: "failed", "error", "skipped" (a test can have several)

    @property
    def outcome(self) -> str:
        """pytest's word for the test: a teardown error after a pass still makes it an error."""
        for kind in ("failed", "error", "skipped"):
            if kind in self.problems:
                return kind
        return "passed"


@dataclasses.dataclass(frozen=True)
class ProjectRun:
    exit_code: int
    cases: dict[str, JunitCase]
    record: Record
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def tally(self) -> str:
        """The counts as pytest's summary line words them, e.g. ``2 failed, 1 passed, 2 errors``."""
        counts = Counter("passed" for case in self.cases.values() if not case.problems)
        counts.update(kind for case in self.cases.values() for kind in case.problems)
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
    problems_by_name: dict[str, list[str]] = {}
    for element in ET.parse(path).iter("testcase"):
        classname, name = element.get("classname", ""), element.get("name", "")
        problems = problems_by_name.setdefault(f"{classname}::{name}" if classname else name, [])
        problems += [_JUNIT_KINDS[child.tag] for child in element if child.tag in _JUNIT_KINDS]
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


def _with_recorder_on_path(env: dict[str, str]) -> dict[str, str]:
    paths = [str(RECORDER_DIR), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    return {**env, "PYTHONPATH": os.pathsep.join(paths)}


def run_project(project_dir: Path, env: Mapping[str, str] | None = None) -> ProjectRun:
    """Run the project's test suite with pytest in a subprocess, ResourceWarnings made visible.

    junit gives the outcomes; the recorder plugin (recorder/evidence_recorder.py) gives the exceptions,
    warnings, unraisables and log records, by type and message.
    """
    with project_copy(project_dir) as copy:
        junit, record = copy.parent / "junit.xml", copy.parent / "record.json"
        command = [
            sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={junit}",
            f"--basetemp={copy.parent / 'basetemp'}", "-W", "always::ResourceWarning",
            "-p", RECORDER_PLUGIN, f"--evidence-record={record}",
            # Hypothesis (from this repository's test extra) is no part of any project, and its plugin
            # costs seconds per run.
            "-p", "no:hypothesispytest",
        ]
        result = subprocess.run(
            command, cwd=copy, env=_with_recorder_on_path(_clean_env(env)), capture_output=True, text=True,
            timeout=RUN_TIMEOUT_SECONDS, check=False,
        )
        if not junit.exists() or not record.exists():
            raise RuntimeError(f"pytest wrote no junit report or record:\n{result.stdout}\n{result.stderr}")
        return ProjectRun(
            result.returncode, parse_junit(junit), Record.from_json(record.read_text()), result.stdout, result.stderr
        )


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
