"""Fetch and lint the manifest's projects and merge the findings with the ledger: what every command shares."""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .fetch import cache_root, fetch_all
from .lint import ProjectLint, lint_all
from .manifest import Project, load_manifest
from .merge import Merge, merge
from .store import LEDGER_PATH, RETIRED_PATH, UNLABELLED, Entry, load_ledger


@dataclass(frozen=True)
class CorpusRun:
    """The merge of today's findings with the ledger, and what producing it cost."""

    merge: Merge
    lints: tuple[ProjectLint, ...]
    fetch_seconds: float
    lint_seconds: float


def select(projects: list[Project], names: Collection[str]) -> list[Project]:
    """The named projects (all when none is named); an unknown name is an error, not an empty run."""
    unknown = sorted(set(names) - {project.name for project in projects})
    if unknown:
        raise SystemExit(f"not in the manifest: {', '.join(unknown)}")
    return [project for project in projects if not names or project.name in names]


def run_corpus(names: Collection[str] = (), cache: Path | None = None, ledger_path: Path = LEDGER_PATH,
               retired_path: Path = RETIRED_PATH) -> CorpusRun:
    projects = select(load_manifest(), names)
    started = time.perf_counter()
    roots = fetch_all(projects, cache or cache_root())
    fetched = time.perf_counter()
    lints = tuple(lint_all(projects, roots))
    linted = time.perf_counter()
    findings = [finding for lint in lints for finding in lint.findings]
    unparsable = {(lint.project, path) for lint in lints for path in lint.unparsable}
    result = merge(findings, load_ledger(ledger_path), {project.name for project in projects} if names else None,
                   unparsable, load_ledger(retired_path))
    return CorpusRun(result, lints, fetched - started, linted - fetched)


def drift(result: Merge) -> list[str]:
    """Why the ledger no longer describes what the plugin reports (empty when it does)."""
    problems = [f"labelled finding disappeared ({entry.label}): {describe(entry)}" for entry in result.gone_labelled]
    problems += [f"unlabelled finding disappeared: {describe(entry)}"
                 for entry in result.gone if entry not in result.gone_labelled]
    problems += [f"new finding, not in the ledger: {describe(entry)}" for entry in result.new
                 if entry.label == UNLABELLED]
    problems += [f"finding came back (its retired {entry.label} verdict will be restored): {describe(entry)}"
                 for entry in result.new if entry.label != UNLABELLED]
    return problems


def describe(entry: Entry) -> str:
    return f"{entry.project} {entry.path}:{entry.line}:{entry.col} {entry.code} {entry.message}"
