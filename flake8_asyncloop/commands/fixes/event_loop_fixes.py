"""Fixes for the ``event_loop`` fixture: ALP001 (defined) and ALP002 (requested). Both unsafe.

- ALP001: the fixture goes.  A wider scope than ``function`` is kept as the loop scope of the
  whole project: ``asyncio_default_fixture_loop_scope`` and ``asyncio_default_test_loop_scope`` in
  the pytest config file, which is why only a fixture of a conftest beside that file (or at the
  rootdir) is removed this way; one in a test module or a deeper conftest covered part of the
  project only.
- ALP002: an async test or fixture stops requesting it and reads the loop that runs it,
  ``event_loop = asyncio.get_running_loop()``, at the top of its body (only when the body uses the
  name).  ``loop=<a loop made by hand>`` handed to a resource is dropped: the resource then binds
  to the running loop.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from ...project.loops import EVENT_LOOP
from ...registry import Finding
from .model import Declined, Fix
from .shared import (Unfixable, config_edits, covers_every_test, each_finding, fixture_at, function_def,
                     known_scope, module_reference, new_fix, requester_at)
from .source import SourceFile
from .syntax_edits import body_insert_index, names_in, without


def fix_event_loop_fixtures(file: SourceFile, findings: list[Finding], unsafe: bool) -> Iterator[Fix | Declined]:
    """ALP001."""
    return each_finding(findings, lambda finding: _fixture_removed(file, finding))


def _fixture_removed(file: SourceFile, finding: Finding) -> Fix:
    ctx = file.context
    fixture = fixture_at(file, finding, by_decorator=False)
    if not ctx.era.loop_scope_keyword:
        raise Unfixable(f"pytest-asyncio {ctx.era.version} has no other way to choose loops")
    scope = known_scope(fixture.scope)
    if scope is None:
        raise Unfixable("its scope is not a literal")
    fix = new_fix(finding, False, "remove the event_loop fixture" + (
        "" if scope == "function" else f" and run tests and fixtures on the {scope} loop"))
    if scope != "function":
        if not (ctx.is_conftest and covers_every_test(file, fixture.path)):
            raise Unfixable(f"its {scope} loop covers part of the project's tests only; give those tests "
                            "and fixtures loop_scope= by hand")
        if not ctx.era.default_test_loop_scope_option:
            raise Unfixable(f"pytest-asyncio {ctx.era.version} has no asyncio_default_test_loop_scope")
        fix.config += config_edits(file, {"asyncio_default_fixture_loop_scope": scope,
                                          "asyncio_default_test_loop_scope": scope})
    definition = function_def(file, fixture.node)
    fix.unused_after += sorted(names_in(definition))
    fix.edits.append((definition, lambda node: cst.RemovalSentinel.REMOVE))
    return fix


def fix_event_loop_requests(file: SourceFile, findings: list[Finding], unsafe: bool) -> Iterator[Fix | Declined]:
    """ALP002: a parameter, or a ``loop=`` argument."""
    return each_finding(findings, lambda finding: _event_loop_request_fixed(file, finding))


def _event_loop_request_fixed(file: SourceFile, finding: Finding) -> Fix:
    parameter = next((node for node in file.nodes_at(finding, cst.Param) if node.name.value == EVENT_LOOP), None)
    if parameter is not None:
        return _running_loop_instead(file, finding, parameter)
    return _loop_argument_dropped(file, finding)


def _running_loop_instead(file: SourceFile, finding: Finding, parameter: cst.Param) -> Fix:
    requester, _ = requester_at(file, finding)
    if not requester.is_async:
        raise Unfixable("a sync function cannot ask for the running loop; make it async or drop the request")
    definition = function_def(file, requester.node)
    if parameter not in definition.params.params:
        raise Unfixable("event_loop is not a plain parameter here")
    fix = new_fix(finding, False, "use asyncio.get_running_loop() instead of the event_loop fixture")
    asyncio, imports = module_reference(file, "asyncio")
    fix.imports += imports
    line = cst.parse_statement(f"{EVENT_LOOP} = {asyncio}.get_running_loop()\n")

    def rewrite(node: cst.FunctionDef) -> cst.FunctionDef:
        removed = next(p for p in node.params.params if p.name.value == EVENT_LOOP)
        node = node.with_changes(params=node.params.with_changes(params=without(node.params.params, removed)))
        if EVENT_LOOP not in names_in(node.body):  # decided on the edited body: another fix may drop the last use
            return node
        statements = list(node.body.body)
        statements.insert(body_insert_index(node.body), line)
        return node.with_changes(body=node.body.with_changes(body=statements))

    fix.edits.append((definition, rewrite))
    return fix


def _loop_argument_dropped(file: SourceFile, finding: Finding) -> Fix:
    for node in file.nodes_at(finding, cst.BaseExpression):
        holder = file.parent(node)
        if isinstance(holder, cst.Arg) and holder.keyword is not None and holder.keyword.value == "loop":
            call = file.parent(holder)
            fix = new_fix(finding, False, "drop loop=: the resource binds to the running loop")
            fix.unused_after += sorted(names_in(holder.value))  # ``asyncio`` of ``asyncio.new_event_loop()``
            fix.edits.append((call, lambda updated: _without_keyword(updated, "loop")))
            return fix
        if isinstance(holder, cst.DictElement):
            container = file.parent(holder)
            fix = new_fix(finding, False, 'drop "loop": the driver binds to the running loop')
            fix.unused_after += sorted(names_in(holder.value))
            fix.edits.append((container, lambda updated: updated.with_changes(
                elements=without(updated.elements, next(e for e in updated.elements if _is_loop_key(e))))))
            return fix
    raise Unfixable("only a requested event_loop parameter or a loop= argument is rewritten")


def _without_keyword(call: cst.Call, name: str) -> cst.Call:
    arg = next(a for a in call.args if a.keyword is not None and a.keyword.value == name)
    return call.with_changes(args=without(call.args, arg))


def _is_loop_key(element) -> bool:
    return isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString) and \
        element.key.evaluated_value == "loop"
