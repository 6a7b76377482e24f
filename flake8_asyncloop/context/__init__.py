"""One analysis context per linted file: every rule reads it, none re-derives it.

Everything is computed on first use and at most once: a rule that never asks for
the fixture graph never pays for the conftest chain, and a file the gate rejects
never builds an astroid tree.
"""

from __future__ import annotations

import os
from fnmatch import fnmatch
from functools import cached_property

from astroid import nodes

from ..settings import Settings
from . import loops
from .config import UNKNOWN, PytestConfig, find_config
from .facts import FileFacts, Fixture, MarkHook, TestFunction, load_file
from .project import find_module_file, search_roots

_PROJECT_MARKERS = ("setup.py", "setup.cfg", "pyproject.toml", ".git", "tox.ini")


class FileContext:
    """The linted file, its pytest config, its fixture graph and its loops."""

    def __init__(self, filename: str, source: str, tree=None, settings: Settings | None = None) -> None:
        self.filename = filename
        self.path = os.path.abspath(filename)
        self.source = source
        self.settings = settings or Settings()
        self._tree = tree

    @cached_property
    def facts(self) -> FileFacts:
        patterns = (self.raw_config.python_functions, self.raw_config.python_classes)
        return FileFacts(self.path, self.source, self._tree, _test_patterns=patterns)

    # -- the file itself ---------------------------------------------------------------

    @property
    def module(self) -> nodes.Module:
        return self.facts.module

    def qualname(self, node: nodes.NodeNG | None) -> str | None:
        return self.facts.qualname(node)

    @cached_property
    def is_conftest(self) -> bool:
        return os.path.basename(self.path) == "conftest.py"

    @cached_property
    def is_test_code(self) -> bool:
        """pytest would load this file: conftest, a python_files match, or it defines fixtures/tests."""
        return self.is_conftest or self._collected_as_test_module or bool(self.facts.all_fixtures)

    @cached_property
    def values(self):
        """What names hold (catalogue resources), resolved once per file for every rule that asks."""
        from .values import Values  # values.py builds on this module

        return Values(self)

    @cached_property
    def apps(self):
        """App resolution (what a client serves, whether it has a lifespan), shared by the ASGI rules."""
        from .apps import AppResolver  # apps.py builds on this module

        return AppResolver(self)

    # -- pytest config -------------------------------------------------------------------

    @cached_property
    def raw_config(self) -> PytestConfig:
        return find_config(os.path.dirname(self.path))

    @cached_property
    def config(self) -> PytestConfig:
        """Effective settings: the config file, made unknown where conftests edit it, then flake8 options."""
        edited = set().union(*(layer.edited_config_keys for layer in self._own_and_chain()))
        return self.raw_config.with_unknown(edited).with_overrides(self.settings.config_overrides())

    @cached_property
    def pytest_asyncio_in_play(self) -> bool:
        """The file, its conftest chain or the config show pytest-asyncio is used."""
        return self.raw_config.mentions_asyncio or any(
            layer.imports_pytest_asyncio for layer in self._own_and_chain()
        )

    @cached_property
    def other_async_runner_in_play(self) -> bool:
        """anyio or trio drive async tests somewhere in this file or its conftest chain."""
        return any(layer.uses_other_async_runner for layer in self._own_and_chain())

    # -- fixtures and tests --------------------------------------------------------------

    @cached_property
    def tests(self) -> tuple[TestFunction, ...]:
        if not self._collected_as_test_module:
            return ()
        return self.facts.tests

    @cached_property
    def _collected_as_test_module(self) -> bool:
        name = os.path.basename(self.path)
        return any(fnmatch(name, pattern) for pattern in self.raw_config.python_files)

    @cached_property
    def conftest_chain(self) -> tuple[FileFacts, ...]:
        """conftest.py files pytest loads for this file, nearest first, up to the rootdir."""
        chain = []
        directory = os.path.dirname(self.path)
        if self.is_conftest:
            directory = os.path.dirname(directory) if directory != self._top_directory else None
        while directory:
            candidate = os.path.join(directory, "conftest.py")
            if os.path.isfile(candidate) and candidate != self.path:
                facts = load_file(candidate)
                if facts is not None:
                    chain.append(facts)
            if directory == self._top_directory:
                break
            parent = os.path.dirname(directory)
            directory = parent if parent != directory else None
        return tuple(chain)

    @cached_property
    def _top_directory(self) -> str:
        """Where the conftest walk stops: the config file's directory, else the project root."""
        if self.raw_config.rootdir:
            return self.raw_config.rootdir
        directory = os.path.dirname(self.path)
        while True:
            if any(os.path.exists(os.path.join(directory, marker)) for marker in _PROJECT_MARKERS):
                return directory
            parent = os.path.dirname(directory)
            if parent == directory:
                return os.path.dirname(self.path)
            directory = parent

    @cached_property
    def plugin_modules(self) -> tuple[FileFacts, ...]:
        """Modules named in ``pytest_plugins`` of this file or its conftests, found as project files."""
        roots = search_roots(self.path, self._top_directory, self.raw_config.pythonpath)
        found = []
        for layer in self._own_and_chain():
            for dotted in layer.pytest_plugins:
                path = find_module_file(dotted, roots)
                facts = load_file(path) if path else None
                if facts is not None and facts.path != self.path:
                    found.append(facts)
        return tuple(found)

    def _own_and_chain(self) -> tuple[FileFacts, ...]:
        return (self.facts, *self.conftest_chain)

    def module_roots(self, path: str | None = None) -> tuple[str, ...]:
        """Directories the project-local modules imported by ``path`` (default: this file) are found under."""
        return search_roots(path or self.path, self._top_directory, self.raw_config.pythonpath)

    def facts_of(self, path: str) -> FileFacts | None:
        """Facts of this file, or of another project file read from disk (parsed once, cached)."""
        return self.facts if path == self.path else load_file(path)

    def find_fixture(self, name: str, requester: Fixture | TestFunction | None = None) -> Fixture | None:
        """The fixture pytest would inject for ``name`` into ``requester``, if it is defined in the project.

        Class, then module, then the conftest chain nearest first, then ``pytest_plugins``.
        A fixture requesting its own name gets the next definition outward (an override).
        """
        class_node = getattr(requester, "class_node", None)
        candidates = []
        if class_node is not None:
            candidates.append(self.facts.class_fixtures(class_node).get(name))
        candidates.append(self.facts.fixtures.get(name))
        candidates.extend(layer.fixtures.get(name) for layer in self.conftest_chain)
        candidates.extend(layer.fixtures.get(name) for layer in self.plugin_modules)
        skipping = isinstance(requester, Fixture) and requester.name == name
        for candidate in candidates:
            if candidate is None:
                continue
            if skipping:
                if candidate.node is requester.node:
                    skipping = False
                continue
            return candidate
        return None

    def describe(self, fixture: Fixture) -> str:
        """``tests/conftest.py:12``: where a fixture is defined, relative to the project root."""
        if fixture.path == self.path:
            return f"line {fixture.def_line}"
        relative = os.path.relpath(fixture.path, self._top_directory)
        if relative.startswith(".."):
            relative = fixture.path
        return f"{relative}:{fixture.def_line}"

    # -- loops ---------------------------------------------------------------------------

    @cached_property
    def mark_hooks(self) -> tuple[MarkHook, ...]:
        return tuple(hook for layer in self._own_and_chain() for hook in layer.mark_hooks)

    def runs_on_asyncio_loop(self, fixture: Fixture) -> object:
        return loops.runs_on_asyncio_loop(fixture, self.config)

    def fixture_loop_scope(self, fixture: Fixture) -> object:
        return loops.fixture_loop_scope(fixture, self.config)

    def is_asyncio_test(self, test: TestFunction) -> object:
        """pytest-asyncio runs this test: an async test with an asyncio mark, or any async test in auto mode."""
        if not test.is_async or test.closest_mark("anyio", "trio"):
            return False
        if test.closest_mark("asyncio") or self.mark_hooks:
            return True
        if self.config.asyncio_mode is UNKNOWN:
            return UNKNOWN
        return self.config.asyncio_mode == "auto"

    @cached_property
    def default_test_loop_scope(self) -> object:
        """Loop scope of a test with no mark of its own: a conftest hook's mark beats the config."""
        if self.mark_hooks:
            scopes = {hook.loop_scope for hook in self.mark_hooks}
            scope = scopes.pop() if len(scopes) == 1 else UNKNOWN
            return self.config.test_loop_scope if scope is None else scope
        return self.config.test_loop_scope

    def test_loop_scope(self, test: TestFunction) -> object:
        return loops.test_loop_scope(test, self.config, self.mark_hooks)


__all__ = ["FileContext", "Fixture", "TestFunction", "UNKNOWN"]
