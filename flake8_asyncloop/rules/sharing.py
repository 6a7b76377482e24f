"""Which module- or class-level resources async test code uses on more than one loop (ALP201).

A *user* is an async test or async fixture of the linted file that pytest-asyncio runs.
Each use happens on a loop identified by its loop scope and position: a function loop
per test, a class loop per class, one module, package or session loop.  A resource
reached from two loops, without a per-test close in a function-scoped fixture, is shared
across loops.  Conftest fixtures on loops narrower than session serve many tests: many loops.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from astroid import nodes

from ..context import FileContext, Fixture, TestFunction
from ..context.names import lookup
from ..context.loops import is_known_scope
from ..context.values import Held, Values, method_class
from .manual_loops import in_main_guard, is_isolated_case

_MANY = frozenset({("many", 1), ("many", 2)})


@dataclass
class Shared:
    anchor: nodes.NodeNG  # where to report: the creation, or the import of it in this file
    held: Held
    name: str
    origin: str  # where an imported resource is created, for the message
    binds_now: bool
    loops: set = field(default_factory=set)
    users: list = field(default_factory=list)


def shared_resources(ctx: FileContext) -> Iterator[Shared]:
    values = ctx.values
    found: dict[int, Shared] = {}
    for user, loops in _users(ctx):
        for reference in _references(user.node):
            shared = _shared_of(ctx, values, reference)
            if shared is None or not _binds(reference, shared.held.kind.binds_on):
                continue
            entry = found.setdefault(id(shared.held.creation), shared)
            entry.loops |= loops
            entry.users.append(user)
    for shared in _constructed_at_import(ctx, values):
        found.setdefault(id(shared.held.creation), shared)
    for shared in found.values():
        if values.loop_bound(shared.held) is not True:
            continue
        if (shared.binds_now or len(shared.loops) >= 2) and not _closed_per_test(ctx, values, shared):
            yield shared


def _users(ctx: FileContext) -> Iterator[tuple[Fixture | TestFunction, set]]:
    tests = [test for test in ctx.tests if ctx.is_asyncio_test(test) is True]
    requesting: dict[str, list[TestFunction]] = {}
    for test in tests:
        for name in {parameter.name for parameter in test.requests()}:
            requesting.setdefault(name, []).append(test)
    for test in tests:
        scope = ctx.test_loop_scope(test)
        if is_known_scope(scope):
            yield test, _loops(scope, test)
    for fixture in ctx.facts.all_fixtures:
        if not fixture.is_async or ctx.runs_on_asyncio_loop(fixture) is not True:
            continue
        scope = ctx.fixture_loop_scope(fixture)
        if not is_known_scope(scope):
            continue
        if scope == "session":
            yield fixture, {("session",)}
        elif ctx.is_conftest:
            yield fixture, set(_MANY)
        else:
            users = tests if fixture.autouse is True else requesting.get(fixture.name, [])
            yield fixture, set().union(*(_loops(scope, test) for test in users))


def _loops(scope: str, test: TestFunction) -> set:
    """The loop ``test`` uses at ``scope``; a parametrized test gets a function loop per case."""
    owner = {"function": test.node, "class": test.class_node or test.node}.get(scope)
    key = (scope, id(owner)) if owner is not None else (scope,)
    if scope == "function" and test.closest_mark("parametrize"):
        return {key, (*key, "next case")}
    return {key}


def _references(function: nodes.NodeNG) -> Iterator[nodes.NodeNG]:
    """Names and ``self.x`` attributes in ``function`` and in module-level helpers it calls."""
    scopes, seen = [function], {id(function)}
    for call in function.nodes_of_class(nodes.Call):
        helper = _module_function(call.func)
        if helper is not None and id(helper) not in seen:
            seen.add(id(helper))
            scopes.append(helper)
    for scope in scopes:
        yield from scope.nodes_of_class(nodes.Name)
        yield from (node for node in scope.nodes_of_class(nodes.Attribute) if method_class(node) is not None)


def _module_function(func: nodes.NodeNG) -> nodes.NodeNG | None:
    if not isinstance(func, nodes.Name):
        return None
    scope, bindings = lookup(func)
    if isinstance(scope, nodes.Module) and len(bindings) == 1:
        if isinstance(bindings[0], (nodes.FunctionDef, nodes.AsyncFunctionDef)):
            return bindings[0]
    return None


def _binds(reference: nodes.NodeNG, methods: tuple[str, ...]) -> bool:
    """A use that binds the resource to the running loop: any use, or ``reference.get(...)`` when listed."""
    if not methods:
        return True
    attribute = reference.parent
    return (isinstance(attribute, nodes.Attribute) and attribute.attrname in methods
            and isinstance(attribute.parent, nodes.Call) and attribute.parent.func is attribute)


def _shared_of(ctx: FileContext, values: Values, reference: nodes.NodeNG) -> Shared | None:
    if isinstance(reference, nodes.Attribute):
        held = values.held(reference)
        owner = method_class(reference)
        if held is None or held.creation is None or held.facts is not ctx.facts:
            return None
        if held.creation.scope() is not owner or is_isolated_case(ctx, owner):
            return None
        return Shared(held.creation, held, reference.attrname, "", values.binds_at_construction(held))
    scope, bindings = lookup(reference)
    if scope is not ctx.module or not bindings:
        return None
    held = values.held(reference) or values.maker_bind(reference)
    if held is None or held.creation is None or not isinstance(held.creation.scope(), nodes.Module):
        return None
    binds_now = values.binds_at_construction(held)
    name = _assigned_name(held.creation) or reference.name
    through = f", through '{reference.name}'" if name != reference.name else ""
    if held.facts is ctx.facts:
        return Shared(held.creation, held, name, through, binds_now)
    if len(bindings) != 1 or not isinstance(bindings[0], (nodes.Import, nodes.ImportFrom)):
        return None
    where = os.path.relpath(held.facts.path, os.path.dirname(ctx.path))
    return Shared(bindings[0], held, name, f" at {where}:{held.creation.lineno}{through}", binds_now)


def _constructed_at_import(ctx: FileContext, values: Values) -> Iterator[Shared]:
    """Module- and class-level resources of this file that need a running loop when constructed."""
    for call in ctx.facts.nodes_of(nodes.Call):
        scope = call.scope()
        if not isinstance(scope, (nodes.Module, nodes.ClassDef)):
            continue  # calls inside functions run on whatever loop calls them
        row = values.made_by(call)
        if row is None or not row.binds_at_construction or in_main_guard(call):
            continue
        if isinstance(scope, nodes.ClassDef) and is_isolated_case(ctx, scope):
            continue
        held = values.held(call)
        if held and values.binds_at_construction(held):
            yield Shared(call, held, _assigned_name(call) or row.label, "", True)


def _assigned_name(call: nodes.Call) -> str | None:
    statement = call.statement()
    if isinstance(statement, nodes.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        if isinstance(target, nodes.AssignName):
            return target.name
    return None


def _closed_per_test(ctx: FileContext, values: Values, shared: Shared) -> bool:
    """A function-scoped fixture, autouse or requested by a user, closes it at each test's teardown."""
    requested = {parameter.name for user in shared.users for parameter in user.requests()}
    closes = {close.method for close in shared.held.kind.closes}
    for layer in (ctx.facts, *ctx.conftest_chain):
        for fixture in layer.all_fixtures:
            if fixture.scope != "function" or not (fixture.autouse is True or fixture.name in requested):
                continue
            for call in fixture.node.nodes_of_class(nodes.Call):
                if isinstance(call.func, nodes.Attribute) and call.func.attrname in closes:
                    closed = values.held(call.func.expr, layer)
                    if closed is not None and closed.creation is shared.held.creation:
                        return True
    return False
