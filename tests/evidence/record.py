"""What the recorder plugin (recorder/evidence_recorder.py) saw in one project run, and documented symptoms
as exact facts about it: a channel, a type and a message substring.

A symptom never matches source text or tracebacks, only ``module.QualName`` types and messages, so a
project that fails for an unrelated reason cannot show it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

CHANNELS = ("failure", "warning", "unraisable", "log")


@dataclasses.dataclass(frozen=True)
class RecordedException:
    relation: str  # "raised", or how it hangs off that one: "cause", "context", "group member"
    type: str  # module.QualName
    message: str  # str(exception)


@dataclasses.dataclass(frozen=True)
class Entry:
    """One thing that went wrong: a failed phase, a warning, an unraisable exception or a log record."""

    channel: str
    nodeid: str
    phase: str
    exceptions: tuple[RecordedException, ...] = ()  # failures, unraisables and log records with exc_info
    category: str = ""  # warnings: the category's module.QualName
    message: str = ""  # warnings and log records: their own message

    def describe(self) -> str:
        """One line for assertion messages: where, then types and messages (never source)."""
        facts = [f"{self.category}: {self.message}"] if self.category else [self.message] if self.message else []
        facts += [f"{exception.type}: {exception.message[:200]}" for exception in self.exceptions]
        return f"{self.channel} {self.nodeid or '-'} ({self.phase}): " + " | ".join(facts)


@dataclasses.dataclass(frozen=True)
class Record:
    entries: tuple[Entry, ...]

    @classmethod
    def from_json(cls, text: str) -> Record:
        data = json.loads(text)
        entries = [
            Entry("failure", item["nodeid"], item["phase"], _exceptions(item)) for item in data["failures"]
        ] + [
            Entry("warning", item["nodeid"], item["phase"], category=item["category"], message=item["message"])
            for item in data["warnings"]
        ] + [
            Entry("unraisable", item["nodeid"], item["phase"], _exceptions(item)) for item in data["unraisables"]
        ] + [
            Entry("log", item["nodeid"], item["phase"], _exceptions(item), message=item["message"])
            for item in data["log_records"]
        ]
        return cls(tuple(entries))

    def on(self, channel: str) -> Iterator[Entry]:
        return (entry for entry in self.entries if entry.channel == channel)

    def describe(self) -> str:
        return "\n".join(entry.describe() for entry in self.entries) or "(nothing recorded)"


def _exceptions(item: dict) -> tuple[RecordedException, ...]:
    return tuple(RecordedException(**exception) for exception in item["exceptions"])


@dataclasses.dataclass(frozen=True)
class Symptom:
    """A documented symptom.

    ``failure``: a failed or errored test phase raised (or chained, or grouped) an exception of ``type``
    whose message contains ``message``.  ``unraisable``: the same, for an exception a finaliser raised.
    ``warning``: a warning of category ``type`` whose message contains ``message``.  ``log``: a log record
    at WARNING or above whose message contains ``log_message``, carrying such an exception.
    """

    channel: str
    type: str
    message: str
    log_message: str = ""

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")
        if (self.channel == "log") != bool(self.log_message):
            raise ValueError("a log symptom, and only a log symptom, names the log message")

    def matches(self, entry: Entry) -> bool:
        if entry.channel != self.channel:
            return False
        if self.channel == "warning":
            return entry.category == self.type and self.message in entry.message
        if self.channel == "log" and self.log_message not in entry.message:
            return False
        return any(
            exception.type == self.type and self.message in exception.message for exception in entry.exceptions
        )

    def shown_by(self, record: Record) -> bool:
        return any(self.matches(entry) for entry in record.entries)

    def __str__(self) -> str:
        """Concise, for the README: ``InterfaceError: another operation is in progress``."""
        shown = f"{self.type.rsplit('.', 1)[-1]}: {self.message}"
        return f"{self.log_message} ({shown})" if self.log_message else shown


def failure(type_: str, message: str) -> Symptom:
    return Symptom("failure", type_, message)


def warning(category: str, message: str) -> Symptom:
    return Symptom("warning", category, message)


def logged(log_message: str, type_: str, message: str) -> Symptom:
    return Symptom("log", type_, message, log_message)
