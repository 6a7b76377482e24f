"""Fixes that move a test or fixture onto the loop its loop-bound fixture values live on: ALP003, ALP004.

Both are unsafe: they change which loop runs what, and tests that shared nothing may now share a
loop.

- ALP003: the side the message names moves: the requester to the loop the fixture's value was
  made on (when the requester runs on a function loop or the fixture's loop is the wider), else
  the fixture to its requester's loop.  ``loop_scope=`` goes on the test's own asyncio mark
  (added when the test has none, in auto mode) or on the fixture's decorator.  A
  crossing made by ``asyncio_default_fixture_loop_scope`` differing from the tests' default is
  ALP004's to fix, in the config; a test whose loop comes from its class's or module's mark is
  left alone (a fix there moves every test the mark covers).
- ALP004: ``asyncio_default_test_loop_scope`` is set to the loop scope
  ``asyncio_default_fixture_loop_scope`` gives the fixtures, in the pytest config file that sets it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ...project.files import Fixture, TestFunction
from ...project.loops import wider
from ...registry import Finding
from .mark_fixes import set_decorator_loop_scope
from .model import Declined, Fix
from .shared import (Unfixable, asyncio_fixture_decorator, config_edits, declined, decorator_at, fixture_at,
                     function_def, known_scope, module_reference, new_fix, requester_at, where)
from .source import SourceFile
from .syntax_edits import with_decorator_first


def fix_crossing_requesters(file: SourceFile, findings: list[Finding], unsafe: bool) -> Iterator[Fix | Declined]:
    """ALP003, one moved test or fixture at a time: all its crossings must agree on the loop it moves to."""
    by_target: dict[int, list[tuple[Finding, str]]] = {}
    targets: dict[int, Fixture | TestFunction] = {}
    for finding in findings:
        try:
            target, scope = _alignment(file, finding)
        except Unfixable as reason:
            yield declined(finding, str(reason))
            continue
        by_target.setdefault(id(target.node), []).append((finding, scope))
        targets[id(target.node)] = target
    for key, crossings in by_target.items():
        scopes = {scope for _finding, scope in crossings}
        if len(scopes) > 1:
            for finding, _scope in crossings:
                yield declined(finding, f"'{targets[key].name}' would have to run on several loops "
                               f"({', '.join(sorted(scopes))})")
            continue
        for index, (finding, scope) in enumerate(crossings):
            try:
                fix = new_fix(finding, False, f"run '{targets[key].name}' on the {scope} loop")
                if index == 0:
                    _move(file, fix, targets[key], scope)
                yield fix
            except Unfixable as reason:
                yield declined(finding, str(reason))


def _alignment(file: SourceFile, finding: Finding) -> tuple[Fixture | TestFunction, str]:
    """Which side moves, and to which loop scope: the side ALP003's message names.  The requester joins the
    fixture's loop when it runs on a function loop or the fixture's loop is the wider one; otherwise the fixture
    joins its requester's loop (when it is defined in this file)."""
    ctx = file.context
    requester, parameter = requester_at(file, finding)
    fixture = ctx.fixtures.resolve(parameter.arg, requester)
    made_on = ctx.tracer.fixture_value(fixture, requester).made_on if fixture is not None else None
    if made_on is None or made_on.provider is not None or known_scope(made_on.scope) is None:
        raise Unfixable("the fixture's loop is an 'event_loop' fixture's, or cannot be told")
    if _set_by_fixture_default(file, fixture):
        default = ctx.loops.default_test_loop()
        if default is None or not default.same_loop(made_on):
            raise Unfixable("asyncio_default_fixture_loop_scope puts the fixture on another loop than the tests' "
                            "default: the ALP004 fix aligns asyncio_default_test_loop_scope")
    loop = ctx.loops.fixture_loop(requester) if isinstance(requester, Fixture) else ctx.loops.test_loop(requester)
    if loop is None or loop.provider is not None:
        raise Unfixable("the requester's loop is an 'event_loop' fixture's, or cannot be told")
    if loop.scope == "function" or wider(made_on.scope, loop.scope):
        return requester, made_on.scope
    if os.path.abspath(fixture.path) != os.path.abspath(file.path):
        raise Unfixable(f"give '{fixture.name}' loop_scope={loop.scope!r} where it is defined "
                        f"({file.context.relative(fixture.path)}:{fixture.line})")
    return fixture, loop.scope


def _set_by_fixture_default(file: SourceFile, fixture: Fixture) -> bool:
    """The fixture's loop scope is ``asyncio_default_fixture_loop_scope`` from the config (not its own)."""
    ctx = file.context
    return fixture.loop_scope is None and ctx.era.default_fixture_loop_scope_option and \
        known_scope(ctx.config.fixture_loop_scope) is not None


def _move(file: SourceFile, fix: Fix, requester: Fixture | TestFunction, scope: str) -> None:
    """Put a test (its own mark) or an async fixture (its decorator) on the ``scope`` loop."""
    era = file.context.era
    if not era.loop_scope_keyword:
        raise Unfixable(f"pytest-asyncio {era.version} has no loop_scope=")
    if isinstance(requester, Fixture):
        own = known_scope(requester.scope)
        if own is None or wider(own, scope):
            raise Unfixable(f"'{requester.name}' is cached more widely than the {scope} loop")
        decorator = decorator_at(file, where(requester.decorator))
        if requester.kind == "pytest":
            asyncio_fixture_decorator(file, fix, decorator, decorator.decorator)
        fix.edits.append((decorator, lambda node: set_decorator_loop_scope(node, scope)))
        return
    own_mark = requester.own_mark("asyncio")
    if own_mark is not None:
        fix.edits.append((decorator_at(file, where(own_mark.node)),
                          lambda node: set_decorator_loop_scope(node, scope, replacing=("scope",))))
        return
    if requester.closest_mark("asyncio") is not None:
        raise Unfixable("its loop comes from the asyncio mark of its class or module, which covers other tests too")
    if file.context.loops.hooks:
        raise Unfixable("a pytest_collection_modifyitems hook marks the tests")
    pytest, imports = module_reference(file, "pytest")
    fix.imports += imports
    mark = f'{pytest}.mark.asyncio(loop_scope="{scope}")'
    fix.edits.append((function_def(file, requester.node), lambda node: with_decorator_first(node, mark)))


def fix_default_loop_mismatch(file: SourceFile, findings: list[Finding], unsafe: bool) -> Iterator[Fix | Declined]:
    """ALP004: align the tests' default loop with the fixtures' default loop, in the config file."""
    ctx = file.context
    for finding in findings:
        try:
            fixture = fixture_at(file, finding, by_decorator=True)
            if not _set_by_fixture_default(file, fixture):
                raise Unfixable("its loop does not come from asyncio_default_fixture_loop_scope: give it loop_scope= "
                                "of its tests' loop")
            if not ctx.era.default_test_loop_scope_option:
                raise Unfixable(f"pytest-asyncio {ctx.era.version} has no asyncio_default_test_loop_scope")
            scope = ctx.config.fixture_loop_scope
            fix = new_fix(finding, False, f"set asyncio_default_test_loop_scope = {scope}")
            fix.config += config_edits(file, {"asyncio_default_test_loop_scope": scope})
            yield fix
        except Unfixable as reason:
            yield declined(finding, str(reason))
