"""Read and write ``ledger/ledger.toml``: one block per finding, grouped by project, sorted for small diffs.

The file is plain TOML so a reviewer edits labels in any editor and a diff shows exactly which verdicts
changed.  Each project is an array of tables named after it::

    [[fastapi-users]]
    path = "tests/conftest.py"
    line = 12
    code = "ALP003"
    label = "FP"
    reason = "the session fixture is sync; nothing crosses loops"
    message = "ALP003 ..."

``nth`` appears only for the second and later findings of one code on one line; ``col`` is informative.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the plugin already depends on tomli there
    import tomli as tomllib

LEDGER_PATH = Path(__file__).resolve().parent / "ledger.toml"
RETIRED_PATH = Path(__file__).resolve().parent / "retired.toml"
LABELS = ("TP", "FP", "unlabelled")
UNLABELLED = "unlabelled"
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
HEADER = """\
# Precision ledger: every ALP finding on the projects of ledger/manifest.toml, labelled by a reviewer.
# label: "TP" (a careful reviewer would accept it as a real loop-lifecycle bug or deprecation under the
# versions the project pins, and the message says what to change), "FP", or "unlabelled"; reason: one line.
# Rewritten by `python ledger/run.py regenerate`, which keeps the labels of findings that still exist.
"""


class LedgerError(ValueError):
    """The ledger file is malformed."""


@dataclass(frozen=True, order=True)
class Entry:
    """A finding with its verdict."""

    project: str
    path: str
    line: int
    code: str
    nth: int
    col: int
    message: str
    label: str = UNLABELLED
    reason: str = ""

    @property
    def key(self) -> tuple[str, str, int, str, int]:
        return (self.project, self.path, self.line, self.code, self.nth)

    def relabelled(self, label: str, reason: str) -> Entry:
        return replace(self, label=label, reason=reason)


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes (quote, backslash, control characters as \\uXXXX) are all valid."""
    return json.dumps(text, ensure_ascii=False)


def toml_key(name: str) -> str:
    return name if BARE_KEY.fullmatch(name) else toml_string(name)


def _block(entry: Entry) -> str:
    lines = [f"[[{toml_key(entry.project)}]]",
             f"path = {toml_string(entry.path)}",
             f"line = {entry.line}",
             f"code = {toml_string(entry.code)}"]
    if entry.nth:
        lines.append(f"nth = {entry.nth}")
    lines += [f"col = {entry.col}",
              f"label = {toml_string(entry.label)}",
              f"reason = {toml_string(entry.reason)}",
              f"message = {toml_string(entry.message)}"]
    return "\n".join(lines) + "\n"


RETIRED_HEADER = """\
# Retired verdicts: labelled findings the plugin no longer reports, in the format of ledger.toml.
# `python ledger/run.py regenerate` moves a finding here when it disappears and restores its label when it
# comes back; nothing here counts in the precision.
"""


def dumps(entries: Iterable[Entry], header: str = HEADER) -> str:
    return header + "".join("\n" + _block(entry) for entry in sorted(entries))


def _entry(project: str, raw: dict) -> Entry:
    try:
        entry = Entry(project, raw["path"], int(raw["line"]), raw["code"], int(raw.get("nth", 0)),
                      int(raw.get("col", 0)), raw.get("message", ""), raw.get("label", UNLABELLED),
                      raw.get("reason", ""))
    except KeyError as missing:
        raise LedgerError(f"{project}: a finding lacks {missing}") from None
    if entry.label not in LABELS:
        raise LedgerError(f"{project} {entry.path}:{entry.line}: label {entry.label!r} is not one of {LABELS}")
    if entry.label != UNLABELLED and not entry.reason.strip():
        raise LedgerError(f"{project} {entry.path}:{entry.line}: a {entry.label} label needs a reason")
    return entry


def loads(text: str) -> list[Entry]:
    entries = [_entry(project, raw) for project, blocks in tomllib.loads(text).items() for raw in blocks]
    keys = [entry.key for entry in entries]
    if len(set(keys)) != len(keys):
        duplicated = sorted({key for key in keys if keys.count(key) > 1})
        raise LedgerError(f"findings listed twice: {duplicated[:5]}")
    return entries


def load_ledger(path: Path = LEDGER_PATH) -> list[Entry]:
    return loads(path.read_text(encoding="utf-8")) if path.exists() else []


def save_ledger(entries: Iterable[Entry], path: Path = LEDGER_PATH, header: str = HEADER) -> None:
    path.write_text(dumps(entries, header), encoding="utf-8")
