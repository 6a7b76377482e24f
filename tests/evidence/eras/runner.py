"""Run a project with an era's interpreter, and flake8 with version options, and say what happened as data."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..harness import REPO_ROOT, RUN_TIMEOUT_SECONDS, Flake8Failed, _plugin_installed, project_copy

RECORDER_DIR = Path(__file__).resolve().parent / "runtime"  # era_recorder.py, put on the era run's path
_NOT_PASSED = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE", "PYTHONWARNINGS", "PYTHONDEVMODE")
_FLAKE8_FORMAT = "%(path)s:%(row)d:%(code)s:%(text)s"  # the text last: it may hold colons


@dataclasses.dataclass(frozen=True)
class Failure:
    """One failed test phase, as the exception that failed it: type (qualified) and message."""

    test: str
    when: str  # "setup", "call" or "teardown"
    exception: str
    message: str

    def matches(self, exception: str, message_part: str) -> bool:
        """``exception`` is the type's name or a dotted tail of its qualified name (``asyncpg...InterfaceError``)."""
        return (self.exception == exception or self.exception.endswith(f".{exception}")) and (
            message_part in self.message
        )


@dataclasses.dataclass(frozen=True)
class EraRun:
    exit_status: int
    versions: dict[str, str]
    reports: tuple[dict, ...]
    collection_errors: tuple[dict, ...]
    warnings: tuple[dict, ...]
    loops: tuple[dict, ...]
    output: str

    @property
    def failures(self) -> list[Failure]:
        return [
            Failure(report["test"], report["when"], report["exception"], report["message"])
            for report in self.reports
            if "exception" in report
        ]

    def outcomes(self) -> dict[str, str]:
        """Each test's outcome in pytest's words: a failed setup or teardown makes it an ``error``."""
        outcomes: dict[str, str] = {}
        for report in self.reports:
            test, outcome = report["test"], report["outcome"]
            if outcome == "failed":
                outcome = "failed" if report["when"] == "call" else "error"
            if outcomes.get(test) in (None, "passed"):
                outcomes[test] = outcome
        return outcomes

    def loops_of(self, who: str) -> list[int]:
        """The numbers of the loops ``who`` ran on, in the order it reported them (the same number, the same loop)."""
        return [entry["loop"] for entry in self.loops if entry["who"] == who]

    def warned(self, category: str, message_part: str) -> bool:
        return any(
            (warning["category"] == category or warning["category"].endswith(f".{category}"))
            and message_part in warning["message"]
            for warning in self.warnings
        )

    def describe(self) -> str:
        """Enough of the run to tell why an assertion about it failed."""
        lines = [f"exit {self.exit_status}, versions {self.versions}", f"outcomes {self.outcomes()}"]
        lines += [f"{f.test} [{f.when}] {f.exception}: {f.message[:300]}" for f in self.failures]
        lines += [f"collection error {error['node']}: {error['text'][-500:]}" for error in self.collection_errors]
        lines += [f"warning {w['category']}: {w['message'][:200]}" for w in self.warnings]
        lines += [f"loop {entry['loop']}: {entry['who']}" for entry in self.loops]
        return "\n".join(lines) + "\n" + self.output[-3000:]


def _run_env(extra: Mapping[str, str] | None, record_file: Path) -> dict[str, str]:
    """The caller's environment minus pytest knobs, the caller's import path and warning settings; plus the
    recorder.  A probe that asserts which warnings show must see Python's defaults, not the caller's.

    Bytecode writing stays on: the era environments are installed without it (compiling everything made a
    cold build twice as slow), so the first run compiles what it imports into the cached environment and
    later runs start fast.  The project itself runs from a throwaway copy.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_") and key not in _NOT_PASSED}
    env.update(extra or {}, PYTHONPATH=str(RECORDER_DIR), ERA_RECORD_FILE=str(record_file))
    return env


def run_in_era(python: Path, project_dir: Path, env: Mapping[str, str] | None = None) -> EraRun:
    """Run the project's tests with ``python`` (an era's interpreter) in a throwaway copy of the project."""
    with project_copy(project_dir) as copy:
        record_file = copy.parent / "era-record.json"
        command = [
            str(python), "-m", "pytest", "-p", "no:cacheprovider", "-p", "era_recorder",
            f"--basetemp={copy.parent / 'basetemp'}", "-W", "always::ResourceWarning",
        ]
        result = subprocess.run(
            command, cwd=copy, env=_run_env(env, record_file), capture_output=True, text=True,
            timeout=RUN_TIMEOUT_SECONDS, check=False,
        )
        output = result.stdout + result.stderr
        if not record_file.exists():
            raise RuntimeError(f"the era run wrote no record (exit {result.returncode}):\n{output}")
        record = json.loads(record_file.read_text())
    return EraRun(
        exit_status=record["exit_status"],
        versions=record["versions"],
        reports=tuple(record["reports"]),
        collection_errors=tuple(record["collection_errors"]),
        warnings=tuple(record["warnings"]),
        loops=tuple(record["loops"]),
        output=output,
    )


@dataclasses.dataclass(frozen=True)
class Finding:
    path: str  # relative to the project
    row: int
    code: str
    text: str

    @property
    def place(self) -> tuple[str, int, str]:
        return (self.path, self.row, self.code)


def flake8_findings(project_dir: Path, options: Sequence[str] = ()) -> list[Finding]:
    """Each ALP finding of ``python -m flake8 --select ALP *options``, run in a copy of the project.

    The harness's flake8 run with options added: this repository's plugin, through the installed entry point
    or, in a plain checkout, as a flake8 local plugin.
    """
    with project_copy(project_dir) as copy:
        command = [sys.executable, "-m", "flake8", "--select", "ALP", f"--format={_FLAKE8_FORMAT}", *options]
        if not _plugin_installed():
            local_plugin = copy.parent / "local-plugin.cfg"
            local_plugin.write_text(
                "[flake8:local-plugins]\n"
                "extension =\n    ALP = flake8_asyncloop.plugin:Plugin\n"
                f"paths = {REPO_ROOT}\n"
            )
            command.append(f"--append-config={local_plugin}")
        result = subprocess.run(
            [*command, "."], cwd=copy, env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
            capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, check=False,
        )
    if result.returncode not in (0, 1) or result.stderr.strip():
        raise Flake8Failed(f"flake8 exited {result.returncode}:\n{result.stderr}{result.stdout}")
    findings = []
    for line in result.stdout.splitlines():
        path, row, code, text = line.split(":", 3)
        findings.append(Finding(path.removeprefix("./"), int(row), code, text))
    return findings
