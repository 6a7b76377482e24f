"""ALP0xx: pytest-asyncio loops and loop scopes, judged for the pytest-asyncio the project runs.

A loop-scope finding needs harm: a value bound to the loop it was made on (or a fixture that
leaves tasks running on its loop) reaching code that runs on another loop.  Two loops are
compared only when both are known statically; an unknown mode, scope or value is silent.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..context import FileContext
from ..project.files import Fixture, TestFunction
from ..project.loops import EVENT_LOOP, is_known_scope, wider
from ..registry import Finding
from ..syntax.nodes import callee_name
from ..verdict import Verdict
from .base import at, expects_warning, rule, version_note

_LOOP_FACTORIES = frozenset({"asyncio.new_event_loop", "asyncio.get_event_loop"})


def _driven_by_pytest_asyncio(ctx: FileContext) -> bool:
    """Test code pytest loads, with pytest-asyncio listed (or, without dependency files, in use) and not
    switched off (``-p no:asyncio``)."""
    return ctx.is_test_code and ctx.pytest_asyncio_in_play


def _asyncio_version(ctx: FileContext) -> str:
    return version_note(ctx, "pytest-asyncio")


@rule("ALP001", trigger=r"event_loop")
def event_loop_fixture_defined(ctx: FileContext) -> Iterator[Finding]:
    era = ctx.era
    if not _driven_by_pytest_asyncio(ctx) or era.event_loop_fixture == "the-loop":
        return
    if era.event_loop_fixture == "removed":
        why = "is an ordinary fixture since pytest-asyncio 1.0: no test or fixture runs on the loop it makes"
    else:
        why = ("overrides pytest-asyncio's, which is deprecated, and async fixtures cached wider than a "
               "function do not run on it")
    for fixture in ctx.facts.all_fixtures:
        if fixture.name == EVENT_LOOP:
            yield at(fixture.node, "ALP001", why=why, version=_asyncio_version(ctx), fix=_loop_choice(ctx))


def _loop_choice(ctx: FileContext) -> str:
    if ctx.era.loop_scope_keyword:
        return "choose loops with loop_scope= or asyncio_default_*_loop_scope"
    return "choose loops with @pytest.mark.asyncio(scope=...)"


@rule("ALP002", trigger=r"event_loop|\bloop\b")
def event_loop_requested(ctx: FileContext) -> Iterator[Finding]:
    if not _driven_by_pytest_asyncio(ctx):
        return
    era = ctx.era
    if era.event_loop_fixture != "the-loop":
        for requester in (*ctx.facts.all_fixtures, *ctx.tests):
            if requester.name == EVENT_LOOP or (era.event_loop_fixture == "deprecated" and not requester.is_async):
                continue
            for parameter in requester.requests():
                if parameter.arg == EVENT_LOOP:
                    yield at(parameter, "ALP002", **_event_loop_request(ctx, requester))
        for call in ctx.facts.syntax.nodes(ast.Call):
            yield from _event_loop_by_name(ctx, call)
    for call in ctx.facts.syntax.nodes(ast.Call):
        yield from _foreign_loop_arguments(ctx, call)


def _event_loop_request(ctx: FileContext, requester) -> dict:
    own = ctx.fixtures.resolve(EVENT_LOOP, requester)
    if ctx.era.event_loop_fixture == "removed":
        if own is None:
            why = "fails with \"fixture 'event_loop' not found\": pytest-asyncio 1.0 removed it"
        else:
            why = (f"gets the project's own fixture ({ctx.relative(own.path)}:{own.line}), a loop that is not "
                   "running this code")
    else:
        why = "is deprecated, and it is not the loop of tests or fixtures with a wider loop scope"
    return {"what": "requesting the 'event_loop' fixture", "why": why, "version": _asyncio_version(ctx),
            "fix": "call asyncio.get_running_loop() inside the coroutine instead"}


def _event_loop_by_name(ctx: FileContext, call: ast.Call) -> Iterator[Finding]:
    """``request.getfixturevalue("event_loop")`` and ``usefixtures("event_loop")``."""
    name = callee_name(call)
    in_async_code = isinstance(ctx.facts.syntax.function_of(call), ast.AsyncFunctionDef)
    if ctx.era.event_loop_fixture == "deprecated" and not in_async_code:
        return  # 0.22–0.26 warn only when async code asks for the loop
    if name == "getfixturevalue" or (name == "usefixtures" and ctx.qualname(call.func) == "pytest.mark.usefixtures"):
        for argument in call.args:
            if isinstance(argument, ast.Constant) and argument.value == EVENT_LOOP:
                yield at(argument, "ALP002", **_event_loop_request(ctx, None))


def _foreign_loop_arguments(ctx: FileContext, call: ast.Call) -> Iterator[Finding]:
    """``loop=<a loop made or fetched by hand>`` given to a loop-bound resource inside a coroutine, where the
    running loop is another one (``connect_args={"loop": ...}`` too)."""
    if not any(keyword.arg == "loop" or isinstance(keyword.value, ast.Dict) for keyword in call.keywords):
        return  # most calls: no loop to check, so no value to trace
    function = ctx.facts.syntax.function_of(call)
    if not isinstance(function, ast.AsyncFunctionDef) or ctx.tracer.made_by(call) is None:
        return
    for keyword in call.keywords:
        if keyword.arg == "loop" and _is_foreign_loop(ctx, keyword.value):
            yield at(keyword.value, "ALP002", what="passing loop=<a loop made by hand>",
                     why="binds the resource to a loop that is not the one running this coroutine",
                     version=_asyncio_version(ctx), fix="drop loop=; the resource uses the running loop")
        if isinstance(keyword.value, ast.Dict):
            for key, value in zip(keyword.value.keys, keyword.value.values):
                if isinstance(key, ast.Constant) and key.value == "loop" and _is_foreign_loop(ctx, value):
                    yield at(value, "ALP002", what='passing connect_args "loop"',
                             why="binds the driver to a loop that is not the one running this coroutine",
                             version=_asyncio_version(ctx), fix="drop it; the driver uses the running loop")


def _is_foreign_loop(ctx: FileContext, value: ast.AST) -> bool:
    """The ``event_loop`` fixture (when it is not the running loop), or ``new_event_loop()``."""
    if isinstance(value, ast.Call):
        return ctx.qualname(value.func) == "asyncio.new_event_loop"
    if not isinstance(value, ast.Name):
        return False
    _scope, bindings = ctx.facts.syntax.lookup(value)
    if len(bindings) != 1:
        return False
    binding = bindings[0]
    if isinstance(binding, ast.arg):
        return binding.arg == EVENT_LOOP and ctx.era.event_loop_fixture == "removed"
    parent = ctx.facts.syntax.parent(binding)
    return isinstance(parent, ast.Assign) and isinstance(parent.value, ast.Call) and (
        ctx.qualname(parent.value.func) == "asyncio.new_event_loop")


def _asyncio_requesters(ctx: FileContext) -> Iterator[tuple[Fixture | TestFunction, object]]:
    """Async tests and async fixtures run by pytest-asyncio, with their loop."""
    for test in ctx.tests:
        if ctx.loops.is_asyncio_test(test) is Verdict.YES:
            loop = ctx.loops.test_loop(test)
            if loop is not None:
                yield test, loop
    for fixture in ctx.facts.all_fixtures:
        if ctx.loops.runs_on_asyncio_loop(fixture) is Verdict.YES:
            loop = ctx.loops.fixture_loop(fixture)
            if loop is not None:
                yield fixture, loop


@rule("ALP003", trigger=r"\basync\b")
def fixture_loop_scope_mismatch(ctx: FileContext) -> Iterator[Finding]:
    if not _driven_by_pytest_asyncio(ctx):
        return
    for requester, loop in _asyncio_requesters(ctx):
        for parameter in requester.requests():
            fixture = ctx.fixtures.resolve(parameter.arg, requester)
            if fixture is None:
                continue
            value = ctx.tracer.fixture_value(fixture, requester)
            made_on = value.made_on
            if made_on is None or made_on.same_loop(loop):
                continue
            if value.bound is not Verdict.YES and not ctx.tracer.leaves_running(fixture):
                continue
            yield at(parameter, "ALP003", chain=_chain(ctx, fixture, value), fixture_loop=made_on.describe(),
                     fixture_origin=made_on.origin, requester=requester.name, requester_loop=loop.describe(),
                     requester_origin=loop.origin, fix=_alignment_fix(ctx, fixture, made_on, loop),
                     version=_asyncio_version(ctx))


def _chain(ctx: FileContext, fixture: Fixture, value) -> str:
    if value.bound is Verdict.YES:
        return value.why()
    return f"'{fixture.name}' ({ctx.relative(fixture.path)}:{fixture.line}) leaves {ctx.tracer.leaves_running(fixture)}"


def _alignment_fix(ctx: FileContext, fixture: Fixture, fixture_loop, requester_loop) -> str:
    """Which side to change, and how, for the pytest-asyncio in use."""
    keyword = "loop_scope" if ctx.era.loop_scope_keyword else "scope"
    if fixture_loop.provider is None and is_known_scope(fixture_loop.scope) and (
            requester_loop.scope == "function" or wider(fixture_loop.scope, requester_loop.scope)):
        scope = fixture_loop.scope
        test_side = f"run the requester on the {scope} loop (@pytest.mark.asyncio({keyword}={scope!r})"
        if ctx.era.default_test_loop_scope_option:
            test_side += f" or asyncio_default_test_loop_scope = {scope}"
        fixture_side = f"or make '{fixture.name}' function-scoped so each test gets its own"
        return f"{test_side}), {fixture_side}"
    return f"give '{fixture.name}' {keyword}={requester_loop.scope!r} to match its requester"


@rule("ALP004", trigger=r"\basync\b")
def default_fixture_loop_scope_mismatch(ctx: FileContext) -> Iterator[Finding]:
    if not _driven_by_pytest_asyncio(ctx):
        return
    test_loop = ctx.loops.default_test_loop()
    if test_loop is None:
        return
    for fixture in ctx.facts.all_fixtures:
        if fixture.loop_scope is not None or ctx.loops.runs_on_asyncio_loop(fixture) is not Verdict.YES:
            continue
        loop = ctx.loops.fixture_loop(fixture)
        if loop is None or loop.same_loop(test_loop) or not is_known_scope(fixture.scope):
            continue
        if wider(fixture.scope, loop.scope):
            continue  # loop narrower than the caching scope: ALP005 reports it
        value = ctx.tracer.fixture_value(fixture)
        if value.bound is not Verdict.YES and not ctx.tracer.leaves_running(fixture):
            continue
        keyword = "loop_scope" if ctx.era.loop_scope_keyword else "scope"
        fix = (f"give it {keyword}= explicitly, or align asyncio_default_fixture_loop_scope and "
               "asyncio_default_test_loop_scope") if ctx.era.default_fixture_loop_scope_option else (
            f"mark its tests @pytest.mark.asyncio(scope={loop.scope!r}), or make it function-scoped")
        yield at(fixture.decorator, "ALP004", fixture=fixture.name, fixture_loop=loop.describe(),
                 origin=loop.origin, test_loop=test_loop.describe(), test_origin=test_loop.origin,
                 chain=_chain(ctx, fixture, value), fix=fix, version=_asyncio_version(ctx))


@rule("ALP005", trigger=r"\basync\b|asyncio")
def loop_scope_narrower_than_scope(ctx: FileContext) -> Iterator[Finding]:
    if not _driven_by_pytest_asyncio(ctx):
        return
    for fixture in ctx.facts.all_fixtures:
        if ctx.loops.runs_on_asyncio_loop(fixture) is not Verdict.YES or not is_known_scope(fixture.scope):
            continue
        if not ctx.era.scoped_loops:
            narrow = ctx.loops.event_loop_scope_mismatch(fixture, None)
            if narrow is not None:
                yield at(fixture.decorator, "ALP005", version=_asyncio_version(ctx),
                         problem=f"'{fixture.name}' is cached for the {fixture.scope} but runs on the "
                         f"{narrow.scope}-scoped 'event_loop' ({narrow.origin}), a ScopeMismatch at setup",
                         fix=f"give the 'event_loop' fixture scope={fixture.scope!r}")
            continue
        scope, origin = ctx.loops.fixture_loop_scope(fixture)
        if scope is None or not wider(fixture.scope, scope):
            continue
        keyword = "loop_scope" if ctx.era.loop_scope_keyword else "scope"
        wider_too = "" if fixture.scope == "session" else " or a wider one"
        yield at(fixture.decorator, "ALP005", version=_asyncio_version(ctx),
                 problem=f"'{fixture.name}' is cached for the {fixture.scope} but runs on a {scope} loop "
                 f"({origin}), a ScopeMismatch at setup",
                 fix=f"use {keyword}={fixture.scope!r}{wider_too}")
    if ctx.era.mark_scope_keyword == "deprecated":
        yield from _deprecated_mark_scope(ctx)


def _deprecated_mark_scope(ctx: FileContext) -> Iterator[Finding]:
    for call in ctx.facts.syntax.nodes(ast.Call):
        if callee_name(call) != "asyncio" or expects_warning(ctx, call):
            continue
        mark = ctx.facts.mark_of(call)
        if mark is None or mark.name != "asyncio":
            continue
        for keyword in call.keywords:
            if keyword.arg == "scope":
                yield at(keyword, "ALP005", version=_asyncio_version(ctx),
                         problem="pytest.mark.asyncio(scope=...) is deprecated since pytest-asyncio 0.24 and "
                         "removed in 2.0", fix="write loop_scope=... instead")


def _strict_asyncio_without_other_runner(ctx: FileContext) -> bool:
    explicit = "asyncio_mode" in ctx.config.sources and ctx.era.asyncio_mode_option
    return (_driven_by_pytest_asyncio(ctx) and ctx.config.asyncio_mode == "strict"
            and not ctx.other_async_runner_in_play and (explicit or ctx.era.strict_mode_default))


def _mode_origin(ctx: FileContext) -> str:
    if "asyncio_mode" in ctx.config.sources:
        return f"asyncio_mode = strict in {ctx.config.where('asyncio_mode')}"
    return "strict is the default"


@rule("ALP010", trigger=r"\basync\b")
def async_fixture_not_handled(ctx: FileContext) -> Iterator[Finding]:
    if not _strict_asyncio_without_other_runner(ctx):
        return
    for fixture in ctx.facts.all_fixtures:
        if fixture.kind == "pytest" and fixture.is_async:
            yield at(fixture.decorator, "ALP010", fixture=fixture.name, mode=_mode_origin(ctx),
                     version=_asyncio_version(ctx))


@rule("ALP011", trigger=r"\basync\b")
def async_test_not_marked(ctx: FileContext) -> Iterator[Finding]:
    if not _strict_asyncio_without_other_runner(ctx) or ctx.loops.hooks:
        return
    for test in ctx.tests:
        if (test.is_async and test.closest_mark("asyncio", "anyio", "trio") is None
                and not _is_async_generator(ctx, test.node)
                and "anyio_backend" not in {parameter.arg for parameter in test.requests()}
                and _plain_test_class(ctx, test.class_node) and not _marked_through_fixture_params(ctx, test)):
            yield at(test.node, "ALP011", test=test.name, mode=_mode_origin(ctx), version=_asyncio_version(ctx))


def _marked_through_fixture_params(ctx: FileContext, test: TestFunction) -> bool:
    """A fixture the test uses is parametrized with ``pytest.param(..., marks=...)``: those marks reach the
    test, which may well be marked after all."""
    for fixture in ctx.fixtures.closure([test]):
        decorator = fixture.decorator
        params = next((k.value for k in decorator.keywords if k.arg == "params"), None) \
            if isinstance(decorator, ast.Call) else None
        if params is not None and any(isinstance(node, ast.keyword) and node.arg == "marks"
                                      for node in ast.walk(params)):
            return True
    return False


def _is_async_generator(ctx: FileContext, function: ast.AST) -> bool:
    """A ``yield`` of its own (one in a nested function makes that function the generator)."""
    return bool(ctx.facts.syntax.own_nodes(function, ast.Yield, ast.YieldFrom))


def _plain_test_class(ctx: FileContext, class_node: ast.ClassDef | None, depth: int = 0) -> bool:
    """No class, or one pytest collects itself (bases are object or plain classes of this module)."""
    if class_node is None:
        return True
    if depth > 8:
        return False
    for base in class_node.bases:
        if ctx.qualname(base) == "builtins.object":
            continue
        local = None
        if isinstance(base, ast.Name):
            _scope, bindings = ctx.facts.syntax.lookup(base)
            local = bindings[0] if len(bindings) == 1 and isinstance(bindings[0], ast.ClassDef) else None
        if local is None or not _plain_test_class(ctx, local, depth + 1):
            return False
    return True


@rule("ALP012", trigger=r"\basync\b")
def anyio_test_requests_asyncio_fixture(ctx: FileContext) -> Iterator[Finding]:
    if not _driven_by_pytest_asyncio(ctx) or ctx.config.asyncio_mode != "auto":
        return
    for test in ctx.tests:
        parameters = test.requests()
        anyio_driven = test.closest_mark("anyio") is not None or any(p.arg == "anyio_backend" for p in parameters)
        if not (test.is_async and anyio_driven):
            continue
        for parameter in parameters:
            fixture = ctx.fixtures.resolve(parameter.arg, test)
            if fixture is None or ctx.loops.runs_on_asyncio_loop(fixture) is not Verdict.YES:
                continue
            value = ctx.tracer.fixture_value(fixture, test)
            if value.bound is Verdict.YES:
                yield at(parameter, "ALP012", test=test.name, fixture=fixture.name, chain=value.why())
