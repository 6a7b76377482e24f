"""The two answers every layer gives when it cannot read something: ``Verdict`` and ``UNKNOWN``.

``Verdict`` answers yes/no questions (is this value bound to a loop?).  ``UNKNOWN`` stands for
a value that cannot be read statically (``scope=make_scope()``).  Neither may be used as a
boolean: ``if verdict:`` raises, so a rule cannot mistake "unknown" for "no" by accident.
"""

from __future__ import annotations

import enum


class Verdict(enum.Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    def __bool__(self) -> bool:
        raise TypeError("compare a Verdict with Verdict.YES / NO / UNKNOWN explicitly")

    @classmethod
    def of(cls, value: bool) -> Verdict:
        return cls.YES if value else cls.NO

    @classmethod
    def all_of(cls, verdicts) -> Verdict:
        """YES when every verdict is YES, NO when any is NO, else UNKNOWN."""
        found = set(verdicts)
        if cls.NO in found:
            return cls.NO
        return cls.UNKNOWN if cls.UNKNOWN in found else cls.YES

    @classmethod
    def any_of(cls, verdicts) -> Verdict:
        """YES when any verdict is YES, NO when every one is NO, else UNKNOWN."""
        found = set(verdicts)
        if cls.YES in found:
            return cls.YES
        return cls.UNKNOWN if cls.UNKNOWN in found else cls.NO


class _Unknown:
    """A value that cannot be known without running the code (a singleton)."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("compare with `is UNKNOWN` explicitly")

    def __reduce__(self):
        return (_Unknown, ())


UNKNOWN = _Unknown()
