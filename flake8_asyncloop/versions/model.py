"""The versions one project root runs, as the rules see them, with the command-line options applied.

``--asyncloop-versions`` overrides what the sources say (the user knows better than the files).
``--asyncloop-target-versions`` is a separate question, "would this code be right on those versions?":
:attr:`VersionModel.target` answers it with the target versions in place of the project's, and each
:class:`ResolvedVersion` says through ``from_target`` whether it is one of them.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from packaging.utils import canonicalize_name
from packaging.version import Version

from .declarations import Declaration
from .library_facts import (
    FastAPIFeatures,
    Httpx2Features,
    HttpxFeatures,
    PytestFeatures,
    RedisFeatures,
    StarletteFeatures,
)
from .project_dependencies import ProjectDependencies
from .pytest_asyncio_facts import PytestAsyncioFeatures
from .resolution import ResolvedVersion, from_option, resolve

_EMPTY: Mapping[str, Version] = MappingProxyType({})


class VersionModel:
    """Versions and version-dependent facts for one root; build it with :func:`project_versions`."""

    def __init__(
        self,
        dependencies: ProjectDependencies,
        overrides: Mapping[str, Version] = _EMPTY,
        targets: Mapping[str, Version] = _EMPTY,
        *,
        is_target_view: bool = False,
    ) -> None:
        self._dependencies = dependencies
        self._overrides = overrides
        self._targets = targets
        self.is_target_view = is_target_view
        self._by_name: dict[str, list[Declaration]] = {}
        for declaration in dependencies.declarations:
            self._by_name.setdefault(declaration.name, []).append(declaration)
        self._resolved: dict[str, ResolvedVersion | None] = {}

    @property
    def root(self) -> Path | None:
        """The directory whose sources were read; ``None`` when none was found up to the repository boundary."""
        return self._dependencies.root

    @property
    def sources(self) -> tuple[str, ...]:
        """The files read, relative to the root (a workspace lock reads as ``../../uv.lock``)."""
        return self._dependencies.sources

    @property
    def unreadable(self) -> tuple[str, ...]:
        """Source files that could not be read or parsed, and were skipped."""
        return self._dependencies.unreadable

    def declarations(self, name: str) -> tuple[Declaration, ...]:
        """Everything the sources say about ``name``, in reading order (locks first)."""
        return tuple(self._by_name.get(canonicalize_name(name), ()))

    def version(self, name: str) -> ResolvedVersion | None:
        """The version of ``name`` (any spelling) the code is checked against, with where it comes from.

        ``None`` only for a package that has no known release list and that no source pins.
        """
        key = canonicalize_name(name)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(key)
        return self._resolved[key]

    def listed(self, name: str) -> bool | None:
        """Whether ``name`` is installed by the project's sources (a lock file, or a requirement that is not a
        mere ``-c`` constraint) or given by an option; ``None`` when no dependency source was found at all."""
        key = canonicalize_name(name)
        if key in self._overrides or (self.is_target_view and key in self._targets):
            return True
        if self.root is None:
            return None
        return any(not declaration.constrains_only for declaration in self._by_name.get(key, ()))

    @cached_property
    def target(self) -> VersionModel:
        """The view with ``--asyncloop-target-versions`` in place of the project's versions (itself if already)."""
        if self.is_target_view:
            return self
        return VersionModel(self._dependencies, self._overrides, self._targets, is_target_view=True)

    @property
    def pytest_asyncio(self) -> PytestAsyncioFeatures:
        return PytestAsyncioFeatures(self._known("pytest-asyncio"))

    @property
    def pytest(self) -> PytestFeatures:
        return PytestFeatures(self._known("pytest"))

    @property
    def httpx(self) -> HttpxFeatures:
        return HttpxFeatures(self._known("httpx"))

    @property
    def httpx2(self) -> Httpx2Features:
        return Httpx2Features(self._known("httpx2"))

    @property
    def starlette(self) -> StarletteFeatures:
        return StarletteFeatures(self._known("starlette"))

    @property
    def fastapi(self) -> FastAPIFeatures:
        return FastAPIFeatures(self._known("fastapi"))

    @property
    def redis(self) -> RedisFeatures:
        return RedisFeatures(self._known("redis"))

    def _known(self, name: str) -> ResolvedVersion:
        resolved = self.version(name)
        assert resolved is not None, f"{name} has a known release list, so it always resolves"
        return resolved

    def _resolve(self, name: str) -> ResolvedVersion | None:
        if self.is_target_view and name in self._targets:
            return from_option(name, self._targets[name], target=True)
        if name in self._overrides:
            return from_option(name, self._overrides[name], target=False)
        return resolve(name, self._by_name.get(name, ()))

    def __repr__(self) -> str:
        view = " (target view)" if self.is_target_view else ""
        return f"<VersionModel root={self.root}{view} sources={list(self.sources)}>"
