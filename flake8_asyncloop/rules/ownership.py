"""ALP205: an async resource handed out (or stored) and closed by nothing, so the garbage collector
finalises it after its loop is gone.

Holders: fixtures, FastAPI dependencies and dependency overrides, lifespan-style async context
managers, and startup handlers (``on_event("startup")``, ``add_event_handler``, ``on_startup=``).
A resource counts as closed when a close method is called on it, it is entered with ``async
with``, a session's transaction is released with ``async with session.begin()``, it is handed
to something that may close it (an exit stack, ``aclosing``, a helper), or a fixture requesting
it closes it.  Handing it to something that only derives from it (a session maker, a session
bound to it) is not closing it.  A session bound to a connection that is itself closed owns no
pool and needs no close of its own.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..catalog import CLOSE_VOCABULARY
from ..context import FileContext
from ..registry import Finding
from ..syntax.nodes import argument, text
from ..verdict import Verdict
from .base import ASYNC_WORDS, RESOURCE_MODULES, all_of, at, cleanup_generators, rule

_DEPENDS = frozenset({"fastapi.Depends", "fastapi.params.Depends", "fastapi.Security"})
_STARTUP = "startup"
_WRAPPERS = frozenset({"sqlalchemy.ext.asyncio.async_scoped_session"})


@rule("ALP205", trigger=all_of(r"fixture|\byield\b|Depends|on_event|add_event_handler|on_startup"
                               r"|dependency_overrides", f"{ASYNC_WORDS}|{RESOURCE_MODULES}"))
def resource_never_closed(ctx: FileContext) -> Iterator[Finding]:
    yield from _unclosed_resources(ctx)
    yield from _abandoned_generators(ctx)


def _holders(ctx: FileContext) -> dict[int, tuple[ast.AST, str]]:
    """Functions whose resources outlive their call, with what they are (for messages)."""
    facts, syntax = ctx.facts, ctx.facts.syntax
    holders: dict[int, tuple[ast.AST, str]] = {}
    for function in cleanup_generators(ctx):
        holders[id(function)] = (function, "context manager")
    if ctx.is_test_code:
        holders.update((id(f.node), (f.node, "fixture")) for f in facts.all_fixtures)
    for call in syntax.nodes(ast.Call):
        qualname = ctx.qualname(call.func)
        if qualname in _DEPENDS and call.args:
            _add(ctx, holders, call.args[0], "dependency")
        elif isinstance(call.func, ast.Attribute) and call.func.attr == "on_event" and call.args and \
                isinstance(call.args[0], ast.Constant) and call.args[0].value == _STARTUP:
            decorated = syntax.parent(call)
            if isinstance(decorated, (ast.FunctionDef, ast.AsyncFunctionDef)):
                holders[id(decorated)] = (decorated, "startup handler")
        elif isinstance(call.func, ast.Attribute) and call.func.attr == "add_event_handler" and call.args and \
                isinstance(call.args[0], ast.Constant) and call.args[0].value == _STARTUP:
            _add(ctx, holders, argument(call, 1, "func"), "startup handler")
        for keyword in call.keywords:
            if keyword.arg == "on_startup" and isinstance(keyword.value, (ast.List, ast.Tuple)):
                for handler in keyword.value.elts:
                    _add(ctx, holders, handler, "startup handler")
    for target in syntax.nodes(ast.Subscript):
        if isinstance(target.ctx, ast.Store) and isinstance(target.value, ast.Attribute) and \
                target.value.attr == "dependency_overrides":
            assign = syntax.parent(target)
            if isinstance(assign, ast.Assign):
                _add(ctx, holders, assign.value, "dependency override")
    return holders


def _add(ctx: FileContext, holders: dict, expression: ast.AST | None, what: str) -> None:
    if isinstance(expression, ast.Name):
        _scope, bindings = ctx.facts.syntax.lookup(expression)
        if len(bindings) == 1 and isinstance(bindings[0], (ast.FunctionDef, ast.AsyncFunctionDef)):
            holders.setdefault(id(bindings[0]), (bindings[0], what))


def _unclosed_resources(ctx: FileContext) -> Iterator[Finding]:
    syntax = ctx.facts.syntax
    for function, what in _holders(ctx).values():
        for call in syntax.own_nodes(function, ast.Call):
            row = ctx.tracer.made_by(call)
            if row is None or not row.kind.closes:
                continue
            value = ctx.tracer.value(call)
            if value.bound is not Verdict.YES or _owns_nothing(ctx, call, value):
                continue
            handed = _handed_out(ctx, call, function)
            if handed is None:
                continue
            name, paths = handed
            fixture = ctx.facts.fixture_of(function)
            if _closed(ctx, function, fixture, name, paths):
                continue
            hint = value.kind.hint(name or (paths[0] if paths else fixture.name if fixture else "it"))
            if fixture is not None:
                fix = f"yield it and then '{hint}', or yield it inside 'async with'"
            elif what == "startup handler":
                fix = f"close it in the matching shutdown handler ('{hint}'), or move both into a lifespan"
            else:
                fix = f"use 'async with', or '{hint}' in a finally after the yield"
            label = f"'{name}' ({value.why()})" if name else value.why()
            yield at(call, "ALP205", resource=label, holder=f"{what} '{getattr(function, 'name', '?')}'", fix=fix)


def _owns_nothing(ctx: FileContext, call: ast.Call, value) -> bool:
    """A session bound to a connection that is closed (or entered) by its own code."""
    if value.kind is None or "Session" not in value.kind.name:
        return False
    bind = argument(call, 0, "bind")
    if bind is None:
        return False
    connection = ctx.tracer.value(bind)
    return connection.managed or (connection.kind is not None and "Connection" in connection.kind.name and
                                  isinstance(bind, ast.Name) and _may_close(ctx, ctx.facts.syntax.function_of(call)
                                                                            or ctx.facts.module, bind.id))


def _handed_out(ctx: FileContext, call: ast.Call, function: ast.AST) -> tuple[str | None, list[str]] | None:
    """How a created value leaves ``function``: (local name, paths it is stored on), or None."""
    syntax = ctx.facts.syntax
    node = syntax.parent(call) if isinstance(syntax.parent(call), ast.Await) else call
    if _is_result(ctx, node):
        return None, []
    parent = syntax.parent(node)
    if not isinstance(parent, ast.Assign) or len(parent.targets) != 1:
        return None
    target = parent.targets[0]
    if isinstance(target, (ast.Attribute, ast.Subscript)):
        return None, [text(target)]
    if not isinstance(target, ast.Name):
        return None
    if isinstance(syntax.owner(target), ast.Module) or target.id in _globals_of(function):
        return target.id, [target.id]
    paths, returned = [], False
    for use in syntax.own_nodes(function, ast.Name):
        if use.id != target.id or not isinstance(use.ctx, ast.Load):
            continue
        returned = returned or _is_result(ctx, use)
        assign = syntax.parent(use)
        if isinstance(assign, ast.Assign) and isinstance(assign.targets[0], (ast.Attribute, ast.Subscript)):
            paths.append(text(assign.targets[0]))
    return (target.id, paths) if returned or paths else None


def _globals_of(function: ast.AST) -> set[str]:
    return {name for node in ast.walk(function) if isinstance(node, ast.Global) for name in node.names}


def _is_result(ctx: FileContext, node: ast.AST) -> bool:
    """Returned or yielded, directly or as an item of a returned tuple, list or dict."""
    parent = ctx.facts.syntax.parent(node)
    if isinstance(parent, (ast.Tuple, ast.List, ast.Dict)):
        parent = ctx.facts.syntax.parent(parent)
    return isinstance(parent, (ast.Return, ast.Yield))


def _closed(ctx: FileContext, function: ast.AST, fixture, name: str | None, paths: list[str]) -> bool:
    """Something may close it: a close, ``async with``, a hand-off to a closing call, a dependent fixture.

    Any close-like method counts: a wrong one is ALP202/ALP203's finding, not a missing close.
    """
    if name is not None and _may_close(ctx, function, name):
        return True
    for path in paths:
        tail = path.split(".", 1)[-1] if "." in path else path
        for layer in (ctx.facts, *ctx.fixtures.conftests):
            if _may_close_in(ctx, layer, layer.module, lambda t, p=path, q=tail: t == p or t.endswith("." + q)
                             or t.endswith(q)):
                return True
    return fixture is not None and _closed_by_dependents(ctx, fixture.name)


def _may_close(ctx: FileContext, scope: ast.AST, name: str) -> bool:
    return _may_close_in(ctx, ctx.facts, scope, lambda t: t == name)


def _may_close_in(ctx: FileContext, facts, scope: ast.AST, names_it) -> bool:
    for node in ast.walk(scope):
        if isinstance(node, ast.Attribute) and node.attr in CLOSE_VOCABULARY and names_it(text(node.value)):
            return True
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                entered = item.context_expr
                if names_it(text(entered)):
                    return True
                if isinstance(entered, ast.Call) and isinstance(entered.func, ast.Attribute) and \
                        entered.func.attr == "begin" and names_it(text(entered.func.value)):
                    return True  # ``async with session.begin()`` releases the session's connection
        if isinstance(node, ast.Call) and not _derives(ctx, facts, node):
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            if any(names_it(text(argument_node)) for argument_node in arguments):
                return True  # handed to a helper, an exit stack, aclosing(): may be closed there
    return False


def _derives(ctx: FileContext, facts, call: ast.Call) -> bool:
    """A call that builds something on top of its argument without owning it: a session maker, a session, a
    scoped session, or ``functools.partial`` of one of those."""
    qualname = facts.qualname(call.func) or ""
    if qualname in _WRAPPERS or qualname in ctx.tracer.catalogue.makers or ctx.tracer.made_by(call, facts) is not None:
        return True
    if qualname == "functools.partial" and call.args:
        inner = facts.qualname(call.args[0]) or ""
        return inner in ctx.tracer.catalogue.makers or inner in ctx.tracer.catalogue.calls
    return False


def _closed_by_dependents(ctx: FileContext, fixture_name: str) -> bool:
    """A fixture or test requesting this one closes (or enters) what it receives."""
    for layer in (ctx.facts, *ctx.fixtures.conftests):
        dependents = [*layer.all_fixtures, *(ctx.tests if layer is ctx.facts else ())]
        for dependent in dependents:
            if any(p.arg == fixture_name for p in dependent.requests()) and \
                    _may_close_in(ctx, layer, dependent.node, lambda t: t == fixture_name):
                return True
    return False


def _abandoned_generators(ctx: FileContext) -> Iterator[Finding]:
    """A fixture that takes a value from a project async generator and never lets it finish, so the
    generator's cleanup after its ``yield`` runs only when the garbage collector finalises it."""
    if not ctx.is_test_code:
        return
    syntax = ctx.facts.syntax
    for fixture in ctx.facts.all_fixtures:
        for loop in syntax.own_nodes(fixture.node, ast.AsyncFor):
            if not any(isinstance(n, ast.Yield) for n in ast.walk(loop)) or not _leaves_early(loop):
                continue
            cleanup = _generator_cleanup(ctx, loop.iter)
            if cleanup is not None:
                yield at(loop, "ALP205", resource=cleanup, holder=f"fixture '{fixture.name}'",
                         fix="let the 'async for' run to its end after the yield (no break or return)")


def _leaves_early(loop: ast.AsyncFor) -> bool:
    return any(isinstance(node, (ast.Break, ast.Return)) for node in ast.walk(loop))


def _generator_cleanup(ctx: FileContext, iterated: ast.AST) -> str | None:
    if not isinstance(iterated, ast.Call):
        return None
    target = ctx.tracer.callee_definition(iterated.func, ctx.facts, 0)
    if target is None or not isinstance(target[0], ast.AsyncFunctionDef):
        return None
    function, facts = target
    yields = facts.syntax.own_nodes(function, ast.Yield)
    if not yields:
        return None
    last_yield = max(node.lineno for node in yields)
    after = [node for node in ast.walk(function) if isinstance(node, ast.stmt) and node.lineno > last_yield]
    if not after:
        return None
    where = f"{ctx.relative(facts.path)}:{after[0].lineno}"
    return f"the cleanup of {function.name}() ({where}), abandoned when the loop is left early"
