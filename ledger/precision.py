"""Precision (TP / (TP + FP)) of the labelled findings: overall, per rule family, per code, per project.

Unlabelled findings are counted but never enter a precision: a guess would make the figure look measured.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .store import UNLABELLED, Entry

FAMILIES = {
    "0": "ALP0xx loop scopes",
    "1": "ALP1xx manual loops",
    "2": "ALP2xx resources",
    "3": "ALP3xx ASGI",
    "9": "ALP9xx suppression",
}
GATE_PRECISION = 0.90
GATE_FAMILY_MINIMUM = 5


def family_of(code: str) -> str:
    """ALP301 → "ALP3xx ASGI"; codes outside the known families are their own family."""
    return FAMILIES.get(code[3:4], f"{code[:4]}xx") if code.startswith("ALP") else code


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    unlabelled: int = 0

    def add(self, entry: Entry) -> None:
        if entry.label == "TP":
            self.tp += 1
        elif entry.label == "FP":
            self.fp += 1
        else:
            self.unlabelled += 1

    @property
    def labelled(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        return self.tp / self.labelled if self.labelled else None


def tally_by(entries: Iterable[Entry], group: Callable[[Entry], str]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for entry in entries:
        tallies.setdefault(group(entry), Tally()).add(entry)
    return dict(sorted(tallies.items()))


def overall(entries: Iterable[Entry]) -> Tally:
    total = Tally()
    for entry in entries:
        total.add(entry)
    return total


def gate_failures(entries: Iterable[Entry], minimum: float = GATE_PRECISION,
                  family_minimum: int = GATE_FAMILY_MINIMUM) -> list[str]:
    """Why the labelled precision misses the gate: overall, or in a family with enough labelled findings."""
    entries = list(entries)
    failures = []
    total = overall(entries)
    if total.precision is not None and total.precision < minimum:
        failures.append(f"overall precision {total.precision:.1%} ({total.tp} TP, {total.fp} FP) < {minimum:.0%}")
    for family, tally in tally_by(entries, lambda entry: family_of(entry.code)).items():
        if tally.labelled >= family_minimum and tally.precision < minimum:
            failures.append(f"{family} precision {tally.precision:.1%} ({tally.tp} TP, {tally.fp} FP) "
                            f"< {minimum:.0%}")
    return failures


def _row(name: str, tally: Tally) -> str:
    shown = "   n/a" if tally.precision is None else f"{tally.precision:6.1%}"
    return f"  {name:<28} {shown}  TP {tally.tp:4d}  FP {tally.fp:4d}  unlabelled {tally.unlabelled:4d}"


def format_report(entries: Iterable[Entry]) -> str:
    entries = list(entries)
    total = overall(entries)
    lines = [f"{len(entries)} findings, {total.labelled} labelled, {total.unlabelled} {UNLABELLED}",
             _row("overall", total), "", "per family:"]
    lines += [_row(name, tally) for name, tally in tally_by(entries, lambda e: family_of(e.code)).items()]
    lines += ["", "per code:"]
    lines += [_row(name, tally) for name, tally in tally_by(entries, lambda e: e.code).items()]
    lines += ["", "per project:"]
    lines += [_row(name, tally) for name, tally in tally_by(entries, lambda e: e.project).items()]
    failures = gate_failures(entries)
    lines += ["", "gate: " + ("passes" if not failures else "FAILS"), *(f"  {failure}" for failure in failures)]
    return "\n".join(lines)
