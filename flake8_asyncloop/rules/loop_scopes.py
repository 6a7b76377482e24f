"""ALP0xx: pytest-asyncio loops and loop scopes.

Every verdict here compares two loop scopes that are both known statically;
an unknown mode, scope or config value makes the rule silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from ..context import FileContext, Fixture, TestFunction
from ..context.names import lookup
from ..context.config import FIXTURE_SCOPE_DEFAULT
from ..context.loops import is_known_scope, wider
from ..registry import Finding
from .base import at, rule

EVENT_LOOP = "event_loop"
LOOP_FACTORIES = frozenset({"asyncio.new_event_loop", "asyncio.get_event_loop"})


@rule("ALP001", trigger=r"event_loop")
def event_loop_fixture_defined(ctx: FileContext) -> Iterator[Finding]:
    for fixture in ctx.facts.all_fixtures:
        if fixture.name == EVENT_LOOP:
            yield at(fixture.node, "ALP001")


@rule("ALP002", trigger=r"event_loop|\bloop\b")
def event_loop_requested(ctx: FileContext) -> Iterator[Finding]:
    for requester in (*ctx.facts.all_fixtures, *ctx.tests):
        if requester.name == EVENT_LOOP:
            continue
        for parameter in requester.requests():
            if parameter.name == EVENT_LOOP:
                yield at(parameter, "ALP002", what="requesting the 'event_loop' fixture")
    if not ctx.is_test_code:
        return
    for call in ctx.facts.nodes_of(nodes.Call):
        yield from _event_loop_by_name(ctx, call)
        yield from _loop_arguments(ctx, call)


def _event_loop_by_name(ctx: FileContext, call: nodes.Call) -> Iterator[Finding]:
    """``request.getfixturevalue("event_loop")`` and ``usefixtures("event_loop")``."""
    is_lookup = _called_name(call) == "getfixturevalue"
    is_usefixtures = _called_name(call) == "usefixtures" and ctx.qualname(call.func) == "pytest.mark.usefixtures"
    if not (is_lookup or is_usefixtures):
        return
    for argument in call.args:
        if isinstance(argument, nodes.Const) and argument.value == EVENT_LOOP:
            yield at(argument, "ALP002", what="requesting the 'event_loop' fixture")


def _called_name(call: nodes.Call) -> str | None:
    """The last name of the callee (``usefixtures`` in ``pytest.mark.usefixtures(...)``): a cheap pre-filter."""
    if isinstance(call.func, nodes.Attribute):
        return call.func.attrname
    if isinstance(call.func, nodes.Name):
        return call.func.name
    return None


def _loop_arguments(ctx: FileContext, call: nodes.Call) -> Iterator[Finding]:
    """``loop=event_loop`` and ``connect_args={"loop": event_loop}``."""
    for keyword in call.keywords or ():
        if keyword.arg == "loop" and _is_foreign_loop(ctx, keyword.value):
            yield at(keyword.value, "ALP002", what="passing loop=<event loop>")
        if isinstance(keyword.value, nodes.Dict):
            for key, value in keyword.value.items:
                if isinstance(key, nodes.Const) and key.value == "loop" and _is_foreign_loop(ctx, value):
                    yield at(value, "ALP002", what='passing connect_args "loop"')


def _is_foreign_loop(ctx: FileContext, value: nodes.NodeNG) -> bool:
    """The ``event_loop`` fixture, or a loop made by ``new_event_loop()``/``get_event_loop()``."""
    if isinstance(value, nodes.Call):
        return ctx.qualname(value.func) in LOOP_FACTORIES
    if not isinstance(value, nodes.Name):
        return False
    _scope, bindings = lookup(value)
    if len(bindings) != 1:
        return False
    binding = bindings[0]
    if isinstance(binding, nodes.AssignName) and isinstance(binding.parent, nodes.Arguments):
        return binding.name == EVENT_LOOP
    if isinstance(binding, nodes.AssignName) and isinstance(binding.parent, nodes.Assign):
        assigned = binding.parent.value
        return isinstance(assigned, nodes.Call) and ctx.qualname(assigned.func) in LOOP_FACTORIES
    return False


def _asyncio_requesters(ctx: FileContext) -> Iterator[tuple[Fixture | TestFunction, str]]:
    """Async tests and async fixtures run by pytest-asyncio, with their known loop scope."""
    for test in ctx.tests:
        if ctx.is_asyncio_test(test) is True:
            scope = ctx.test_loop_scope(test)
            if is_known_scope(scope):
                yield test, scope
    for fixture in ctx.facts.all_fixtures:
        if fixture.is_async and ctx.runs_on_asyncio_loop(fixture) is True:
            scope = ctx.fixture_loop_scope(fixture)
            if is_known_scope(scope):
                yield fixture, scope


@rule("ALP003", trigger=r"\basync\b")
def fixture_loop_scope_mismatch(ctx: FileContext) -> Iterator[Finding]:
    for requester, requester_scope in _asyncio_requesters(ctx):
        for parameter in requester.requests():
            fixture = ctx.find_fixture(parameter.name, requester)
            if fixture is None or not fixture.is_async or ctx.runs_on_asyncio_loop(fixture) is not True:
                continue
            fixture_scope = ctx.fixture_loop_scope(fixture)
            if is_known_scope(fixture_scope) and fixture_scope != requester_scope:
                yield at(
                    parameter, "ALP003",
                    fixture=fixture.name, where=ctx.describe(fixture), fixture_scope=fixture_scope,
                    requester=requester.name, requester_scope=requester_scope,
                )


@rule("ALP004", trigger=r"\basync\b")
def default_fixture_loop_scope_mismatch(ctx: FileContext) -> Iterator[Finding]:
    config = ctx.config
    test_scope = ctx.default_test_loop_scope
    if not is_known_scope(test_scope):
        return
    for fixture in ctx.facts.all_fixtures:
        if fixture.loop_scope is not None or not fixture.is_async or ctx.runs_on_asyncio_loop(fixture) is not True:
            continue
        fixture_scope = ctx.fixture_loop_scope(fixture)
        if not is_known_scope(fixture_scope) or fixture_scope == test_scope:
            continue
        if is_known_scope(fixture.scope) and wider(fixture.scope, fixture_scope):
            continue  # loop narrower than the caching scope: ALP005 reports it
        default = config.fixture_loop_scope
        if default is None or default == FIXTURE_SCOPE_DEFAULT:
            because = f"(its scope={fixture.scope!r}; asyncio_default_fixture_loop_scope is {default or 'unset'})"
        else:
            source = config.source_of("asyncio_default_fixture_loop_scope")
            because = f"(asyncio_default_fixture_loop_scope={default} in {source})"
        yield at(fixture.decorator, "ALP004", fixture=fixture.name, fixture_scope=fixture_scope,
                 because=because, test_scope=test_scope)


@rule("ALP005", trigger=r"\basync\b|asyncio")
def loop_scope_narrower_than_scope(ctx: FileContext) -> Iterator[Finding]:
    for fixture in ctx.facts.all_fixtures:
        if ctx.runs_on_asyncio_loop(fixture) is not True or not is_known_scope(fixture.scope):
            continue
        loop_scope = ctx.fixture_loop_scope(fixture)
        if not is_known_scope(loop_scope) or not wider(fixture.scope, loop_scope):
            continue
        if fixture.loop_scope is None:
            source = ctx.config.source_of("asyncio_default_fixture_loop_scope")
            origin = f"asyncio_default_fixture_loop_scope={loop_scope} in {source}"
        else:
            origin = f"loop_scope={loop_scope!r}"
        yield at(
            fixture.decorator, "ALP005",
            problem=f"'{fixture.name}' is cached for the {fixture.scope} but runs on a {loop_scope} loop "
            f"({origin}), a ScopeMismatch at setup",
            fix=f"use loop_scope={fixture.scope!r} or wider",
        )
    yield from _deprecated_mark_scope(ctx)


def _deprecated_mark_scope(ctx: FileContext) -> Iterator[Finding]:
    for call in ctx.facts.nodes_of(nodes.Call):
        if _called_name(call) != "asyncio":
            continue
        mark = ctx.facts.mark_of(call)
        if mark is None or mark.name != "asyncio":
            continue
        for keyword in call.keywords or ():
            if keyword.arg == "scope":
                yield at(
                    keyword, "ALP005",
                    problem="pytest.mark.asyncio(scope=...) is deprecated since pytest-asyncio 0.24 and removed in 2.0",
                    fix="write loop_scope=... instead",
                )


def _strict_asyncio_without_other_runner(ctx: FileContext) -> bool:
    return (
        ctx.config.asyncio_mode == "strict"
        and ctx.pytest_asyncio_in_play
        and not ctx.other_async_runner_in_play
    )


@rule("ALP010", trigger=r"\basync\b")
def async_fixture_not_handled(ctx: FileContext) -> Iterator[Finding]:
    if not _strict_asyncio_without_other_runner(ctx):
        return
    for fixture in ctx.facts.all_fixtures:
        if fixture.kind == "pytest" and fixture.is_async:
            yield at(fixture.decorator, "ALP010", fixture=fixture.name)


@rule("ALP011", trigger=r"\basync\b")
def async_test_not_marked(ctx: FileContext) -> Iterator[Finding]:
    if not _strict_asyncio_without_other_runner(ctx) or ctx.mark_hooks:
        return
    for test in ctx.tests:
        if (
            test.is_async
            and not test.node.is_generator()
            and test.closest_mark("asyncio", "anyio", "trio") is None
            and "anyio_backend" not in {parameter.name for parameter in test.requests()}
            and _plain_test_class(ctx, test.class_node)
        ):
            yield at(test.node, "ALP011", test=test.name)


def _plain_test_class(ctx: FileContext, class_node: nodes.ClassDef | None, depth: int = 0) -> bool:
    """No class, or one pytest collects itself (bases are object or plain classes of this module)."""
    if class_node is None:
        return True
    if depth > 8:
        return False
    for base in class_node.bases:
        if ctx.qualname(base) == "builtins.object":
            continue
        local = _local_class(base)
        if local is None or not _plain_test_class(ctx, local, depth + 1):
            return False
    return True


def _local_class(base: nodes.NodeNG) -> nodes.ClassDef | None:
    if not isinstance(base, nodes.Name):
        return None
    _scope, bindings = lookup(base)
    if len(bindings) == 1 and isinstance(bindings[0], nodes.ClassDef):
        return bindings[0]
    return None


@rule("ALP012", trigger=r"\basync\b")
def anyio_test_requests_asyncio_fixture(ctx: FileContext) -> Iterator[Finding]:
    if ctx.config.asyncio_mode != "auto":
        return
    for test in ctx.tests:
        parameters = test.requests()
        anyio_driven = test.closest_mark("anyio") is not None or any(p.name == "anyio_backend" for p in parameters)
        if not (test.is_async and anyio_driven):
            continue
        for parameter in parameters:
            fixture = ctx.find_fixture(parameter.name, test)
            if fixture is not None and fixture.is_async and ctx.runs_on_asyncio_loop(fixture) is True:
                yield at(parameter, "ALP012", test=test.name, fixture=fixture.name)
