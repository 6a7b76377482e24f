"""Merge fresh findings into the ledger: labels follow their finding, drift is reported, not hidden.

A finding is identified by (project, path, line, code, nth).  The sdists are pinned, so a line number
only changes when the plugin changes what it reports; the message may be reworded and keeps its label.
Labelled findings that disappear are retired, not forgotten: while the rules are rewritten a finding
often comes back, and its verdict (a reviewer's reading of that code) comes back with it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from .lint import Finding
from .store import UNLABELLED, Entry


@dataclass(frozen=True)
class Merge:
    """``entries``: today's findings with their labels; ``new``: those the ledger lacked (unlabelled, or
    labelled from the retired verdicts); ``gone``: ledger entries the plugin no longer reports;
    ``retired``: the labelled verdicts of findings not reported today, kept for their return."""

    entries: tuple[Entry, ...]
    new: tuple[Entry, ...]
    gone: tuple[Entry, ...]
    retired: tuple[Entry, ...] = ()

    @property
    def gone_labelled(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.gone if entry.label != UNLABELLED)


def entry_for(finding: Finding) -> Entry:
    return Entry(finding.project, finding.path, finding.line, finding.code, finding.nth, finding.col,
                 finding.message)


def merge(findings: Iterable[Finding], ledger: Iterable[Entry], projects: Collection[str] | None = None,
          unparsable: Collection[tuple[str, str]] = (), retired: Iterable[Entry] = ()) -> Merge:
    """Label today's ``findings`` from ``ledger``, or from ``retired`` for a finding that comes back.

    ``projects`` limits the merge to those projects: ledger entries of other projects are kept untouched.
    ``unparsable`` holds (project, path) pairs this Python cannot parse; their entries are kept as they are,
    neither reported gone nor dropped, so a ledger written on a newer Python holds on an older one.
    """
    previous = {entry.key: entry for entry in ledger}
    archive = {entry.key: entry for entry in retired}
    current, new = [], []
    for finding in findings:
        known = previous.get(finding.key)
        if known is None:
            returning = archive.get(finding.key)
            new.append(entry_for(finding) if returning is None else
                       replace(returning, col=finding.col, message=finding.message))
            current.append(new[-1])
        else:
            current.append(replace(known, col=finding.col, message=finding.message))
    seen = {entry.key for entry in current}
    kept, gone = [], []
    for entry in previous.values():
        if entry.key in seen:
            continue
        outside = projects is not None and entry.project not in projects
        if outside or (entry.project, entry.path) in unparsable:
            kept.append(entry)
        else:
            gone.append(entry)
    archive.update((entry.key, entry) for entry in gone if entry.label != UNLABELLED)
    listed = seen | {entry.key for entry in kept}
    still_retired = sorted(entry for key, entry in archive.items() if key not in listed)
    return Merge(tuple(sorted(current + kept)), tuple(sorted(new)), tuple(sorted(gone)), tuple(still_retired))
