"""ALP201: a loop-bound resource made once and used by tests on several loops.

A *user* is an async test or async fixture of the linted file that pytest-asyncio runs; each use
happens on the loop it runs on (a function loop per test, a class loop per class, one module,
package or session loop).  Three ways a resource is shared: a module- or class-level object (of
this file, or imported from the project) reached from two loops; one that needs a running loop
when it is constructed at import; and a module-level resource of the application reached by
the tests only through the app a test client drives (app → route → dependency → resource),
when the tests run on more than one loop and nothing replaces or disposes it per test.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..context import FileContext
from ..project.files import Fixture, TestFunction
from ..project.loops import is_known_scope
from ..registry import Finding
from ..tracer import Value
from ..verdict import Verdict
from .base import at, in_main_guard, rule, subclass_of

_BINDS_NOW = r"ClientSession|AsyncConnectionPool"
_ISOLATED_CASE = "unittest.IsolatedAsyncioTestCase"


@dataclass
class Shared:
    anchor: ast.AST  # where to report: the creation, or the import of it in this file
    value: Value
    name: str
    loops: set = field(default_factory=set)
    users: list = field(default_factory=list)


@rule("ALP201", trigger=rf"\basync\b|{_BINDS_NOW}")
def shared_resource_across_loops(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    for shared in _shared_resources(ctx):
        yield at(shared.anchor, "ALP201", resource=shared.value.why(), fix=_fix(shared))
    yield from _reached_through_app(ctx)


def _fix(shared: Shared) -> str:
    name, value = shared.name, shared.value
    if value.binds_now:
        return "create it inside an async fixture: it binds to the running loop when it is constructed"
    if value.kind is not None and value.kind.closes and value.kind.name.endswith("AsyncEngine"):
        return (f"create it with poolclass=NullPool for tests, or 'await {name}.dispose()' in a function-scoped "
                "autouse fixture, or run all its users on one loop_scope")
    if value.kind is not None and value.kind.closes:
        return (f"create it in a function-scoped async fixture, or '{value.kind.hint(name)}' in a function-scoped "
                "autouse fixture, or run all its users on one loop_scope")
    return "create it in a function-scoped async fixture, or run all its users on one loop_scope"


def _shared_resources(ctx: FileContext) -> Iterator[Shared]:
    found: dict[int, Shared] = {}
    for user, loops in _users(ctx):
        for reference in _references(ctx, user.node):
            shared = _shared_of(ctx, reference)
            if shared is None or not _binds(ctx, reference, shared.value):
                continue
            entry = found.setdefault(id(shared.value.creation), shared)
            entry.loops |= loops
            entry.users.append(user)
    for shared in _constructed_at_import(ctx):
        found.setdefault(id(shared.value.creation), shared)
    for shared in found.values():
        if (shared.value.binds_now or len(shared.loops) >= 2) and not _closed_per_test(ctx, shared):
            yield shared


def _users(ctx: FileContext) -> Iterator[tuple[Fixture | TestFunction, set]]:
    tests = [test for test in ctx.tests if ctx.loops.is_asyncio_test(test) is Verdict.YES]
    requesting: dict[str, list[TestFunction]] = {}
    for test in tests:
        for name in {parameter.arg for parameter in test.requests()}:
            requesting.setdefault(name, []).append(test)
    for test in tests:
        loop = ctx.loops.test_loop(test)
        if loop is not None:
            yield test, _loops(loop.scope, test)
    for fixture in ctx.facts.all_fixtures:
        if ctx.loops.runs_on_asyncio_loop(fixture) is not Verdict.YES:
            continue
        loop = ctx.loops.fixture_loop(fixture)
        if loop is None:
            continue
        if loop.scope == "session":
            yield fixture, {("session",)}
        elif ctx.is_conftest:
            yield fixture, {("many", 1), ("many", 2)}  # a conftest fixture serves the tests of many modules
        else:
            users = tests if fixture.autouse is True else requesting.get(fixture.name, [])
            yield fixture, set().union(*(_loops(loop.scope, test) for test in users))


def _loops(scope: str, test: TestFunction) -> set:
    """The loop ``test`` uses at ``scope``; a parametrized test gets a function loop per case."""
    owner = {"function": test.node, "class": test.class_node or test.node}.get(scope)
    key = (scope, id(owner)) if owner is not None else (scope,)
    if scope == "function" and test.closest_mark("parametrize"):
        return {key, (*key, "next case")}
    return {key}


def _references(ctx: FileContext, function: ast.AST) -> Iterator[ast.AST]:
    """Names and ``self.x`` attributes in ``function`` and in module-level helpers it calls."""
    syntax = ctx.facts.syntax
    scopes, seen = [function], {id(function)}
    for call in _nodes_of(syntax, function, ast.Call):
        if isinstance(call.func, ast.Name):
            scope, bindings = syntax.lookup(call.func)
            if scope is syntax.module_scope and len(bindings) == 1 and \
                    isinstance(bindings[0], (ast.FunctionDef, ast.AsyncFunctionDef)) and id(bindings[0]) not in seen:
                seen.add(id(bindings[0]))
                scopes.append(bindings[0])
    for scope in scopes:
        for node in _nodes_of(syntax, scope, ast.Name, ast.Attribute):
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Load):
                    yield node
            elif isinstance(node.value, ast.Name) and ctx.tracer.method_class(node, ctx.facts) is not None:
                yield node


def _nodes_of(syntax, function: ast.AST, *kinds: type) -> list[ast.AST]:
    """Nodes of a function: its decorators and parameters (walked, they are few), then its body and what is
    nested in it (from the file's index)."""
    outside = [*function.decorator_list, function.args]
    return [*(node for part in outside for node in ast.walk(part) if isinstance(node, kinds)),
            *syntax.nodes_inside(function, *kinds)]


def _binds(ctx: FileContext, reference: ast.AST, value: Value) -> bool:
    """A use that binds the resource to the running loop: any use, or ``reference.get(...)`` when listed."""
    methods = value.kind.binds_on if value.kind is not None else ()
    if not methods:
        return True
    attribute = ctx.facts.syntax.parent(reference)
    call = ctx.facts.syntax.parent(attribute) if attribute is not None else None
    return isinstance(attribute, ast.Attribute) and attribute.attr in methods and isinstance(call, ast.Call) \
        and call.func is attribute


def _shared_of(ctx: FileContext, reference: ast.AST) -> Shared | None:
    syntax = ctx.facts.syntax
    if isinstance(reference, ast.Attribute):
        value = ctx.tracer.value(reference)
        owner = ctx.tracer.method_class(reference, ctx.facts)
        if value.bound is not Verdict.YES or value.creation is None or value.path != ctx.path:
            return None
        if syntax.owner(value.creation) is not owner or subclass_of(ctx, owner, _ISOLATED_CASE):
            return None
        return Shared(value.creation, value, reference.attr)
    scope, bindings = syntax.lookup(reference)
    if scope is not syntax.module_scope or not bindings:
        return None
    value = ctx.tracer.value(reference)
    if value.bound is not Verdict.YES or value.creation is None or value.facts is None:
        return None
    if not isinstance(value.facts.syntax.owner(value.creation), ast.Module):
        return None  # made inside a function: on whatever loop calls it
    if value.path == ctx.path:
        return Shared(value.creation, value, reference.id)
    if len(bindings) != 1 or not isinstance(bindings[0], ast.alias):
        return None
    return Shared(syntax.statement(bindings[0]), value, reference.id)


def _constructed_at_import(ctx: FileContext) -> Iterator[Shared]:
    """Module- and class-level resources of this file that need a running loop when constructed."""
    syntax = ctx.facts.syntax
    for call in syntax.nodes(ast.Call):
        owner = syntax.owner(call)
        if not isinstance(owner, (ast.Module, ast.ClassDef)) or in_main_guard(ctx, call):
            continue
        if isinstance(owner, ast.ClassDef) and subclass_of(ctx, owner, _ISOLATED_CASE):
            continue
        row = ctx.tracer.made_by(call)
        if row is None or not row.binds_at_construction:
            continue
        value = ctx.tracer.value(call)
        if value.bound is Verdict.YES and value.binds_now:
            yield Shared(call, value, row.label)


def _closed_per_test(ctx: FileContext, shared: Shared) -> bool:
    """A function-scoped fixture, autouse or requested by a user, closes it at each test's teardown."""
    requested = {parameter.arg for user in shared.users for parameter in user.requests()}
    return _disposed_per_test(ctx, shared.value, requested)


def _disposed_per_test(ctx: FileContext, value: Value, requested: set[str]) -> bool:
    closes = {close.method for close in value.kind.closes} if value.kind is not None else set()
    for layer in (ctx.facts, *ctx.fixtures.conftests):
        for fixture in layer.all_fixtures:
            if fixture.scope != "function" or not (fixture.autouse is True or fixture.name in requested):
                continue
            for call in (node for node in ast.walk(fixture.node) if isinstance(node, ast.Call)):
                if isinstance(call.func, ast.Attribute) and call.func.attr in closes:
                    closed = ctx.tracer.value(call.func.value, layer)
                    if closed.creation is value.creation:
                        return True
    return False


def _reached_through_app(ctx: FileContext) -> Iterator[Finding]:
    """A client over an app whose routes reach a module-level pooled resource, in tests on several loops."""
    if not _tests_use_several_loops(ctx):
        return
    overridden = ctx.tracer.overridden_dependencies()
    for call in ctx.facts.syntax.nodes(ast.Call):
        served = ctx.tracer.served_app(call)
        if served is None:
            continue
        app = ctx.tracer.app_of(served, ctx.facts)
        if app is None:
            continue
        for read, value in ctx.tracer.reached_resources(app):
            if read.dependency is not None and id(read.dependency) in overridden:
                continue
            if _disposed_per_test(ctx, value, set()):
                continue
            name = read.what[2]
            owner = _assigned_name(value) or name  # a session maker's engine is what to dispose
            yield at(served, "ALP201", fix=_fix(Shared(served, value, owner)),
                     resource=f"app '{ast.unparse(served)}' reaches '{name}' in {read.function} ({read.where}): "
                              f"{value.why()}")


def _assigned_name(value: Value) -> str | None:
    """The name the resource's creation is assigned to (``engine`` in ``engine = create_async_engine(...)``)."""
    if value.creation is None or value.facts is None:
        return None
    statement = value.facts.syntax.statement(value.creation)
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
        return statement.targets[0].id
    return None


def _tests_use_several_loops(ctx: FileContext) -> bool:
    loop = ctx.loops.default_test_loop()
    return loop is not None and is_known_scope(loop.scope) and loop.scope != "session" and bool(ctx.tests or
                                                                                                ctx.is_conftest)
