"""ALP1xx: event loops driven by hand.

pytest-asyncio owns the loops tests run on.  Test code that creates, sets, closes or
runs loops itself binds what it makes to a loop that is not the test's, or that is
closed before the test starts.  Code under ``if __name__ == "__main__":`` owns its
loop and is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from ..context import FileContext
from ..context.apps import single_binding
from ..context.values import method_class
from ..registry import Finding
from .base import all_of, at, rule

EVENT_LOOP = "event_loop"
LOOP_GETTERS = frozenset({"asyncio.get_event_loop", "asyncio.get_running_loop"})
_FUNCTIONS = (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)
_ISOLATED_CASE = "unittest.IsolatedAsyncioTestCase"

_FIX_OWN_LOOP = "let pytest-asyncio create the loop and pick it with loop_scope="
_FIX_RUNNING = "call asyncio.get_running_loop() inside an async fixture or test"
_FIX_CLOSE = "do not close a loop you did not create; pytest-asyncio closes its own"


@rule("ALP101", trigger=r"new_event_loop|set_event_loop\b|get_event_loop|get_running_loop")
def manual_loop_management(ctx: FileContext) -> Iterator[Finding]:
    if not _runs_under_pytest_asyncio(ctx):
        return
    reported: set[tuple[int, int]] = set()
    for call in ctx.facts.nodes_of(nodes.Call):
        fix = _manual_loop_fix(ctx, call)
        if fix is None or _exempt(ctx, call) or (call.lineno, call.col_offset) in reported:
            continue
        reported.add((call.lineno, call.col_offset))
        yield at(call, "ALP101", call=f"{call.func.as_string()}()", fix=fix)


def _manual_loop_fix(ctx: FileContext, call: nodes.Call) -> str | None:
    name = ctx.qualname(call.func)
    if name in ("asyncio.new_event_loop", "asyncio.set_event_loop"):
        return _FIX_OWN_LOOP
    if name == "asyncio.get_event_loop":
        return None if _in_coroutine(ctx, call) else _FIX_RUNNING
    if not isinstance(call.func, nodes.Attribute):
        return None
    method, receiver = call.func.attrname, call.func.expr
    if method == "new_event_loop" and _is_policy(ctx, receiver):
        return _FIX_OWN_LOOP
    if method == "get_event_loop" and _is_policy(ctx, receiver) and not _in_coroutine(ctx, call):
        return _FIX_RUNNING
    if method == "close" and not call.args and _loop_source(ctx, receiver) == "fetched":
        return _FIX_CLOSE
    return None


def _origin(node: nodes.NodeNG) -> nodes.Call | None:
    """The call a value comes from: itself, or the single assignment of a name."""
    if isinstance(node, nodes.Call):
        return node
    binding = single_binding(node) if isinstance(node, nodes.Name) else None
    if not isinstance(binding, nodes.AssignName):
        return None
    parent = binding.parent
    if isinstance(parent, (nodes.Assign, nodes.AnnAssign)) and isinstance(parent.value, nodes.Call):
        return parent.value
    if isinstance(parent, (nodes.With, nodes.AsyncWith)):
        entered = [expr for expr, target in parent.items if target is binding]
        return entered[0] if entered and isinstance(entered[0], nodes.Call) else None
    return None


def _is_policy(ctx: FileContext, node: nodes.NodeNG) -> bool:
    call = _origin(node)
    name = ctx.qualname(call.func) if call is not None else None
    return bool(name) and (name == "asyncio.get_event_loop_policy" or
                           (name.startswith("asyncio.") and name.endswith("EventLoopPolicy")))


def _loop_source(ctx: FileContext, node: nodes.NodeNG) -> str | None:
    """"made" for a loop from ``new_event_loop()``, "fetched" for the current one, else None."""
    call = _origin(node)
    if call is None:
        return None
    name = ctx.qualname(call.func)
    if name == "asyncio.new_event_loop":
        return "made"
    if name in LOOP_GETTERS:
        return "fetched"
    func = call.func
    if isinstance(func, nodes.Attribute) and _is_policy(ctx, func.expr):
        return {"new_event_loop": "made", "get_event_loop": "fetched"}.get(func.attrname)
    return None


def _enclosing_functions(node: nodes.NodeNG) -> list[nodes.NodeNG]:
    """Functions and lambdas around ``node``, innermost first."""
    found, parent = [], node.parent
    while parent is not None:
        if isinstance(parent, _FUNCTIONS):
            found.append(parent)
        parent = parent.parent
    return found


def _in_coroutine(ctx: FileContext, node: nodes.NodeNG) -> bool:
    """Inside an ``async def`` at any depth, or a sync pytest_asyncio fixture (1.4+ runs it in its loop)."""
    for function in _enclosing_functions(node):
        if isinstance(function, nodes.AsyncFunctionDef):
            return True
        fixture = ctx.facts.fixture_of(function)
        if fixture is not None and fixture.kind == "pytest_asyncio":
            return True
    return False


def _exempt(ctx: FileContext, node: nodes.NodeNG) -> bool:
    """Under ``if __name__ == "__main__":`` or inside an ``event_loop`` fixture (ALP001 reports it)."""
    if in_main_guard(node):
        return True
    return any((fixture := ctx.facts.fixture_of(function)) is not None and fixture.name == EVENT_LOOP
               for function in _enclosing_functions(node))


def in_main_guard(node: nodes.NodeNG) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.If) and parent.test.as_string().replace("'", '"') in (
            '__name__ == "__main__"', '"__main__" == __name__'
        ):
            return True
        parent = parent.parent
    return False


def _runs_under_pytest_asyncio(ctx: FileContext) -> bool:
    """Test code whose loops pytest-asyncio owns (aiohttp's, anyio's and trio's plugins own theirs)."""
    return ctx.is_test_code and ctx.pytest_asyncio_in_play and not ctx.other_async_runner_in_play


def _closes_when_done(ctx: FileContext, call: nodes.Call) -> bool:
    """``asyncio.run``/``Runner`` always; ``run_until_complete`` on a loop this code made or fetched.

    A loop handed in by a fixture (``event_loop``, aiohttp's ``loop``) is that fixture's business.
    """
    func = call.func
    if not (isinstance(func, nodes.Attribute) and func.attrname == "run_until_complete"):
        return True
    return _loop_source(ctx, func.expr) is not None


def _loop_runs(ctx: FileContext) -> Iterator[nodes.Call]:
    """``asyncio.run(...)``, ``<loop>.run_until_complete(...)`` and ``asyncio.Runner().run(...)`` calls."""
    for call in ctx.facts.nodes_of(nodes.Call):
        func = call.func
        if ctx.qualname(func) == "asyncio.run":
            yield call
        elif isinstance(func, nodes.Attribute) and func.attrname == "run_until_complete":
            yield call
        elif isinstance(func, nodes.Attribute) and func.attrname == "run":
            runner = _origin(func.expr)
            if runner is not None and ctx.qualname(runner.func) == "asyncio.Runner":
                yield call


@rule("ALP102", trigger=all_of(r"\brun\b|run_until_complete|Runner", r"asyncio"))
def loop_run_in_sync_setup(ctx: FileContext) -> Iterator[Finding]:
    if not _runs_under_pytest_asyncio(ctx):
        return
    for call in _loop_runs(ctx):
        if _exempt(ctx, call) or not _closes_when_done(ctx, call):
            continue
        functions = _enclosing_functions(call)
        if not functions:
            fix = "do the async setup in an async fixture instead of at import time"
        elif not any(isinstance(function, nodes.AsyncFunctionDef) for function in functions) and any(
            ctx.facts.fixture_of(function) is not None for function in functions
        ):
            fix = "make the fixture async and await the coroutine"
        else:
            continue
        yield at(call, "ALP102", call=f"{call.func.as_string()}(...)", fix=fix)


@rule("ALP103", trigger=all_of(r"\brun\b|run_until_complete", r"\basync\b"))
def loop_run_inside_coroutine(ctx: FileContext) -> Iterator[Finding]:
    for call in _loop_runs(ctx):
        functions = _enclosing_functions(call)
        if functions and isinstance(functions[0], nodes.AsyncFunctionDef):
            yield at(call, "ALP103", call=f"{call.func.as_string()}(...)")


@rule("ALP104", trigger=r"IsolatedAsyncioTestCase")
def isolated_testcase_shared_resource(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    values = ctx.values
    for case in ctx.facts.nodes_of(nodes.ClassDef):
        if not is_isolated_case(ctx, case):
            continue
        for where, scope in _setup_places(case):
            for call in _calls_in(scope, case):
                held = values.held(call)
                attribute = _stored_as(call, case)
                if held is None or attribute is None or values.loop_bound(held) is not True:
                    continue
                binds_now = values.binds_at_construction(held)
                if binds_now or (where != "__init__" and _loops_using(case, attribute) >= 2):
                    resource = f"'{attribute}' ({held.factory.label})"
                    yield at(call, "ALP104", resource=resource, where=where)


def is_isolated_case(ctx: FileContext, case: nodes.ClassDef, depth: int = 0) -> bool:
    if depth > 8:
        return False
    for base in case.bases:
        if ctx.qualname(base) == _ISOLATED_CASE:
            return True
        local = single_binding(base) if isinstance(base, nodes.Name) else None
        if isinstance(local, nodes.ClassDef) and is_isolated_case(ctx, local, depth + 1):
            return True
    return False


def _setup_places(case: nodes.ClassDef) -> Iterator[tuple[str, nodes.NodeNG]]:
    """Code that runs outside the per-test loop: the class body, ``setUpClass`` and ``__init__``."""
    yield "the class body", case
    for statement in case.body:
        if isinstance(statement, nodes.FunctionDef) and statement.name in ("setUpClass", "__init__"):
            yield statement.name, statement


def _calls_in(scope: nodes.NodeNG, case: nodes.ClassDef) -> Iterator[nodes.Call]:
    if scope is not case:
        yield from scope.nodes_of_class(nodes.Call)
        return
    for statement in case.body:
        if not isinstance(statement, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.ClassDef)):
            yield from statement.nodes_of_class(nodes.Call)


def _stored_as(call: nodes.Call, case: nodes.ClassDef) -> str | None:
    """The class or instance attribute the created value is assigned to."""
    statement = call.statement()
    if not isinstance(statement, (nodes.Assign, nodes.AnnAssign)):
        return None
    targets = statement.targets if isinstance(statement, nodes.Assign) else [statement.target]
    for target in targets:
        if isinstance(target, nodes.AssignName) and target.scope() is case:
            return target.name
        if isinstance(target, nodes.AssignAttr) and method_class(target) is case:
            return target.attrname
    return None


def _loops_using(case: nodes.ClassDef, attribute: str) -> int:
    """How many test loops touch ``attribute``: each async test runs on its own loop."""
    tests = [method for method in case.body if isinstance(method, nodes.AsyncFunctionDef)
             and method.name.startswith("test")]
    helpers = [method for method in case.body if isinstance(method, nodes.AsyncFunctionDef)
               and method not in tests]
    if any(_refers_to(method, case, attribute) for method in helpers):
        return len(tests)
    return sum(1 for method in tests if _refers_to(method, case, attribute))


def _refers_to(method: nodes.FunctionDef, case: nodes.ClassDef, attribute: str) -> bool:
    owners = {case.name}
    positional = list(method.args.posonlyargs or []) + list(method.args.args or [])
    if positional:
        owners.add(positional[0].name)
    return any(
        node.attrname == attribute and isinstance(node.expr, nodes.Name) and node.expr.name in owners
        for node in method.nodes_of_class(nodes.Attribute)
    )
