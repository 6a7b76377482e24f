"""Fixes for cleanups that do not run right: ALP202 (never awaited) and ALP203 (wrong close protocol).

- ALP202 (safe): ``engine.dispose()`` becomes ``await engine.dispose()`` where the enclosing
  function is async; elsewhere nothing can await it and the finding stays.
- ALP203 (safe): ``await client.close()`` becomes ``await client.aclose()``.  The finding is only
  reported when the project's redis-py has ``aclose()``; the other protocol mistakes
  (``close()`` without ``wait_closed()``, a method the library does not have) are left as they are.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

import libcst as cst

from ...registry import Finding
from .model import Declined, Fix
from .shared import Unfixable, declined, each_finding, new_fix
from .source import SourceFile


def fix_unawaited_cleanups(file: SourceFile, findings: list[Finding], unsafe: bool) -> Iterator[Fix | Declined]:
    """ALP202."""
    for finding in findings:
        call = next((node for node in file.nodes_at(finding, cst.Call) if isinstance(file.parent(node), cst.Expr)),
                    None)
        if call is None:
            yield declined(finding, "the call is not a statement of its own")
            continue
        function = file.enclosing_function(call)
        if not isinstance(function, cst.FunctionDef) or function.asynchronous is None:
            yield declined(finding, "the enclosing function is not async, so nothing can await the cleanup there")
            continue
        fix = new_fix(finding, True, "await the cleanup")
        fix.edits.append((call, lambda node: cst.Await(expression=node)))
        yield fix


def fix_close_protocols(file: SourceFile, findings: list[Finding], unsafe: bool) -> Iterator[Fix | Declined]:
    """ALP203: the deprecated ``close()`` of a redis.asyncio client or pool, awaited."""
    return each_finding(findings, lambda finding: _renamed_close(file, finding))


def _renamed_close(file: SourceFile, finding: Finding) -> Fix:
    call = file.ast_node_at(finding, ast.Call)
    awaited = call is not None and isinstance(file.context.facts.syntax.parent(call), ast.Await)
    if call is None or not isinstance(call.func, ast.Attribute) or not awaited:
        raise Unfixable("only an awaited close() with a newer replacement is rewritten")
    kind = file.context.tracer.value(call.func.value).kind
    method = call.func.attr
    replacement = kind.replacement(method) if kind is not None else None
    close = kind.close(method) if kind is not None else None
    if replacement is None or method in kind.missing or (close is not None and close.awaited is False):
        raise Unfixable("only an awaited close() with a newer replacement is rewritten")
    node = file.node_at(finding, cst.Call)
    if node is None or not isinstance(node.func, cst.Attribute):
        raise Unfixable("the call is not where the analysis says")
    fix = new_fix(finding, True, f"call {replacement[0]}() instead of {method}()")
    fix.edits.append((node.func, lambda attribute: attribute.with_changes(attr=cst.Name(replacement[0]))))
    return fix
