"""The order in which pytest sets up a test's fixtures, read from source.

pytest builds a test's fixture closure from its autouse fixtures (outermost conftest or plugin
first, each module's in name order, as ``dir()`` lists them), its ``usefixtures`` marks and its
parameters, then the fixtures those request, appended as found; it sorts the closure by
caching scope (session first, a stable sort) and sets each fixture up after the fixtures it
requests.  Names the project does not define (``tmp_path``, a plugin's fixture) keep their
place as external entries, sorted as function-scoped as pytest sorts names it cannot resolve
from the test's own view.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..project.files import Fixture, TestFunction
from ..project.fixtures import FixtureIndex
from ..project.loops import SCOPE_ORDER

_NOT_FIXTURES = frozenset({"request"})  # pytest's FixtureRequest: a parameter, never set up


@dataclass(frozen=True, eq=False)
class SetupStep:
    """One fixture in setup order: the definition the test sees (None for pytest's or a plugin's), who asks."""

    key: object  # identity of the definition (two fixtures may share a name: an override and the one it wraps)
    name: str
    fixture: Fixture | None
    requested_by: tuple[object, ...]  # keys of the requesting fixtures, TEST for the test itself, in request order


TEST = "test"


def setup_order(index: FixtureIndex, test: TestFunction) -> list[SetupStep]:
    """Every fixture ``test`` uses, in the order pytest sets them up."""
    requesters: dict[object, list[object]] = {}
    closure = _closure(index, test, requesters)
    ordered: list[object] = []

    def set_up(key: object, fixture: Fixture | None, trail: frozenset) -> None:
        if key in ordered or key in trail:
            return
        if fixture is not None:
            for name in _requested(fixture):
                dependency = index.resolve(name, fixture)
                set_up(_key(name, dependency), dependency, trail | {key})
        ordered.append(key)

    found = {key: (name, fixture) for key, name, fixture in closure}
    for key, _name, fixture in closure:
        set_up(key, fixture, frozenset())
    return [SetupStep(key, *found[key], tuple(requesters.get(key, ()))) for key in ordered if key in found]


def _closure(index: FixtureIndex, test: TestFunction, requesters: dict) -> list[tuple[object, str, Fixture | None]]:
    """pytest's ``getfixtureclosure``: initial names, then what each requests, then a stable sort by scope."""
    found: dict[object, tuple[str, Fixture | None]] = {}
    pending: list[tuple[str, Fixture | TestFunction | None]] = [(name, None) for name in _autouse_names(index, test)]
    pending += [(name, test) for name in _requested(test)]
    while pending:
        name, requester = pending.pop(0)
        fixture = index.resolve(name, requester if requester is not None else test)
        key = _key(name, fixture)
        if requester is not None:
            by = requesters.setdefault(key, [])
            requester_key = TEST if requester is test else _key(requester.name, requester)
            if requester_key not in by:
                by.append(requester_key)
        if key in found:
            continue
        found[key] = (name, fixture)
        if fixture is not None:
            pending += [(dependency, fixture) for dependency in _requested(fixture)]
    entries = [(key, name, fixture) for key, (name, fixture) in found.items()]
    return sorted(entries, key=lambda entry: -_scope_rank(entry[2]))


def _autouse_names(index: FixtureIndex, test: TestFunction) -> list[str]:
    """Autouse fixtures visible to the test: plugins and outer conftests first, then the module, then classes."""
    names: list[str] = []
    for layer in reversed(index.layers_for(test)):
        for name in sorted(layer):
            fixture = layer[name]
            if fixture is not None and fixture.autouse is True and name not in names:
                names.append(name)
    return names


def _requested(requester: Fixture | TestFunction) -> list[str]:
    """``usefixtures`` marks (closest first), parameters, then literal ``request.getfixturevalue("name")``."""
    names: list[str] = []
    for mark in getattr(requester, "marks", ()):
        if mark.name == "usefixtures" and mark.call is not None:
            names += [arg.value for arg in mark.call.args if isinstance(arg, ast.Constant)]
    names += [parameter.arg for parameter in requester.requests()]
    for node in ast.walk(requester.node):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "getfixturevalue":
            if node.args and isinstance(node.args[0], ast.Constant):
                names.append(node.args[0].value)
    return [name for name in dict.fromkeys(names) if isinstance(name, str) and name not in _NOT_FIXTURES]


def _key(name: str, fixture: Fixture | None) -> object:
    return id(fixture.node) if fixture is not None else ("external", name)


def _scope_rank(fixture: Fixture | None) -> int:
    scope = fixture.scope if fixture is not None else "function"
    return SCOPE_ORDER.get(scope, 0) if isinstance(scope, str) else 0
