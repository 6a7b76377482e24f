"""Everything the rules read about one linted file, assembled by the checker.

A record of parts (file facts, pytest config, collection, versions, fixtures, loops, tracer)
that know nothing of it and never call back into it.  Each part is built when a rule first
reads it, and computes lazily inside: a rule that returns at ``is_test_code`` never pays for
the versions, the conftest chain or the fixtures, and a rule that never follows a value never
pays for the files a value would lead to.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cached_property

from .catalog import catalogue
from .project.collection import Collection, top_directory
from .project.config import PytestConfig, find_config
from .project.files import FileFacts, TestFunction
from .project.fixtures import FixtureIndex
from .project.loops import LoopModel, relative_to
from .project.modules import search_roots
from .project.plugins import entry_point_plugins, is_fixture_module
from .settings import Settings
from .tracer import Tracer


class FileContext:
    """One linted file and its project, seen as pytest sees them."""

    def __init__(self, path: str, facts: FileFacts, raw_config: PytestConfig, rootdir: str, collection: Collection,
                 settings: Settings, versions_for: Callable[[str], object]) -> None:
        self.path = path  # absolute
        self.facts = facts
        self.raw_config = raw_config  # the config file as written
        self.rootdir = rootdir
        self.collection = collection
        self.settings = settings
        self._versions_for = versions_for

    @cached_property
    def conftests(self) -> tuple[FileFacts, ...]:
        return self.collection.conftest_chain(self.path)

    @cached_property
    def _layers(self) -> tuple[FileFacts, ...]:
        return (self.facts, *self.conftests)

    @cached_property
    def config(self) -> PytestConfig:
        """Effective: the config file, conftest edits made unknown, flake8 options applied."""
        edited = set().union(*(layer.edited_config_keys for layer in self._layers))
        return self.raw_config.with_unknown(edited).with_overrides(self.settings.config_overrides())

    @cached_property
    def versions(self):
        """versions.VersionModel (current, or the target view)."""
        return self._versions_for(self.rootdir)

    @cached_property
    def era(self):
        """The pytest-asyncio features of the version the project runs (or the target)."""
        return self.versions.pytest_asyncio

    @cached_property
    def fixtures(self) -> FixtureIndex:
        roots = search_roots(self.path, self.rootdir, self.raw_config.pythonpath)
        return FixtureIndex(self.facts, self.conftests, roots, entry_point_plugins(self.rootdir))

    @cached_property
    def loops(self) -> LoopModel:
        hooks = tuple(hook for layer in self._layers for hook in layer.mark_hooks)
        return LoopModel(self.config, self.versions.pytest_asyncio, self.fixtures.resolve, hooks,
                         relative_to(os.getcwd()))

    @cached_property
    def tracer(self) -> Tracer:
        rootdir, pythonpath = self.rootdir, self.raw_config.pythonpath
        return Tracer(self.facts, self.fixtures, self.loops, catalogue(self.settings.resource_factories),
                      lambda importer: search_roots(importer, rootdir, pythonpath), relative_to(os.getcwd()))

    @cached_property
    def is_conftest(self) -> bool:
        return self.collection.is_conftest(self.path)

    @cached_property
    def _collected(self) -> bool:
        return self.collection.is_collected(self.path)

    @cached_property
    def tests(self) -> tuple[TestFunction, ...]:
        """Tests pytest collects from this file (none when it is not collected)."""
        return self.facts.tests if self._collected else ()

    @cached_property
    def is_test_code(self) -> bool:
        """pytest loads this file: a collected module, a conftest, a fixture or plugin module (the conftests that
        name the module are searched for an import of it only when it is neither collected nor a conftest)."""
        return self.is_conftest or self._collected or is_fixture_module(self.path, self.rootdir, self.collection)

    @cached_property
    def pytest_asyncio_in_play(self) -> bool:
        """pytest-asyncio drives the tests when the project lists it, or when its config keys, imports or marks
        show it in use (its test dependencies may sit where no dependency file says, e.g. a noxfile)."""
        if "asyncio" in self.raw_config.disabled_plugins:
            return False
        return self.versions.listed("pytest-asyncio") is True or self.raw_config.mentions_asyncio or any(
            layer.imports_pytest_asyncio for layer in self._layers)

    @cached_property
    def other_async_runner_in_play(self) -> bool:
        return any(layer.uses_other_async_runner for layer in self._layers)

    def relative(self, path: str) -> str:
        return relative_to(os.getcwd())(path)

    def qualname(self, node) -> str | None:
        return self.facts.qualname(node)


def build_context(filename: str, source: str, tree, settings: Settings, versions_for) -> FileContext:
    """The record for one file; ``versions_for(rootdir)`` gives the version model to judge by."""
    path = os.path.abspath(filename)
    raw_config = find_config(os.path.dirname(path))
    rootdir = top_directory(raw_config, path)
    collection = Collection(raw_config, rootdir)
    facts = FileFacts(path, source, tree, test_patterns=collection.test_patterns)
    return FileContext(path, facts, raw_config, rootdir, collection, settings, versions_for)
