"""ALP3xx: ASGI apps under test -- which loop runs the app, and whether its lifespan runs.

Clients are recognised by their resolved class names (Starlette's ``TestClient``,
httpx/httpx2 clients and ``ASGITransport``), never by bare names: other libraries'
``TestClient`` classes are silent.  The app behind a client is followed into the
project's own files by ``context.apps``; an app we cannot read is silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from ..context import FileContext, Fixture, TestFunction
from ..context.apps import (
    APP_CLASSES, EVENT_KEYWORDS, EVENT_METHODS, ROUTER_CLASSES, TEST_CLIENT, argument,
    assigned_name, drives_lifespan, find_requester, is_nonempty_sequence, own_nodes, produced_values,
    single_binding,
)
from ..registry import Finding
from .base import all_of, at, rule

HTTPX_CLIENTS = frozenset({"httpx.Client", "httpx.AsyncClient", "httpx2.Client", "httpx2.AsyncClient"})
ASYNC_CLIENTS = frozenset({"httpx.AsyncClient", "httpx2.AsyncClient"})
ASGI_TRANSPORTS = frozenset({"httpx.ASGITransport", "httpx2.ASGITransport"})
REQUEST_METHODS = frozenset({
    "get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "websocket_connect",
})
SYNC_TESTCLIENT = "sync TestClient"
ASYNC_APP_FIX = "use transport=ASGITransport(app=...)"
SYNC_APP_FIX = "use transport=WSGITransport(app=...), or Starlette's TestClient for an ASGI app"


@rule("ALP301", trigger=r"\basync\b")
def sync_testclient_in_async_code(ctx: FileContext) -> Iterator[Finding]:
    for owner in _async_tests_and_fixtures(ctx):
        for node in own_nodes(owner.node):
            if not isinstance(node, nodes.Call):
                continue
            if ctx.qualname(node.func) == TEST_CLIENT:
                yield at(node, "ALP301", what=SYNC_TESTCLIENT)
            elif _uses_module_level_testclient(ctx, node):
                yield at(node, "ALP301", what=f"module-level {SYNC_TESTCLIENT} '{node.func.expr.name}'")
        for parameter in owner.requests():
            fixture = ctx.find_fixture(parameter.name, owner)
            if fixture is not None and _hands_out_testclient(ctx, fixture):
                what = f"fixture '{fixture.name}' ({ctx.describe(fixture)}), a {SYNC_TESTCLIENT},"
                yield at(parameter, "ALP301", what=what)


def _async_tests_and_fixtures(ctx: FileContext) -> Iterator[Fixture | TestFunction]:
    yield from (test for test in ctx.tests if test.is_async)
    yield from (fixture for fixture in ctx.facts.all_fixtures if fixture.is_async)


def _uses_module_level_testclient(ctx: FileContext, call: nodes.Call) -> bool:
    """``client.get(...)`` where ``client = TestClient(app)`` at module level."""
    method = call.func
    if not (isinstance(method, nodes.Attribute) and method.attrname in REQUEST_METHODS):
        return False
    if not isinstance(method.expr, nodes.Name):
        return False
    binding = single_binding(method.expr)
    return (
        isinstance(binding, nodes.AssignName)
        and isinstance(binding.scope(), nodes.Module)
        and _is_testclient(ctx.facts, method.expr)
    )


def _hands_out_testclient(ctx: FileContext, fixture: Fixture) -> bool:
    facts = ctx.facts_of(fixture.path)
    return facts is not None and any(_is_testclient(facts, value) for value in produced_values(fixture.node))


def _is_testclient(facts, value: nodes.NodeNG) -> bool:
    """``TestClient(app)``, or a name bound to one: ``c = TestClient(app)``, ``with TestClient(app) as c``."""
    if isinstance(value, nodes.Call):
        return facts.qualname(value.func) == TEST_CLIENT
    binding = single_binding(value) if isinstance(value, nodes.Name) else None
    if not isinstance(binding, nodes.AssignName):
        return False
    parent = binding.parent
    if isinstance(parent, nodes.Assign) and parent.targets == [binding]:
        return isinstance(parent.value, nodes.Call) and facts.qualname(parent.value.func) == TEST_CLIENT
    if isinstance(parent, nodes.With):
        return any(
            target is binding and isinstance(item, nodes.Call) and facts.qualname(item.func) == TEST_CLIENT
            for item, target in parent.items
        )
    return False


@rule("ALP302", trigger=all_of(r"\bapp\s*=(?!=)", "httpx"))
def httpx_app_shortcut(ctx: FileContext) -> Iterator[Finding]:
    for call in ctx.facts.nodes_of(nodes.Call):
        client = ctx.qualname(call.func)
        if client not in HTTPX_CLIENTS:
            continue
        for keyword in call.keywords or ():
            if keyword.arg == "app":
                fix = ASYNC_APP_FIX if client in ASYNC_CLIENTS else SYNC_APP_FIX
                yield at(keyword, "ALP302", client=client, fix=fix)


@rule("ALP303", trigger=r"ASGITransport|AsyncClient")
def lifespan_not_run(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    resolver = ctx.apps
    for call in ctx.facts.nodes_of(nodes.Call):
        client = ctx.qualname(call.func)
        if client not in ASYNC_CLIENTS:
            continue
        served = _served_app(ctx, call)
        app = resolver.resolve(ctx.facts, served) if served is not None else None
        if app is None or not resolver.has_lifespan(app) or _lifespan_driven(ctx, call):
            continue
        yield at(call, "ALP303", client=client, app=served.as_string(), where=app.location(ctx.path))


def _served_app(ctx: FileContext, client: nodes.Call) -> nodes.NodeNG | None:
    """The app an async client talks to in-process: ``app=`` or ``transport=ASGITransport(app)``."""
    transport = None
    for keyword in client.keywords or ():
        if keyword.arg == "app":
            return keyword.value
        if keyword.arg == "transport":
            transport = keyword.value
    if isinstance(transport, nodes.Name):
        binding = single_binding(transport)
        if not (isinstance(binding, nodes.AssignName) and isinstance(binding.parent, nodes.Assign)):
            return None
        transport = binding.parent.value
    if isinstance(transport, nodes.Call) and ctx.qualname(transport.func) in ASGI_TRANSPORTS:
        return argument(transport, 0, "app")
    return None


def _lifespan_driven(ctx: FileContext, client: nodes.Call) -> bool:
    """Something the client's fixture/test depends on (or an autouse fixture) runs the lifespan.

    A client built in a helper function counts as driven: who calls it, inside what, is unknown.
    """
    frame = client.frame()
    if isinstance(frame, nodes.Module):
        functions = ctx.facts.nodes_of(nodes.FunctionDef)
        if drives_lifespan(ctx.facts, ctx.module) or any(drives_lifespan(ctx.facts, f) for f in functions):
            return True
        return any(_fixture_drives(ctx, fixture) for fixture in _visible_fixtures(ctx))
    owner = find_requester(ctx, frame)
    if owner is None or drives_lifespan(ctx.facts, owner.node):
        return True
    autouse = [fixture for fixture in _visible_fixtures(ctx) if fixture.autouse is True]
    return any(_fixture_drives(ctx, fixture) for fixture in _fixture_closure(ctx, [owner, *autouse]))


def _fixture_drives(ctx: FileContext, fixture: Fixture) -> bool:
    facts = ctx.facts_of(fixture.path)
    return facts is not None and drives_lifespan(facts, fixture.node)


def _visible_fixtures(ctx: FileContext) -> Iterator[Fixture]:
    for layer in (ctx.facts, *ctx.conftest_chain, *ctx.plugin_modules):
        yield from layer.all_fixtures


def _fixture_closure(ctx: FileContext, start: list[Fixture | TestFunction]) -> list[Fixture]:
    """Every fixture ``start`` requests, directly or through other fixtures, that the project defines."""
    found: dict[int, Fixture] = {id(item.node): item for item in start if isinstance(item, Fixture)}
    pending = list(start)
    while pending:
        requester = pending.pop()
        for name in _requested_names(requester):
            fixture = ctx.find_fixture(name, requester)
            if fixture is not None and id(fixture.node) not in found:
                found[id(fixture.node)] = fixture
                pending.append(fixture)
    return list(found.values())


def _requested_names(requester: Fixture | TestFunction) -> list[str]:
    names = [parameter.name for parameter in requester.requests()]
    marks = requester.marks if isinstance(requester, TestFunction) else ()
    for mark in marks:
        if mark.name == "usefixtures" and mark.call is not None:
            names.extend(arg.value for arg in mark.call.args if isinstance(arg, nodes.Const))
    for node in own_nodes(requester.node):
        is_lookup = isinstance(node, nodes.Call) and isinstance(node.func, nodes.Attribute) and (
            node.func.attrname == "getfixturevalue"
        )
        if is_lookup and node.args and isinstance(node.args[0], nodes.Const):
            names.append(node.args[0].value)
    return [name for name in names if isinstance(name, str)]


@rule("ALP304", trigger=r"on_event|add_event_handler|on_startup|on_shutdown")
def deprecated_event_handler(ctx: FileContext) -> Iterator[Finding]:
    resolver = ctx.apps
    for call in ctx.facts.nodes_of(nodes.Call):
        if ctx.qualname(call.func) in APP_CLASSES | ROUTER_CLASSES:
            for keyword in call.keywords or ():
                if keyword.arg in EVENT_KEYWORDS and is_nonempty_sequence(keyword.value):
                    yield at(keyword, "ALP304", handler=f"{keyword.arg}=")
        elif isinstance(call.func, nodes.Attribute) and call.func.attrname in EVENT_METHODS:
            if resolver.is_app_or_router(ctx.facts, call.func.expr):
                yield at(call, "ALP304", handler=f"{call.func.as_string()}(...)")


@rule("ALP305", trigger=r"testclient")
def testclient_without_with(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    resolver = ctx.apps
    for call in ctx.facts.nodes_of(nodes.Call):
        if ctx.qualname(call.func) != TEST_CLIENT or not _never_entered(ctx, call):
            continue
        served = argument(call, 0, "app")
        app = resolver.resolve(ctx.facts, served) if served is not None else None
        if app is not None and resolver.has_lifespan(app):
            yield at(call, "ALP305", app=served.as_string(), where=app.location(ctx.path))


def _never_entered(ctx: FileContext, call: nodes.Call) -> bool:
    """The TestClient is surely used without ``with``: at module level, in a test, or from a fixture."""
    frame = call.frame()
    owner = None if isinstance(frame, nodes.Module) else find_requester(ctx, frame)
    if owner is None and not isinstance(frame, nodes.Module):
        return False  # a helper: its callers may enter the client
    if isinstance(call.parent, nodes.Attribute):
        return True  # ``TestClient(app).get("/")``
    binding = assigned_name(call)
    if binding is None:
        handed_out = isinstance(call.parent, (nodes.Return, nodes.Yield))
        if not handed_out:
            return False  # an argument, an attribute target, a with item: entered or unknown
    elif _entered_anywhere(ctx, lambda name: _refers_to_binding(name, binding)):
        return False
    else:
        produced = produced_values(frame) if owner is not None else []
        handed_out = any(isinstance(value, nodes.Name) and _refers_to_binding(value, binding)
                         for value in produced)
    if not handed_out:
        return True
    # handed out by a fixture: a consumer may enter it (``with client:``)
    if not isinstance(owner, Fixture):
        return False
    return not _entered_anywhere(ctx, lambda name: _is_parameter(name, owner.name))


def _entered_anywhere(ctx: FileContext, matches) -> bool:
    """A name that ``matches`` is entered, here or in a conftest: ``with x``, ``enter_context(x)``..."""
    for layer in (ctx.facts, *ctx.conftest_chain):
        if any(matches(name) for name in layer.entered_names):
            return True
    return False


def _refers_to_binding(name: nodes.Name, binding: nodes.AssignName) -> bool:
    return name.name == binding.name and single_binding(name) is binding


def _is_parameter(name: nodes.Name, fixture_name: str) -> bool:
    binding = single_binding(name) if name.name == fixture_name else None
    return isinstance(binding, nodes.AssignName) and isinstance(binding.parent, nodes.Arguments)
