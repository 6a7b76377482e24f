"""ALP2xx: async resources that outlive their loop.

Every verdict starts from a value the catalogue knows (``catalog.py``), found through
``context.values``: a creation, an annotation, a fixture's value.  A value that cannot
be followed is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from ..catalog import CLOSE_VOCABULARY, ENGINE, FACTORIES
from ..context import FileContext
from ..context.apps import single_binding
from ..context.values import Held, own_nodes
from ..registry import Finding
from .base import ASYNC_WORDS, RESOURCE_MODULES, all_of, at, rule
from .sharing import shared_resources

_CLOSE_WORDS = "|".join(CLOSE_VOCABULARY)
# Reported without async users too: their constructors need a running loop.
_BINDS_NOW = "|".join(sorted({row.name.rsplit(".", 1)[-1] for row in FACTORIES if row.binds_at_construction}))
_CONTEXT_MANAGERS = frozenset({"contextlib.asynccontextmanager"})
_DEPENDS = frozenset({"fastapi.Depends", "fastapi.params.Depends"})
_GUARDS = (nodes.Try, nodes.TryStar, nodes.With, nodes.AsyncWith)


def describe(held: Held, name: str | None, origin: str = "") -> str:
    """``'engine' (create_async_engine())``: the name code uses and the catalogue row that made it."""
    label = held.factory.label if held.factory else held.kind.name
    return f"'{name}' ({label}{origin})" if name else f"{label}{origin}"


@rule("ALP201", trigger=rf"\basync\b|{_BINDS_NOW}")
def shared_resource_across_loops(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    for shared in shared_resources(ctx):
        name = shared.name
        if shared.binds_now:
            fix = "create it inside an async fixture: it binds to the running loop when it is constructed"
        elif shared.held.kind is ENGINE:
            fix = (f"create it with poolclass=NullPool for tests, or 'await {name}.dispose()' in a "
                   "function-scoped autouse fixture, or run all its users on one loop_scope")
        elif shared.held.kind.closes:
            fix = (f"create it in a function-scoped async fixture, or '{shared.held.kind.hint(name)}' in a "
                   "function-scoped autouse fixture, or run all its users on one loop_scope")
        else:
            fix = "create it in a function-scoped async fixture, or run all its users on one loop_scope"
        yield at(shared.anchor, "ALP201", resource=describe(shared.held, name, shared.origin), fix=fix)


@rule("ALP202", trigger=all_of(rf"\.(?:{_CLOSE_WORDS})\b", f"{ASYNC_WORDS}|{RESOURCE_MODULES}"))
def cleanup_not_awaited(ctx: FileContext) -> Iterator[Finding]:
    values = ctx.values
    for call, method, receiver in _close_calls(ctx):
        if not isinstance(call.parent, nodes.Expr):
            continue  # awaited, returned or handed to something that may await it
        held = values.held(receiver)
        close = held.kind.close(method) if held else None
        if close is None or close.awaited is not True:
            continue
        text = receiver.as_string()
        replacement = held.kind.replacement(method)
        fix = f"write 'await {text}.{replacement[0]}()'" if replacement else "await it"
        yield at(call, "ALP202", call=f"{text}.{method}()", resource=describe(held, None), fix=fix)


@rule("ALP203", trigger=all_of(rf"\.(?:{_CLOSE_WORDS})\b", ASYNC_WORDS))
def wrong_close_protocol(ctx: FileContext) -> Iterator[Finding]:
    values = ctx.values
    for call, method, receiver in _close_calls(ctx):
        held = values.held(receiver)
        if held is None:
            continue
        kind, text = held.kind, receiver.as_string()
        subject = f"{text}.{method}() ({describe(held, None)})"
        awaited = isinstance(call.parent, nodes.Await)
        close, replacement = kind.close(method), kind.replacement(method)
        if method in kind.missing:
            problem, fix = f"{subject}: a {kind.name} has no {method}()", f"write '{kind.hint(text)}'"
        elif awaited and close is not None and close.awaited is False:
            problem = f"{subject} is not a coroutine, so awaiting it raises TypeError"
            fix = f"write '{kind.hint(text)}'"
        elif awaited and replacement is not None:
            problem = f"{subject} is deprecated since {replacement[1]}"
            fix = f"write 'await {text}.{replacement[0]}()'"
        elif method == "close" and kind.wait_after_close and not awaited and not _waits_later(call, text):
            problem = f"{subject} only starts closing the {kind.name}"
            fix = f"follow it with 'await {text}.wait_closed()' in the same function"
        else:
            continue
        yield at(call, "ALP203", problem=problem, fix=fix)


def _close_calls(ctx: FileContext) -> Iterator[tuple[nodes.Call, str, nodes.NodeNG]]:
    for call in ctx.facts.nodes_of(nodes.Call):
        if isinstance(call.func, nodes.Attribute) and call.func.attrname in CLOSE_VOCABULARY:
            yield call, call.func.attrname, call.func.expr


def _waits_later(close: nodes.Call, receiver: str) -> bool:
    """``<receiver>.wait_closed()`` follows the ``close()`` in the same function."""
    return any(
        isinstance(call.func, nodes.Attribute) and call.func.attrname == "wait_closed"
        and call.func.expr.as_string() == receiver and call.lineno >= close.lineno
        for call in close.frame().nodes_of_class(nodes.Call)
    )


@rule("ALP204", trigger=all_of(r"\byield\b", r"\basync\b"))
def cleanup_not_in_finally(ctx: FileContext) -> Iterator[Finding]:
    values = ctx.values
    for function in _generators_not_fixtures(ctx):
        for yielded in own_nodes(function, nodes.Yield):
            name = yielded.value
            if not isinstance(name, nodes.Name) or _guarded(yielded, function):
                continue
            held = values.held(name)
            if held is None or held.managed or held.creation is None or held.creation.scope() is not function:
                continue
            closes = {close.method for close in held.kind.closes}
            if any(
                isinstance(node.expr, nodes.Name) and node.expr.name == name.name and node.attrname in closes
                and node.lineno > yielded.lineno
                for node in own_nodes(function, nodes.Attribute)
            ):
                yield at(yielded, "ALP204", resource=describe(held, name.name))


def _generators_not_fixtures(ctx: FileContext) -> Iterator[nodes.AsyncFunctionDef]:
    """Async generators that are not pytest fixtures: dependencies, lifespans, context managers."""
    for function in ctx.facts.nodes_of(nodes.AsyncFunctionDef):
        decorators = function.decorators.nodes if function.decorators else []
        if ctx.facts.fixture_of(function) is not None or not function.is_generator():
            continue
        if all(ctx.qualname(decorator) in _CONTEXT_MANAGERS for decorator in decorators):
            yield function


def _guarded(node: nodes.NodeNG, function: nodes.NodeNG) -> bool:
    """Inside a try or with block of ``function``: cleanup there may run on failure too."""
    parent = node.parent
    while parent is not None and parent is not function:
        if isinstance(parent, _GUARDS):
            return True
        parent = parent.parent
    return False


@rule("ALP205", trigger=all_of(r"fixture|\byield\b|Depends", f"{ASYNC_WORDS}|{RESOURCE_MODULES}"))
def resource_never_closed(ctx: FileContext) -> Iterator[Finding]:
    values = ctx.values
    holders = {id(function): function for function in _generators_not_fixtures(ctx)}
    holders.update((id(fixture.node), fixture.node) for fixture in ctx.facts.all_fixtures)
    holders.update((id(function), function) for function in _dependencies(ctx))
    for function in holders.values():
        for call in own_nodes(function, nodes.Call):
            row = values.made_by(call)
            if row is None or not row.kind.closes:
                continue
            held = Held(row.kind, row, call, ctx.facts)
            handed = _handed_out(call, function)
            if handed is None or values.loop_bound(held) is not True:
                continue
            name, paths = handed
            fixture = ctx.facts.fixture_of(function)
            if _closed(ctx, function, fixture, name, paths):
                continue
            hint = held.kind.hint(name or (paths[0] if paths else fixture.name if fixture else "it"))
            if fixture is not None:
                fix = f"yield it and then '{hint}', or yield it inside 'async with'"
            else:
                fix = f"use 'async with', or '{hint}' in a finally after the yield"
            yield at(call, "ALP205", resource=describe(held, name), fix=fix)


def _dependencies(ctx: FileContext) -> Iterator[nodes.NodeNG]:
    """Functions of this module passed to ``Depends(...)``."""
    for call in ctx.facts.nodes_of(nodes.Call):
        if ctx.qualname(call.func) in _DEPENDS and call.args and isinstance(call.args[0], nodes.Name):
            function = single_binding(call.args[0])
            if isinstance(function, (nodes.FunctionDef, nodes.AsyncFunctionDef)):
                yield function


def _handed_out(call: nodes.Call, function: nodes.NodeNG) -> tuple[str | None, list[str]] | None:
    """How a created value leaves ``function``: (local name, attribute paths it is stored on), or None."""
    value = call.parent if isinstance(call.parent, nodes.Await) else call
    if _is_result(value):
        return None, []
    parent = value.parent
    if not isinstance(parent, nodes.Assign) or len(parent.targets) != 1:
        return None
    target = parent.targets[0]
    if isinstance(target, nodes.AssignAttr):
        return None, [target.as_string()]
    if not isinstance(target, nodes.AssignName):
        return None
    paths, returned = [], False
    for node in own_nodes(function, nodes.Name):
        if node.name != target.name:
            continue
        returned = returned or _is_result(node)
        if isinstance(node.parent, nodes.Assign) and isinstance(node.parent.targets[0], nodes.AssignAttr):
            paths.append(node.parent.targets[0].as_string())
    return (target.name, paths) if returned or paths else None


def _is_result(node: nodes.NodeNG) -> bool:
    """Returned or yielded, directly or as an item of a returned tuple, list or dict."""
    parent = node.parent
    if isinstance(parent, (nodes.Tuple, nodes.List, nodes.Dict)):
        parent = parent.parent
    return isinstance(parent, (nodes.Return, nodes.Yield))


def _closed(ctx: FileContext, function: nodes.NodeNG, fixture, name: str | None, paths: list[str]) -> bool:
    """Something may close it: a close call, ``async with``, a hand-off to another call, a dependent fixture.

    Any close-like method counts: a wrong one is ALP202/ALP203's finding, not a missing close.
    """
    if name is not None and _may_close(function, lambda text: text == name):
        return True
    for path in paths:
        tail = path.split(".", 1)[-1]
        if _may_close(ctx.module, lambda text, p=path, t=tail: text == p or text.endswith("." + t)):
            return True
    return fixture is not None and _closed_by_dependents(ctx, fixture.name)


def _may_close(scope: nodes.NodeNG, names_it) -> bool:
    for node in scope.nodes_of_class((nodes.Attribute, nodes.Call, nodes.With, nodes.AsyncWith)):
        if isinstance(node, nodes.Attribute) and node.attrname in CLOSE_VOCABULARY:
            if names_it(node.expr.as_string()):
                return True
        if isinstance(node, nodes.Call):
            arguments = [*node.args, *(keyword.value for keyword in node.keywords or ())]
            if any(names_it(argument.as_string()) for argument in arguments):
                return True  # handed to a helper, an exit stack, aclosing(): may be closed there
        if isinstance(node, (nodes.With, nodes.AsyncWith)):
            if any(names_it(expr.as_string()) for expr, _target in node.items):
                return True
    return False


def _closed_by_dependents(ctx: FileContext, fixture_name: str) -> bool:
    """A fixture or test requesting this one closes (or enters) what it receives."""
    fixtures = [fixture for layer in (ctx.facts, *ctx.conftest_chain) for fixture in layer.all_fixtures]
    dependents = [*ctx.tests, *fixtures]
    return any(
        parameter.name == fixture_name and _may_close(dependent.node, lambda text: text == fixture_name)
        for dependent in dependents
        for parameter in dependent.requests()
    )
