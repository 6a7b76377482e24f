"""Version-dependent facts as named properties, each step cited from the changelog it comes from.

Rules never compare version numbers: they read a property such as
``model.pytest_asyncio.event_loop_fixture`` and get ``"the-loop"``, ``"deprecated"`` or ``"removed"`` for the
version the project runs.  A :class:`VersionFact` lists the values a fact takes, each with the first version
that has it and the changelog entry saying so; :meth:`PackageFeatures.change` gives that entry back for a
message ("deprecated since pytest-asyncio 0.22.0 (...)").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from packaging.version import Version

from .resolution import ResolvedVersion


@dataclass(frozen=True)
class Change:
    """From version ``since`` on (``"0"`` for "every release before the next change"), the fact is ``value``."""

    since: str
    value: Any
    source: str

    @property
    def since_version(self) -> Version:
        return Version(self.since)


class VersionFact:
    """A read-only property of a :class:`PackageFeatures` whose value depends on the package version."""

    def __init__(self, summary: str, *changes: Change) -> None:
        self.changes = tuple(sorted(changes, key=lambda change: change.since_version))
        self.summary = summary
        self.name = ""
        history = "\n".join(f"- {change.since}: {change.value!r}. {change.source}" for change in self.changes)
        self.__doc__ = f"{summary}\n\n{history}"

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, features: PackageFeatures | None, owner: type | None = None) -> Any:
        if features is None:
            return self
        value = self.change_at(features.version).value
        features.__dict__[self.name] = value  # the version never changes: later reads skip the descriptor
        return value

    def change_at(self, version: Version) -> Change:
        """The last change at or before ``version``."""
        in_force = self.changes[0]
        for change in self.changes:
            if change.since_version <= version:
                in_force = change
        return in_force


class PackageFeatures:
    """The facts of one package at the version a project runs; subclasses declare :class:`VersionFact` s."""

    package: ClassVar[str]

    def __init__(self, resolved: ResolvedVersion) -> None:
        self.resolved = resolved

    @property
    def version(self) -> Version:
        return self.resolved.version

    @property
    def phrase(self) -> str:
        """Where the version comes from, for messages, e.g. ``pytest-asyncio 0.21.2 from poetry.lock``."""
        return self.resolved.phrase

    @classmethod
    def facts(cls) -> dict[str, VersionFact]:
        """Every fact this package has, by property name."""
        found: dict[str, VersionFact] = {}
        for klass in reversed(cls.__mro__):
            found.update({name: value for name, value in vars(klass).items() if isinstance(value, VersionFact)})
        return found

    def change(self, fact_name: str) -> Change:
        """The changelog step behind the current value of ``fact_name``."""
        return self.facts()[fact_name].change_at(self.version)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.phrase}>"
