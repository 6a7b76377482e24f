"""The fixtures pytest makes visible to a test or fixture, and the definition a name resolves to.

pytest registers every fixture function it finds as an attribute of a module it loads: the
test module, each ``conftest.py`` from the file's directory up to ``confcutdir``, the modules
named in ``pytest_plugins`` (recursively) and the plugins the project registers under the
``pytest11`` entry point.  A fixture *imported* into one of those modules (``from
tests.fixtures.db import engine``, or a star import) is registered there too; a module
imported whole (``import fixtures``) is not.  The closest definition wins: the class, then
the module, then conftests nearest first, then plugins; a fixture requesting its own name
gets the next definition outward.  Names are resolved from the point of view of the test
being linted, as pytest resolves them for each test item.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from functools import cached_property

from .files import FileFacts, Fixture, TestFunction
from .loading import load_file, mentions
from .modules import find_module_file

Layer = dict[str, "Fixture | None"]  # None: defined in two branches, so which one pytest sees is unknown
_MAX_PLUGIN_DEPTH = 8


class FixtureIndex:
    """Fixture resolution for one linted file, from the point of view of the tests in it."""

    def __init__(self, facts: FileFacts, conftests: tuple[FileFacts, ...], roots: tuple[str, ...],
                 entry_point_plugins: tuple[str, ...] = ()) -> None:
        self.facts = facts
        self.conftests = conftests
        self._roots = roots
        self._entry_point_plugins = entry_point_plugins
        self._layers: dict[int, Layer] = {}

    # -- layers ------------------------------------------------------------------------

    def layer(self, facts: FileFacts) -> Layer:
        """Fixtures registered for one module: its own, and the fixture functions imported into it."""
        key = id(facts)
        if key not in self._layers:
            self._layers[key] = self._build_layer(facts)
        return self._layers[key]

    def _build_layer(self, facts: FileFacts) -> Layer:
        layer: Layer = {}
        for module, names in self._imported_fixture_sources(facts):
            source = self.module_facts(module, facts.path, may_define_fixtures=True)
            if source is None:
                continue
            for fixture in source.all_fixtures:
                if fixture.class_node is None and (names is None or fixture.node.name in names):
                    if names is not None or _public(fixture.node.name, source.dunder_all):
                        layer[fixture.name] = fixture
        layer.update(facts.fixtures)  # names defined in the module itself are registered last
        return layer

    def _imported_fixture_sources(self, facts: FileFacts) -> Iterator[tuple[str, set[str] | None]]:
        """(module, imported names) for ``from module import a, b``; names None for ``import *``."""
        by_module: dict[str, set[str]] = {}
        for _local, target in facts.imported_names.items():
            module, _, name = target.rpartition(".")
            if module:
                by_module.setdefault(module, set()).add(name)
        yield from ((module, None) for module in facts.star_imports)
        yield from by_module.items()

    def module_facts(self, dotted: str, importer: str, may_define_fixtures: bool = False) -> FileFacts | None:
        """Facts of a project module; with ``may_define_fixtures``, None without parsing when its text cannot
        define a fixture (most names a conftest imports are the project's own classes and functions)."""
        path = find_module_file(dotted, self._roots)
        if path is None or os.path.abspath(path) == os.path.abspath(importer):
            return None
        if may_define_fixtures and not mentions(path, b"fixture"):
            return None
        return load_file(path, self.facts.test_patterns)

    @cached_property
    def plugin_modules(self) -> tuple[FileFacts, ...]:
        """``pytest_plugins`` of the module and its conftests (recursively), then ``pytest11`` plugins."""
        found: dict[str, FileFacts] = {}
        pending = [(name, layer.path, 0) for layer in (self.facts, *self.conftests) for name in layer.pytest_plugins]
        pending += [(name, self.facts.path, 0) for name in self._entry_point_plugins]
        while pending:
            dotted, importer, depth = pending.pop(0)
            module = self.module_facts(dotted, importer) if depth <= _MAX_PLUGIN_DEPTH else None
            if module is None or module.path in found:
                continue
            found[module.path] = module
            pending += [(name, module.path, depth + 1) for name in module.pytest_plugins]
        return tuple(found.values())

    def layers_for(self, requester: Fixture | TestFunction | None) -> list[Layer]:
        """Every layer visible to ``requester``, closest first."""
        layers: list[Layer] = []
        class_node = getattr(requester, "class_node", None)
        if class_node is not None and requester.path == self.facts.path:
            for owner in _class_chain(self.facts, class_node):
                layers.append(self.facts.class_fixtures(owner))
        home = self.facts if requester is None or requester.path == self.facts.path else load_file(requester.path)
        if home is not None and home is not self.facts and os.path.basename(home.path) != "conftest.py":
            layers.append(self.layer(home))  # a fixture from a plugin or fixture module sees its own module
        layers.append(self.layer(self.facts))
        layers += [self.layer(conftest) for conftest in self.conftests]
        layers += [self.layer(plugin) for plugin in self.plugin_modules]
        return layers

    # -- resolution --------------------------------------------------------------------

    def resolve(self, name: str, requester: Fixture | TestFunction | None) -> Fixture | None:
        """The fixture pytest injects for ``name`` into ``requester``; None if not defined in the project
        (a plugin's or pytest's own fixture) or ambiguous."""
        skipping = isinstance(requester, Fixture) and requester.name == name
        for layer in self.layers_for(requester):
            if name not in layer:
                continue
            candidate = layer[name]
            if skipping:
                if candidate is not None and candidate.node is requester.node:
                    skipping = False
                continue
            return candidate
        return None

    def visible(self, requester: Fixture | TestFunction | None) -> dict[str, Fixture]:
        """Every fixture ``requester`` could request, by name, the closest definition of each."""
        found: dict[str, Fixture] = {}
        for layer in reversed(self.layers_for(requester)):
            for name, fixture in layer.items():
                if fixture is None:
                    found.pop(name, None)
                else:
                    found[name] = fixture
        return found

    def requester_of(self, function: ast.AST, facts: FileFacts | None = None) -> Fixture | TestFunction | None:
        """The fixture or test whose ``def`` is ``function``, in this file, its conftests or plugins."""
        facts = facts or self.facts
        found = facts.test_of(function) if facts is self.facts else None
        if found is not None:
            return found
        for layer in (facts, *self.conftests, *self.plugin_modules):
            fixture = layer.fixture_of(function)
            if fixture is not None:
                return fixture
        return None

    def closure(self, start: list[Fixture | TestFunction]) -> list[Fixture]:
        """Every project fixture ``start`` requests, directly or through other fixtures, with autouse ones."""
        found: dict[int, Fixture] = {id(item.node): item for item in start if isinstance(item, Fixture)}
        pending = list(start)
        first = start[0] if start else None
        pending += [f for f in self.visible(first).values() if f.autouse is True and id(f.node) not in found]
        found.update((id(f.node), f) for f in pending if isinstance(f, Fixture))
        while pending:
            requester = pending.pop()
            for name in requested_names(requester):
                fixture = self.resolve(name, requester)
                if fixture is not None and id(fixture.node) not in found:
                    found[id(fixture.node)] = fixture
                    pending.append(fixture)
        return list(found.values())


def requested_names(requester: Fixture | TestFunction) -> list[str]:
    """Parameters, ``usefixtures`` marks and literal ``request.getfixturevalue("name")`` calls."""
    names = [parameter.arg for parameter in requester.requests()]
    for mark in getattr(requester, "marks", ()):
        if mark.name == "usefixtures" and mark.call is not None:
            names += [arg.value for arg in mark.call.args if isinstance(arg, ast.Constant)]
    for node in ast.walk(requester.node):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "getfixturevalue":
            if node.args and isinstance(node.args[0], ast.Constant):
                names.append(node.args[0].value)
    return [name for name in names if isinstance(name, str)]


def _public(name: str, dunder_all: tuple[str, ...] | None) -> bool:
    """What ``from module import *`` binds."""
    return name in dunder_all if dunder_all is not None else not name.startswith("_")


def _class_chain(facts: FileFacts, class_node: ast.ClassDef) -> list[ast.ClassDef]:
    """The class, its enclosing classes and its base classes defined in the same file, closest first."""
    chain: list[ast.ClassDef] = []
    pending = [class_node]
    while pending and len(chain) < 16:
        current = pending.pop(0)
        if current in chain:
            continue
        chain.append(current)
        for base in current.bases:
            if isinstance(base, ast.Name):
                _scope, bindings = facts.syntax.lookup(base)
                pending += [b for b in bindings if isinstance(b, ast.ClassDef)]
        parent = facts.syntax.parent(current)
        if isinstance(parent, ast.ClassDef):
            pending.append(parent)
    return chain
