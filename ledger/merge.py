"""Merge fresh findings into the ledger: labels follow their finding, drift is reported, not hidden.

A finding is identified by (project, path, line, code, nth).  The sdists are pinned, so a line number
only changes when the plugin changes what it reports; the message may be reworded and keeps its label.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from .lint import Finding
from .store import UNLABELLED, Entry


@dataclass(frozen=True)
class Merge:
    """``entries``: today's findings with their labels; ``new``: those the ledger lacked (unlabelled);
    ``gone``: ledger entries the plugin no longer reports."""

    entries: tuple[Entry, ...]
    new: tuple[Entry, ...]
    gone: tuple[Entry, ...]

    @property
    def gone_labelled(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.gone if entry.label != UNLABELLED)


def entry_for(finding: Finding) -> Entry:
    return Entry(finding.project, finding.path, finding.line, finding.code, finding.nth, finding.col,
                 finding.message)


def merge(findings: Iterable[Finding], ledger: Iterable[Entry], projects: Collection[str] | None = None,
          unparsable: Collection[tuple[str, str]] = ()) -> Merge:
    """Label today's ``findings`` from ``ledger``.

    ``projects`` limits the merge to those projects: ledger entries of other projects are kept untouched.
    ``unparsable`` holds (project, path) pairs this Python cannot parse; their entries are kept as they are,
    neither reported gone nor dropped, so a ledger written on a newer Python holds on an older one.
    """
    previous = {entry.key: entry for entry in ledger}
    current, new = [], []
    for finding in findings:
        known = previous.get(finding.key)
        if known is None:
            new.append(entry_for(finding))
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
    return Merge(tuple(sorted(current + kept)), tuple(sorted(new)), tuple(sorted(gone)))
