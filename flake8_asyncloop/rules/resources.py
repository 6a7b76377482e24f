"""ALP202–ALP204: async resources whose cleanup does not run right on their loop (ALP205: ``ownership``).

Every verdict starts from a value the tracer follows to a catalogue creation (``catalog.py``):
a close that is never awaited, the wrong close protocol for the library version in use, a
close that a failing request skips, a resource handed out and closed by nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..catalog import CLOSE_VOCABULARY
from ..context import FileContext
from ..registry import Finding
from ..syntax.nodes import text
from ..verdict import Verdict
from .base import ASYNC_WORDS, RESOURCE_MODULES, all_of, at, cleanup_generators, expects_warning, rule, version_note

_CLOSE_WORDS = "|".join(CLOSE_VOCABULARY)
_GUARDS = (ast.Try, ast.With, ast.AsyncWith) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())


def _close_calls(ctx: FileContext) -> Iterator[tuple[ast.Call, str, ast.AST]]:
    for call in ctx.facts.syntax.nodes(ast.Call):
        if isinstance(call.func, ast.Attribute) and call.func.attr in CLOSE_VOCABULARY:
            yield call, call.func.attr, call.func.value


@rule("ALP202", trigger=all_of(rf"\.(?:{_CLOSE_WORDS})\b", f"{ASYNC_WORDS}|{RESOURCE_MODULES}"))
def cleanup_not_awaited(ctx: FileContext) -> Iterator[Finding]:
    syntax = ctx.facts.syntax
    for call, method, receiver in _close_calls(ctx):
        if not isinstance(syntax.parent(call), ast.Expr):
            continue  # awaited, returned or handed to something that may await it
        value = ctx.tracer.value(receiver)
        close = value.kind.close(method) if value.kind is not None else None
        if close is None or close.awaited is not True:
            continue
        replacement = value.kind.replacement(method) if _redis_replacement_applies(ctx, value) else None
        name = text(receiver)
        fix = f"write 'await {name}.{replacement[0]}()' ({version_note(ctx, 'redis')})" if replacement else "await it"
        yield at(call, "ALP202", call=f"{name}.{method}()", resource=value.why(), fix=fix)


def _redis_replacement_applies(ctx: FileContext, value) -> bool:
    """``close()`` → ``aclose()`` only where the project's redis-py has ``aclose()`` (5.0.1+)."""
    return value.kind is not None and bool(value.kind.deprecated) and ctx.versions.redis.asyncio_aclose


@rule("ALP203", trigger=all_of(rf"\.(?:{_CLOSE_WORDS})\b", ASYNC_WORDS))
def wrong_close_protocol(ctx: FileContext) -> Iterator[Finding]:
    syntax = ctx.facts.syntax
    for call, method, receiver in _close_calls(ctx):
        value = ctx.tracer.value(receiver)
        kind = value.kind
        if kind is None or value.bound is Verdict.NO:
            continue
        name = text(receiver)
        subject = f"{name}.{method}() ({value.why()})"
        awaited = isinstance(syntax.parent(call), ast.Await)
        close, replacement = kind.close(method), kind.replacement(method)
        if method in kind.missing:
            problem, fix = f"{subject}: a {kind.name} has no {method}()", f"write '{kind.hint(name)}'"
        elif awaited and close is not None and close.awaited is False:
            problem = f"{subject} is not a coroutine, so awaiting it raises TypeError"
            fix = f"write '{kind.hint(name)}'"
        elif awaited and replacement is not None and _redis_replacement_applies(ctx, value):
            if expects_warning(ctx, call) or _guarded_by_hasattr(ctx, call, name, replacement[0]):
                continue
            problem = f"{subject} is deprecated since {replacement[1]} ({version_note(ctx, 'redis')})"
            fix = f"write 'await {name}.{replacement[0]}()'"
        elif method == "close" and kind.wait_after_close and not awaited and not _waits_later(ctx, call, name):
            problem = f"{subject} only starts closing the {kind.name}"
            fix = f"follow it with 'await {name}.wait_closed()' in the same function"
        else:
            continue
        yield at(call, "ALP203", problem=problem, fix=fix)


def _guarded_by_hasattr(ctx: FileContext, call: ast.Call, receiver: str, method: str) -> bool:
    """``x.aclose() if hasattr(x, "aclose") else x.close()``: a compatibility branch for older versions."""
    for ancestor in ctx.facts.syntax.ancestors(call):
        if isinstance(ancestor, (ast.If, ast.IfExp)):
            for node in ast.walk(ancestor.test):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "hasattr" \
                        and len(node.args) == 2 and text(node.args[0]) == receiver \
                        and isinstance(node.args[1], ast.Constant) and node.args[1].value == method:
                    return True
        if isinstance(ancestor, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
    return False


def _waits_later(ctx: FileContext, close: ast.Call, receiver: str) -> bool:
    """``<receiver>.wait_closed()`` follows the ``close()`` in the same function."""
    scope = ctx.facts.syntax.function_of(close) or ctx.facts.module
    return any(
        isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "wait_closed"
        and text(call.func.value) == receiver and (call.lineno, call.col_offset) > (close.lineno, close.col_offset)
        for call in ast.walk(scope))


@rule("ALP204", trigger=all_of(r"\byield\b", r"\basync\b"))
def cleanup_not_in_finally(ctx: FileContext) -> Iterator[Finding]:
    syntax = ctx.facts.syntax
    for function in cleanup_generators(ctx):
        for yielded in syntax.own_nodes(function, ast.Yield):
            name = yielded.value
            if not isinstance(name, ast.Name) or _guarded(ctx, yielded, function):
                continue
            value = ctx.tracer.value(name)
            if value.bound is not Verdict.YES or value.kind is None or value.managed or value.creation is None:
                continue
            if syntax.function_of(value.creation) is not function:
                continue
            closes = {close.method for close in value.kind.closes}
            if any(isinstance(node.value, ast.Name) and node.value.id == name.id and node.attr in closes
                   and node.lineno > yielded.lineno for node in syntax.own_nodes(function, ast.Attribute)):
                yield at(yielded, "ALP204", resource=f"'{name.id}' ({value.why()})")


def _guarded(ctx: FileContext, node: ast.AST, function: ast.AST) -> bool:
    """Inside a try or with block of ``function``: cleanup there may run on failure too."""
    for ancestor in ctx.facts.syntax.ancestors(node):
        if ancestor is function:
            return False
        if isinstance(ancestor, _GUARDS):
            return True
    return False
