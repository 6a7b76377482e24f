"""From the declarations of one package to the one version the rules check against, and where it came from.

Order of trust: a lock file, then an exact pin (``==``/``===``), then a range, then a bare name.  Within
one rank the declaration read first wins (lock files nearest the root first, then pyproject.toml,
setup.cfg, setup.py, requirements files, tox.ini, Pipfile).  A range resolves to the newest known release
it admits (known_releases.py); a bare name, or no declaration at all, to the newest known release.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from packaging.version import Version

from .declarations import Declaration, Trust
from .known_releases import known_releases


class Basis(Enum):
    """Why a version was chosen; decides how :attr:`ResolvedVersion.phrase` reads."""

    LOCKED = "locked"
    PINNED = "pinned"
    RANGE = "range"
    UNCONSTRAINED = "unconstrained"
    NEWEST_KNOWN = "newest-known"
    OPTION = "option"
    TARGET = "target"


VERSIONS_OPTION_ORIGIN = "the --asyncloop-versions option"
TARGET_OPTION_ORIGIN = "the --asyncloop-target-versions option"
NO_PIN_ORIGIN = "newest known (no pin found)"


@dataclass(frozen=True)
class ResolvedVersion:
    """One package's version with its origin (relative to the root), e.g. ``poetry.lock`` or
    ``requirements/test.txt:3``; ``from_target`` says it comes from ``--asyncloop-target-versions``."""

    name: str
    version: Version
    origin: str
    basis: Basis
    constraint: str = ""

    @property
    def from_target(self) -> bool:
        return self.basis is Basis.TARGET

    @property
    def phrase(self) -> str:
        """A short clause for messages, e.g. ``pytest-asyncio 0.21.2 from poetry.lock``."""
        named = f"{self.name} {self.version}"
        if self.basis is Basis.NEWEST_KNOWN:
            return f"{named}, {self.origin}"
        if self.basis is Basis.UNCONSTRAINED:
            return f"{named}, newest known ({self.origin} names no version)"
        if self.basis is Basis.RANGE:
            return f"{named} from {self.origin} (newest known release matching {self.constraint})"
        return f"{named} from {self.origin}"

    def __str__(self) -> str:
        return self.phrase


def resolve(name: str, declarations: Iterable[Declaration]) -> ResolvedVersion | None:
    """The version of ``name`` (canonical) given its declarations in reading order.

    ``None`` only for a package without a known release list that no source pins.
    """
    ranked = sorted(declarations, key=lambda declaration: declaration.trust)  # stable: reading order kept
    releases = known_releases(name)
    if not ranked:
        return ResolvedVersion(name, releases[0], NO_PIN_ORIGIN, Basis.NEWEST_KNOWN) if releases else None
    best = ranked[0]
    if best.trust is Trust.LOCKED:
        return ResolvedVersion(name, best.pinned, best.origin, Basis.LOCKED)
    if best.trust is Trust.PINNED:
        return ResolvedVersion(name, best.pinned, best.origin, Basis.PINNED)
    if not releases:
        return None
    if best.trust is Trust.UNCONSTRAINED:
        return ResolvedVersion(name, releases[0], best.origin, Basis.UNCONSTRAINED)
    admitted = [release for release in releases if best.admits(release)]
    if not admitted:
        origin = f"newest known (no known release matches {best.constraint_text} from {best.origin})"
        return ResolvedVersion(name, releases[0], origin, Basis.NEWEST_KNOWN)
    return ResolvedVersion(name, admitted[0], best.origin, Basis.RANGE, best.constraint_text)


def from_option(name: str, version: Version, *, target: bool) -> ResolvedVersion:
    """A version given on the command line: ``--asyncloop-versions`` or ``--asyncloop-target-versions``."""
    if target:
        return ResolvedVersion(name, version, TARGET_OPTION_ORIGIN, Basis.TARGET)
    return ResolvedVersion(name, version, VERSIONS_OPTION_ORIGIN, Basis.OPTION)
