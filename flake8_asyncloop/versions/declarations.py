"""What one dependency source says about one package, and how much that statement is trusted.

Every reader (requirements files, pyproject.toml, setup.cfg, setup.py, tox.ini, Pipfile, lock files) turns
what it reads into :class:`Declaration` objects, so that the resolution step never needs to know which file
format a version came from: it only compares trust ranks and, for ranges, asks the specifier sets.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version


class Trust(IntEnum):
    """Lower is more trusted: a lock file records what is installed, a pin what will be, a range only bounds it."""

    LOCKED = 0
    PINNED = 1
    RANGE = 2
    UNCONSTRAINED = 3


@dataclass(frozen=True)
class Declaration:
    """One package named by one source.

    ``alternatives`` holds one specifier set per alternative (Poetry's ``||`` and multiple-constraint
    dependencies are unions; a PEP 508 requirement has exactly one); an empty tuple admits any version.
    ``locked`` is the version a lock file records.  ``constrains_only`` marks a pip ``-c`` constraints
    file: it bounds a version without installing the package.
    """

    name: str
    origin: str
    alternatives: tuple[SpecifierSet, ...] = ()
    locked: Version | None = None
    constrains_only: bool = False

    @property
    def pinned(self) -> Version | None:
        """The one version this declaration allows: the locked one, or an exact ``==``/``===`` pin."""
        if self.locked is not None:
            return self.locked
        if len(self.alternatives) != 1 or len(self.alternatives[0]) != 1:
            return None
        (specifier,) = self.alternatives[0]
        if specifier.operator not in ("==", "===") or specifier.version.endswith(".*"):
            return None
        try:
            return Version(specifier.version)
        except InvalidVersion:  # ``===`` compares strings and may name something that is no version
            return None

    @property
    def trust(self) -> Trust:
        if self.locked is not None:
            return Trust.LOCKED
        if self.pinned is not None:
            return Trust.PINNED
        if any(str(alternative) for alternative in self.alternatives):
            return Trust.RANGE
        return Trust.UNCONSTRAINED

    @property
    def constraint_text(self) -> str:
        """The specifier as written back in PEP 440 form, alternatives joined with `` or ``."""
        return " or ".join(str(alternative) or "any version" for alternative in self.alternatives)

    def admits(self, version: Version) -> bool:
        """Whether ``version`` satisfies any alternative (pre-releases only when the specifier names one)."""
        if not self.alternatives:
            return True
        # Explicit, because packaging's default for an unset ``prereleases`` changed across releases.
        return any(
            alternative.contains(version, prereleases=bool(alternative.prereleases))
            for alternative in self.alternatives
        )


def declaration_from_pep508(text: str, origin: str, *, constrains_only: bool = False) -> Declaration | None:
    """Parse one PEP 508 requirement with ``packaging``; ``None`` when it is not one.

    The environment marker is dropped on purpose: the linter checks the code for the versions the project
    names, whichever interpreter later installs them.  A direct reference (``name @ url``) names the package
    without a version.
    """
    try:
        requirement = Requirement(text.strip())
    except InvalidRequirement:
        return None
    alternatives = (requirement.specifier,) if str(requirement.specifier) else ()
    return Declaration(
        name=canonicalize_name(requirement.name),
        origin=origin,
        alternatives=alternatives,
        constrains_only=constrains_only,
    )


def declarations_from_pep508_list(items: object, origin: str) -> list[Declaration]:
    """The requirements of a TOML/INI list of strings; anything that is not a requirement string is skipped."""
    if not isinstance(items, list):
        return []
    found = (declaration_from_pep508(item, origin) for item in items if isinstance(item, str))
    return [declaration for declaration in found if declaration is not None]
