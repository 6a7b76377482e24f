"""ALP1xx: event loops driven by hand, where what they make escapes to code running on another loop.

pytest-asyncio owns the loops tests run on.  A sync test that builds, uses and closes a loop of
its own is self-contained and left alone, as is code under ``if __name__ == "__main__":``.
What is reported: a fixture (or module-level test code) that makes, installs or fetches a
loop and hands something out while it is current; closing the loop pytest-asyncio runs; a
loop run in sync setup whose result (or what it stores) is bound to that loop and outlives it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..context import FileContext
from ..project.loops import EVENT_LOOP
from ..registry import Finding
from ..syntax.nodes import text
from ..verdict import Verdict
from .base import all_of, at, in_main_guard, rule, subclass_of

LOOP_GETTERS = frozenset({"asyncio.get_event_loop", "asyncio.get_running_loop"})
_ISOLATED_CASE = "unittest.IsolatedAsyncioTestCase"
_FIX_OWN_LOOP = "let pytest-asyncio create the loop, make the fixture async and pick its loop with loop_scope="
_FIX_RUNNING = "make the fixture async and use the loop it runs on (asyncio.get_running_loop())"
_FIX_CLOSE = "do not close a loop you did not create; pytest-asyncio closes its own"


@rule("ALP101", trigger=r"new_event_loop|set_event_loop\b|get_event_loop|get_running_loop")
def manual_loop_management(ctx: FileContext) -> Iterator[Finding]:
    if not _runs_under_pytest_asyncio(ctx):
        return
    syntax = ctx.facts.syntax
    for call in syntax.nodes(ast.Call):
        what = _loop_call(ctx, call)
        if what is None or in_main_guard(ctx, call) or _inside_event_loop_fixture(ctx, call):
            continue
        function = syntax.function_of(call)
        if isinstance(function, ast.AsyncFunctionDef) or _runs_in_the_loop(ctx, function):
            if what == "close-fetched":
                yield at(call, "ALP101", call=f"{text(call.func)}()", why="closes the loop pytest-asyncio runs",
                         fix=_FIX_CLOSE)
            continue
        fixture = ctx.facts.fixture_of(function) if function is not None else None
        if function is not None and (fixture is None or not _hands_out(ctx, function)):
            continue  # a sync test or helper that owns its loop, or a setup-only fixture
        if what == "fetch" and _one_loop_for_everything(ctx):
            continue  # the current loop is the session loop every test runs on
        where = f"fixture '{fixture.name}'" if fixture is not None else "module-level test code"
        fix = _FIX_CLOSE if what == "close-fetched" else _FIX_RUNNING if what == "fetch" else _FIX_OWN_LOOP
        if fixture is None:
            fix = "make and use loop-bound objects inside async fixtures, on the loop pytest-asyncio runs them on"
        yield at(call, "ALP101", call=f"{text(call.func)}()", fix=fix,
                 why=f"in {where}, which hands out what it makes while that loop is current, not the loop its "
                     "tests run on")


def _loop_call(ctx: FileContext, call: ast.Call) -> str | None:
    """"make", "set", "fetch" or "close-fetched" for loop-management calls, else None."""
    name = ctx.qualname(call.func)
    if name == "asyncio.new_event_loop":
        return "make"
    if name == "asyncio.set_event_loop":
        return "set"
    if name == "asyncio.get_event_loop":
        return "fetch"
    if not isinstance(call.func, ast.Attribute):
        return None
    method, receiver = call.func.attr, call.func.value
    if method == "new_event_loop" and _is_policy(ctx, receiver):
        return "make"
    if method == "get_event_loop" and _is_policy(ctx, receiver):
        return "fetch"
    if method == "close" and not call.args and _loop_source(ctx, receiver) == "fetched":
        return "close-fetched"
    return None


def _runs_in_the_loop(ctx: FileContext, function: ast.AST | None) -> bool:
    """A sync ``pytest_asyncio`` fixture, which pytest-asyncio runs inside the test's loop."""
    fixture = ctx.facts.fixture_of(function) if function is not None else None
    return fixture is not None and fixture.kind == "pytest_asyncio" and ctx.era.sync_fixtures_run_in_loop


def _one_loop_for_everything(ctx: FileContext) -> bool:
    """Tests and async fixtures all default to the session loop, which pytest-asyncio makes current."""
    loop = ctx.loops.default_test_loop()
    fixture_default = ctx.config.fixture_loop_scope
    return loop is not None and loop.scope == "session" and loop.provider is None and fixture_default == "session"


def _origin(ctx: FileContext, node: ast.AST) -> ast.Call | None:
    """The call a value comes from: itself, or the single assignment of a name."""
    if isinstance(node, ast.Call):
        return node
    if not isinstance(node, ast.Name):
        return None
    _scope, bindings = ctx.facts.syntax.lookup(node)
    if len(bindings) != 1:
        return None
    parent = ctx.facts.syntax.parent(bindings[0])
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and isinstance(parent.value, ast.Call):
        return parent.value
    if isinstance(parent, ast.withitem) and isinstance(parent.context_expr, ast.Call):
        return parent.context_expr
    return None


def _is_policy(ctx: FileContext, node: ast.AST) -> bool:
    call = _origin(ctx, node)
    name = ctx.qualname(call.func) if call is not None else None
    return bool(name) and (name == "asyncio.get_event_loop_policy" or
                           (name.startswith("asyncio.") and name.endswith("EventLoopPolicy")))


def _loop_source(ctx: FileContext, node: ast.AST) -> str | None:
    """"made" for a loop from ``new_event_loop()``, "fetched" for the current one, else None."""
    call = _origin(ctx, node)
    if call is None:
        return None
    name = ctx.qualname(call.func)
    if name == "asyncio.new_event_loop":
        return "made"
    if name in LOOP_GETTERS:
        return "fetched"
    func = call.func
    if isinstance(func, ast.Attribute) and _is_policy(ctx, func.value):
        return {"new_event_loop": "made", "get_event_loop": "fetched"}.get(func.attr)
    return None


def _hands_out(ctx: FileContext, function: ast.AST) -> bool:
    """The fixture returns or yields something: made while its own loop was current, or that loop itself."""
    return any(node.value is not None and not (isinstance(node.value, ast.Constant) and node.value.value is None)
               for node in ctx.facts.syntax.own_nodes(function, ast.Return, ast.Yield))


def _inside_event_loop_fixture(ctx: FileContext, node: ast.AST) -> bool:
    """ALP001 reports an ``event_loop`` fixture as a whole (or it is the API, before pytest-asyncio 0.22)."""
    return any((fixture := ctx.facts.fixture_of(function)) is not None and fixture.name == EVENT_LOOP
               for function in ctx.facts.syntax.enclosing_functions(node))


def _runs_under_pytest_asyncio(ctx: FileContext) -> bool:
    """Test code whose loops pytest-asyncio owns (aiohttp's, anyio's and trio's plugins own theirs)."""
    return ctx.is_test_code and ctx.pytest_asyncio_in_play and not ctx.other_async_runner_in_play


def _loop_runs(ctx: FileContext) -> Iterator[ast.Call]:
    """``asyncio.run(...)``, ``<made or fetched loop>.run_until_complete(...)``, ``asyncio.Runner().run(...)``."""
    for call in ctx.facts.syntax.nodes(ast.Call):
        func = call.func
        if ctx.qualname(func) == "asyncio.run":
            yield call
        elif isinstance(func, ast.Attribute) and func.attr == "run_until_complete":
            yield call
        elif isinstance(func, ast.Attribute) and func.attr == "run":
            runner = _origin(ctx, func.value)
            if runner is not None and ctx.qualname(runner.func) == "asyncio.Runner":
                yield call


@rule("ALP102", trigger=all_of(r"\brun\b|run_until_complete|Runner", r"asyncio"))
def loop_run_in_sync_setup(ctx: FileContext) -> Iterator[Finding]:
    if not _runs_under_pytest_asyncio(ctx):
        return
    syntax = ctx.facts.syntax
    for call in _loop_runs(ctx):
        if in_main_guard(ctx, call) or _inside_event_loop_fixture(ctx, call):
            continue
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "run_until_complete" and \
                _loop_source(ctx, func.value) is None:
            continue  # a loop handed in by a fixture (aiohttp's ``loop``): that fixture's business
        functions = syntax.enclosing_functions(call)
        if functions and not (ctx.facts.fixture_of(functions[0]) is not None
                              and not isinstance(functions[0], ast.AsyncFunctionDef)):
            continue  # a sync test or helper running a coroutine to completion: self-contained
        harm = _outliving(ctx, call)
        if harm is None:
            continue
        fix = ("make the fixture async and await the coroutine" if functions
               else "do the async setup in an async fixture instead of at import time")
        yield at(call, "ALP102", call=f"{text(call.func)}(...)", harm=harm, fix=fix)


def _outliving(ctx: FileContext, run: ast.Call) -> str | None:
    """What the run leaves bound to its closed loop: its result, or what the coroutine stores elsewhere."""
    coroutine = run.args[0] if run.args else None
    if not isinstance(coroutine, ast.Call):
        return None
    result = ctx.tracer.awaited_value(coroutine)
    if result.bound is Verdict.YES:
        return f"it returns {result.why()}"
    return ctx.tracer.stored_elsewhere(coroutine) or ctx.tracer.shared_resources_used(coroutine)


@rule("ALP103", trigger=all_of(r"\brun\b|run_until_complete", r"\basync\b"))
def loop_run_inside_coroutine(ctx: FileContext) -> Iterator[Finding]:
    for call in _loop_runs(ctx):
        functions = ctx.facts.syntax.enclosing_functions(call)
        if functions and isinstance(functions[0], ast.AsyncFunctionDef):
            yield at(call, "ALP103", call=f"{text(call.func)}(...)")


@rule("ALP104", trigger=r"IsolatedAsyncioTestCase")
def isolated_testcase_shared_resource(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    for case in ctx.facts.syntax.nodes(ast.ClassDef):
        if not subclass_of(ctx, case, _ISOLATED_CASE):
            continue
        for where, calls in _setup_calls(ctx, case):
            for call in calls:
                value = ctx.tracer.value(call)
                attribute = _stored_as(ctx, call, case)
                if value.bound is not Verdict.YES or value.factory is None or attribute is None:
                    continue
                if value.binds_now or (where != "__init__" and _loops_using(case, attribute) >= 2):
                    yield at(call, "ALP104", resource=f"'{attribute}' ({value.factory.label})", where=where)


def _setup_calls(ctx: FileContext, case: ast.ClassDef):
    """Calls that run outside the per-test loop: in the class body, ``setUpClass`` and ``__init__``."""
    syntax = ctx.facts.syntax
    yield "the class body", syntax.own_nodes(case, ast.Call)
    for statement in case.body:
        if isinstance(statement, ast.FunctionDef) and statement.name in ("setUpClass", "__init__"):
            yield statement.name, [node for node in ast.walk(statement) if isinstance(node, ast.Call)]


def _stored_as(ctx: FileContext, call: ast.Call, case: ast.ClassDef) -> str | None:
    """The class or instance attribute the created value is assigned to."""
    statement = ctx.facts.syntax.statement(call)
    if not isinstance(statement, (ast.Assign, ast.AnnAssign)):
        return None
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    for target in targets:
        if isinstance(target, ast.Name) and ctx.facts.syntax.owner(target) is case:
            return target.id
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            function = ctx.facts.syntax.function_of(target)
            if function is not None and ctx.facts.syntax.parent(function) is case:
                return target.attr
    return None


def _loops_using(case: ast.ClassDef, attribute: str) -> int:
    """How many test loops touch ``attribute``: each async test runs on its own loop."""
    tests = [m for m in case.body if isinstance(m, ast.AsyncFunctionDef) and m.name.startswith("test")]
    helpers = [m for m in case.body if isinstance(m, ast.AsyncFunctionDef) and m not in tests]
    if any(_refers_to(method, case, attribute) for method in helpers):
        return len(tests)
    return sum(1 for method in tests if _refers_to(method, case, attribute))


def _refers_to(method: ast.AST, case: ast.ClassDef, attribute: str) -> bool:
    owners = {case.name}
    positional = [*method.args.posonlyargs, *method.args.args]
    if positional:
        owners.add(positional[0].arg)
    return any(isinstance(node, ast.Attribute) and node.attr == attribute and isinstance(node.value, ast.Name)
               and node.value.id in owners for node in ast.walk(method))
