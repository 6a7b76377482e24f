"""Fixes for how pytest-asyncio is told to run a test or fixture: ALP010, ALP011, ALP005.

- ALP010 (safe): ``@pytest.fixture(...)`` on an ``async def`` in strict mode becomes
  ``@pytest_asyncio.fixture(...)``, arguments kept, ``import pytest_asyncio`` added.
- ALP011 (safe): ``@pytest.mark.asyncio`` is added to the test.  With ``--unsafe-fixes`` the
  project's pytest config gets ``asyncio_mode = auto`` instead: every async test and fixture is
  then pytest-asyncio's, which is why it is not the safe choice.
- ALP005 (safe): ``mark.asyncio(scope=...)`` becomes ``mark.asyncio(loop_scope=...)``, the same
  loop under the keyword pytest-asyncio 0.24 introduced.  A fixture cached more widely than its
  loop gets ``loop_scope=<its caching scope>`` (unsafe: its requesters on narrower loops then
  cross loops, which ALP003 reports and fixes).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from ...registry import Finding
from .model import Declined, Fix
from .shared import (Unfixable, asyncio_fixture_decorator, config_edits, decorator_at, each_finding, fixture_at,
                     function_def, known_scope, module_reference, new_fix)
from .source import SourceFile
from .syntax_edits import keyword_of, string, with_decorator_first, with_keyword


def fix_unhandled_async_fixtures(file: SourceFile, findings: list[Finding], unsafe: bool) -> Iterator[Fix | Declined]:
    """ALP010."""
    return each_finding(findings, lambda finding: _asyncio_fixture(file, finding))


def _asyncio_fixture(file: SourceFile, finding: Finding) -> Fix:
    decorator = decorator_at(file, finding)
    fix = new_fix(finding, True, "use @pytest_asyncio.fixture")
    asyncio_fixture_decorator(file, fix, decorator, decorator.decorator)
    return fix


def fix_unmarked_async_tests(file: SourceFile, findings: list[Finding], unsafe: bool) -> Iterator[Fix | Declined]:
    """ALP011: the mark on each test, or (unsafe) auto mode for the whole project."""
    if unsafe and findings:
        try:
            edits = config_edits(file, {"asyncio_mode": "auto"})
        except Unfixable:
            edits = []  # no config file to switch: mark the tests instead
        if edits:
            for finding in findings:
                fix = new_fix(finding, False, "set asyncio_mode = auto in the pytest config")
                fix.config += edits
                yield fix
            return
    yield from each_finding(findings, lambda finding: _marked_test(file, finding))


def _marked_test(file: SourceFile, finding: Finding) -> Fix:
    test = next((t for t in file.context.facts.tests if (t.node.lineno, t.node.col_offset) ==
                 (finding.line, finding.col)), None)
    if test is None:
        raise Unfixable("no test at the reported position")
    pytest, imports = module_reference(file, "pytest")
    fix = new_fix(finding, True, "add @pytest.mark.asyncio")
    fix.imports += imports
    fix.edits.append((function_def(file, test.node),
                      lambda node, mark=f"{pytest}.mark.asyncio": with_decorator_first(node, mark)))
    return fix


def fix_narrow_loop_scopes(file: SourceFile, findings: list[Finding], unsafe: bool) -> Iterator[Fix | Declined]:
    """ALP005: the deprecated ``scope=`` of the mark (reported at the keyword), or a fixture's loop narrower than
    its caching scope (reported at its decorator)."""
    return each_finding(findings, lambda finding: _narrow_loop_scope_fixed(file, finding))


def _narrow_loop_scope_fixed(file: SourceFile, finding: Finding) -> Fix:
    keyword = next((node for node in file.nodes_at(finding, cst.Arg) if node.keyword is not None
                    and node.keyword.value == "scope"), None)
    if keyword is not None:
        return _renamed_mark_keyword(file, finding, keyword)
    return _fixture_loop_widened(file, finding)


def _renamed_mark_keyword(file: SourceFile, finding: Finding, keyword: cst.Arg) -> Fix:
    call = file.parent(keyword)
    if isinstance(call, cst.Call) and keyword_of(call, "loop_scope") is not None:
        raise Unfixable("the mark has both scope= and loop_scope=; keep the one you mean")
    fix = new_fix(finding, True, "write loop_scope= instead of scope=")
    fix.edits.append((keyword, lambda node: node.with_changes(keyword=cst.Name("loop_scope"))))
    return fix


def _fixture_loop_widened(file: SourceFile, finding: Finding) -> Fix:
    era = file.context.era
    if not era.scoped_loops:
        raise Unfixable(f"pytest-asyncio {era.version} runs every fixture on the 'event_loop' fixture's loop; widen "
                        "that fixture's scope")
    if not era.loop_scope_keyword:
        raise Unfixable(f"pytest-asyncio {era.version} has no loop_scope= for fixtures")
    fixture = fixture_at(file, finding, by_decorator=True)
    scope = known_scope(fixture.scope)
    if scope is None:
        raise Unfixable("the fixture's caching scope is not a literal")
    decorator = decorator_at(file, finding)
    fix = new_fix(finding, False, f"run the fixture on the {scope} loop (loop_scope={scope!r})")
    if fixture.kind == "pytest":
        asyncio_fixture_decorator(file, fix, decorator, decorator.decorator)
    fix.edits.append((decorator, lambda node: set_decorator_loop_scope(node, scope)))
    return fix


def set_decorator_loop_scope(decorator: cst.Decorator, scope: str, replacing: tuple[str, ...] = ()) -> cst.Decorator:
    """``@x`` → ``@x(loop_scope="scope")``; ``@x(...)`` gets or changes its ``loop_scope=``."""
    target = decorator.decorator
    call = target if isinstance(target, cst.Call) else cst.Call(func=target)
    return decorator.with_changes(decorator=with_keyword(call, "loop_scope", string(scope), replacing))
