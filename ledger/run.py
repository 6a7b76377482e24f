"""Command line of the precision ledger: ``python ledger/run.py {fetch,lint,regenerate,report,check}``.

fetch       download, verify and unpack the pinned sdists (cached)
lint        fetch, then print every finding of the current plugin
regenerate  fetch, lint, rewrite ledger/ledger.toml keeping labels (disappeared verdicts go to retired.toml
            and come back with their finding); print new and disappeared findings
report      precision of the labelled findings in ledger/ledger.toml (no network)
check       fetch and lint; exit 1 if the findings drifted from the ledger or the precision gate fails
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the ``ledger`` package importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.corpus import CorpusRun, describe, drift, run_corpus, select  # noqa: E402
from ledger.fetch import cache_root, fetch_all  # noqa: E402
from ledger.manifest import load_manifest  # noqa: E402
from ledger.precision import format_report, gate_failures  # noqa: E402
from ledger.store import RETIRED_HEADER, RETIRED_PATH, load_ledger, save_ledger  # noqa: E402


def timings(run: CorpusRun) -> str:
    slowest = sorted(run.lints, key=lambda lint: lint.seconds, reverse=True)[:5]
    listed = ", ".join(f"{lint.project} {lint.seconds:.1f}s" for lint in slowest)
    return f"fetch {run.fetch_seconds:.1f}s, lint {run.lint_seconds:.1f}s (slowest: {listed})"


def command_fetch(arguments: argparse.Namespace) -> int:
    projects = select(load_manifest(), arguments.project)
    started = time.perf_counter()
    roots = fetch_all(projects, cache_root())
    print(f"{len(roots)} projects in {cache_root()} ({time.perf_counter() - started:.1f}s)")
    return 0


def command_lint(arguments: argparse.Namespace) -> int:
    run = run_corpus(arguments.project)
    linted = {lint.project for lint in run.lints}
    shown = [entry for entry in run.merge.entries if entry.project in linted]
    for entry in shown:
        print(f"{describe(entry)}  [{entry.label}]")
    print(f"{len(shown)} findings; {timings(run)}", file=sys.stderr)
    return 0


def command_regenerate(arguments: argparse.Namespace) -> int:
    run = run_corpus(arguments.project)
    save_ledger(run.merge.entries)
    save_ledger(run.merge.retired, RETIRED_PATH, RETIRED_HEADER)
    for entry in run.merge.gone:
        print(f"disappeared [{entry.label}] {describe(entry)}" + (f"  ({entry.reason})" if entry.reason else ""))
    for entry in run.merge.new:
        print(f"new [{entry.label}] {describe(entry)}" + (f"  (restored: {entry.reason})" if entry.reason else ""))
    print(f"{len(run.merge.entries)} findings written ({len(run.merge.new)} new, {len(run.merge.gone)} "
          f"disappeared, {len(run.merge.gone_labelled)} of them labelled); {timings(run)}")
    return 0


def command_report(arguments: argparse.Namespace) -> int:
    print(format_report(load_ledger()))
    return 0


def command_check(arguments: argparse.Namespace) -> int:
    run = run_corpus(arguments.project)
    problems = drift(run.merge) + gate_failures(run.merge.entries)
    print("\n".join(problems) if problems else f"ledger matches the plugin and the gate passes; {timings(run)}")
    return 1 if problems else 0


COMMANDS = {"fetch": command_fetch, "lint": command_lint, "regenerate": command_regenerate,
            "report": command_report, "check": command_check}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("--project", action="append", default=[],
                        help="limit to this manifest project (repeatable); other projects' entries stay as they are")
    arguments = parser.parse_args(argv)
    return COMMANDS[arguments.command](arguments)


if __name__ == "__main__":
    sys.exit(main())
