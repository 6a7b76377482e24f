"""Everything the rules read about one linted file, assembled once by the checker.

A plain record: the parts (file facts, pytest config, collection, versions, fixtures, loops,
tracer) know nothing of it and never call back into it.  Each part computes lazily inside,
so a rule that never follows a value never pays for the files a value would lead to.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property

from .catalog import catalogue
from .project.collection import Collection, top_directory
from .project.config import PytestConfig, find_config
from .project.files import FileFacts, TestFunction
from .project.fixtures import FixtureIndex
from .project.loops import LoopModel, relative_to
from .project.modules import search_roots
from .project.plugins import entry_point_plugins, fixture_modules
from .settings import Settings
from .tracer import Tracer


@dataclass(eq=False)
class FileContext:
    path: str  # absolute
    facts: FileFacts
    config: PytestConfig  # effective: the config file, conftest edits made unknown, flake8 options applied
    rootdir: str
    collection: Collection
    versions: object  # versions.VersionModel (current, or the target view)
    fixtures: FixtureIndex
    loops: LoopModel
    tracer: Tracer
    settings: Settings
    tests: tuple[TestFunction, ...]  # tests pytest collects from this file (none when it is not collected)
    is_conftest: bool
    is_test_code: bool  # pytest loads this file: a collected module, a conftest, a fixture or plugin module
    pytest_asyncio_in_play: bool
    other_async_runner_in_play: bool

    @cached_property
    def era(self):
        """The pytest-asyncio features of the version the project runs (or the target)."""
        return self.versions.pytest_asyncio

    def relative(self, path: str) -> str:
        return relative_to(os.getcwd())(path)

    def qualname(self, node) -> str | None:
        return self.facts.qualname(node)


def build_context(filename: str, source: str, tree, settings: Settings, versions_for) -> FileContext:
    """Assemble the record for one file; ``versions_for(rootdir)`` gives the version model to judge by."""
    path = os.path.abspath(filename)
    raw_config = find_config(os.path.dirname(path))
    rootdir = top_directory(raw_config, path)
    collection = Collection(raw_config, rootdir)
    facts = FileFacts(path, source, tree, test_patterns=collection.test_patterns)
    conftests = collection.conftest_chain(path)
    layers = (facts, *conftests)
    edited = set().union(*(layer.edited_config_keys for layer in layers))
    config = raw_config.with_unknown(edited).with_overrides(settings.config_overrides())
    versions = versions_for(rootdir)
    roots = search_roots(path, rootdir, raw_config.pythonpath)
    fixtures = FixtureIndex(facts, conftests, roots, entry_point_plugins(rootdir))
    relative = relative_to(os.getcwd())
    hooks = tuple(hook for layer in layers for hook in layer.mark_hooks)
    loops = LoopModel(config, versions.pytest_asyncio, fixtures.resolve, hooks, relative)
    tracer = Tracer(facts, fixtures, loops, catalogue(settings.resource_factories),
                    lambda importer: search_roots(importer, rootdir, raw_config.pythonpath), relative)
    is_conftest = collection.is_conftest(path)
    collected = collection.is_collected(path)
    is_test_code = is_conftest or collected or path in fixture_modules(rootdir, collection)
    # pytest-asyncio drives the tests when the project lists it, or when its config keys, imports or marks show
    # it in use (its test dependencies may sit where no dependency file says, e.g. a noxfile).
    in_play = versions.listed("pytest-asyncio") is True or raw_config.mentions_asyncio or any(
        layer.imports_pytest_asyncio for layer in layers)
    return FileContext(
        path=path, facts=facts, config=config, rootdir=rootdir, collection=collection, versions=versions,
        fixtures=fixtures, loops=loops, tracer=tracer, settings=settings,
        tests=facts.tests if collected else (),
        is_conftest=is_conftest, is_test_code=is_test_code,
        pytest_asyncio_in_play=in_play and "asyncio" not in raw_config.disabled_plugins,
        other_async_runner_in_play=any(layer.uses_other_async_runner for layer in layers),
    )
