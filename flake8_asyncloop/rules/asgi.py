"""ALP3xx: ASGI apps under test — which loop runs the app, and whether a lifespan the tests need runs.

Clients are recognised by their resolved class names (Starlette's ``TestClient``, httpx/httpx2
clients and ``ASGITransport``), never by bare names.  The app behind a client is followed
into the project's files by the tracer; an app it cannot read is silent.  A skipped lifespan
is reported only when it provides something the app's routes read (``app.state`` names, or
module-level objects it assigns or connects) and the tests do not provide it themselves.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..context import FileContext
from ..project.files import Fixture, TestFunction
from ..registry import Finding
from ..syntax.nodes import argument, dotted_parts, text
from ..tracer import APP_CLASSES, ROUTER_CLASSES, AppDefinition
from ..tracer.apps import ASYNC_CLIENTS, EVENT_KEYWORDS, EVENT_METHODS, TEST_CLIENT
from ..verdict import Verdict
from .base import all_of, at, expects_warning, rule, version_note

HTTPX_CLIENTS = frozenset({"httpx.Client", "httpx.AsyncClient", "httpx2.Client", "httpx2.AsyncClient"})
REQUEST_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "stream",
                             "websocket_connect"})
LIFESPAN_MANAGERS = frozenset({"asgi_lifespan.LifespanManager"})
ASYNC_APP_FIX = "use transport=ASGITransport(app=...)"
SYNC_APP_FIX = "use transport=WSGITransport(app=...), or Starlette's TestClient for an ASGI app"


# -- ALP301 -----------------------------------------------------------------------------------


@rule("ALP301", trigger=r"\basync\b")
def sync_testclient_in_async_code(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    owners = [*(t for t in ctx.tests if t.is_async), *(f for f in ctx.facts.all_fixtures if f.is_async)]
    for owner in owners:
        for call, facts, what, description, entered in _testclients_used(ctx, owner):
            app = ctx.tracer.app_of(argument(call, 0, "app"), facts)
            harm = _portal_harm(ctx, owner, app, entered) if app is not None else None
            if harm is not None:
                yield at(what, "ALP301", what=description, harm=harm)


def _testclients_used(ctx: FileContext, owner: Fixture | TestFunction):
    """(TestClient call, its file, node to report at, description, entered with ``with``?) for the clients
    ``owner`` makes, uses from module level, or receives from a fixture."""
    syntax = ctx.facts.syntax
    for node in syntax.own_nodes(owner.node, ast.Call):
        if ctx.qualname(node.func) == TEST_CLIENT:
            yield node, ctx.facts, node, "the sync TestClient", _is_entered(ctx.facts, node)
        elif isinstance(node.func, ast.Attribute) and node.func.attr in REQUEST_METHODS and \
                isinstance(node.func.value, ast.Name):
            scope, bindings = syntax.lookup(node.func.value)
            if scope is syntax.module_scope and len(bindings) == 1:
                assign = syntax.parent(bindings[0])
                if isinstance(assign, ast.Assign) and isinstance(assign.value, ast.Call) and \
                        ctx.qualname(assign.value.func) == TEST_CLIENT:
                    description = f"the module-level sync TestClient '{node.func.value.id}'"
                    yield assign.value, ctx.facts, node, description, False
    for parameter in owner.requests():
        fixture = ctx.fixtures.resolve(parameter.arg, owner)
        facts = ctx.tracer.facts_of(fixture.path) if fixture is not None else None
        if facts is None:
            continue
        for call in _handed_out_testclients(facts, fixture):
            where = f"{ctx.relative(fixture.path)}:{fixture.line}"
            yield call, facts, parameter, f"fixture '{fixture.name}' ({where}), a sync TestClient,", \
                _is_entered(facts, call)


def _handed_out_testclients(facts, fixture: Fixture) -> list[ast.Call]:
    """``TestClient(app)`` calls whose client the fixture returns or yields."""
    found = []
    for node in facts.syntax.own_nodes(fixture.node, ast.Return, ast.Yield):
        value = node.value
        if isinstance(value, ast.Call) and facts.qualname(value.func) == TEST_CLIENT:
            found.append(value)
        elif isinstance(value, ast.Name):
            _scope, bindings = facts.syntax.lookup(value)
            for binding in bindings:
                parent = facts.syntax.parent(binding)
                made = parent.value if isinstance(parent, ast.Assign) else (
                    parent.context_expr if isinstance(parent, ast.withitem) else None)
                if isinstance(made, ast.Call) and facts.qualname(made.func) == TEST_CLIENT:
                    found.append(made)
    return found


def _is_entered(facts, call: ast.Call) -> bool:
    return isinstance(facts.syntax.parent(call), ast.withitem)


def _portal_harm(ctx: FileContext, owner, app: AppDefinition, entered: bool) -> str | None:
    """A loop-bound object used both on this test's loop and on the client's portal loop."""
    stored = _state_from_test_loop(ctx, owner)
    reads = {read.what[1]: read for read in ctx.tracer.reads(app) if read.what[0] == "state"}
    for name, value in stored.items():
        if name in reads:
            read = reads[name]
            return (f"the app reads app.state.{name} in {read.function} ({read.where}), which this test's loop "
                    f"filled with {value.why()}")
    for read, value in ctx.tracer.reached_resources(app):
        if not entered:
            return (f"each request runs on a new portal loop while the app reaches '{read.what[2]}' in "
                    f"{read.function} ({read.where}): {value.why()}")
    return None


def _state_from_test_loop(ctx: FileContext, owner) -> dict[str, object]:
    """``app.state.<name> = <loop-bound value>`` in ``owner`` or the fixtures it requests."""
    found = {}
    for fixture in [owner, *ctx.fixtures.closure([owner])]:
        facts = ctx.tracer.facts_of(fixture.path)
        if facts is None:
            continue
        for target in ast.walk(fixture.node):
            if isinstance(target, ast.Attribute) and isinstance(target.ctx, ast.Store):
                parts = dotted_parts(target)
                assign = facts.syntax.parent(target)
                if parts and len(parts) >= 3 and parts[-2] == "state" and isinstance(assign, ast.Assign):
                    value = ctx.tracer.value(assign.value, facts)
                    if value.bound is Verdict.YES:
                        found[target.attr] = value
    return found


# -- ALP302 -----------------------------------------------------------------------------------


@rule("ALP302", trigger=all_of(r"\bapp\s*=(?!=)", "httpx"))
def httpx_app_shortcut(ctx: FileContext) -> Iterator[Finding]:
    httpx = ctx.versions.httpx.client_app_argument  # "supported", "deprecated" or "removed"
    for call in ctx.facts.syntax.nodes(ast.Call):
        client = ctx.qualname(call.func)
        if client not in HTTPX_CLIENTS or expects_warning(ctx, call):
            continue
        state = "removed" if client.startswith("httpx2.") else httpx
        if state == "supported":
            continue
        for keyword in call.keywords:
            if keyword.arg == "app":
                fix = ASYNC_APP_FIX if client.endswith("AsyncClient") else SYNC_APP_FIX
                note = "httpx2 never had it" if client.startswith("httpx2.") else version_note(ctx, "httpx")
                why = "deprecated since httpx 0.27" if state == "deprecated" else \
                    "removed in httpx 0.28 (TypeError)"
                yield at(keyword, "ALP302", client=client, why=why, version=note, fix=fix)


# -- ALP303 / ALP305: a lifespan the tests need, never run ---------------------------------


def lifespan_harm(ctx: FileContext, app: AppDefinition) -> str | None:
    """What the app's startup provides that its routes read and the tests do not provide themselves."""
    lifespan = ctx.tracer.lifespan(app)
    if not lifespan.handlers:
        return None
    if ("unknown",) in lifespan.provides:
        return None  # a handler we cannot read
    provided_by_tests = ctx.tracer.provided_state()
    overridden = ctx.tracer.overridden_dependencies()
    for read in ctx.tracer.reads(app):
        where_set = lifespan.provides.get(read.what)
        if where_set is None or (read.dependency is not None and id(read.dependency) in overridden):
            continue
        if read.what[0] == "state" and read.what[1] in provided_by_tests:
            continue
        name = f"app.state.{read.what[1]}" if read.what[0] == "state" else f"'{read.what[2]}'"
        return f"its startup sets {name} ({where_set}), read by {read.function} ({read.where})"
    return None


def drives_lifespan(ctx: FileContext, facts, scope: ast.AST) -> bool:
    """``scope`` runs an app's lifespan: LifespanManager, ``with TestClient(app)``, ``async with lifespan(app)``,
    ``app.router.lifespan_context(app)``, ``app.router.startup()``."""
    for node in ast.walk(scope):
        if isinstance(node, ast.Call):
            if facts.qualname(node.func) in LIFESPAN_MANAGERS:
                return True
            func = node.func
            if isinstance(func, ast.Attribute) and (func.attr == "lifespan_context" or (
                    func.attr in ("startup", "_startup") and isinstance(func.value, ast.Attribute)
                    and func.value.attr == "router")):
                return True
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                entered = item.context_expr
                callee = entered.func if isinstance(entered, ast.Call) else None
                if callee is not None and facts.qualname(callee) == TEST_CLIENT and isinstance(node, ast.With):
                    return True
                name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
                if isinstance(node, ast.AsyncWith) and "lifespan" in name:
                    return True
    return False


def _driven(ctx: FileContext, call: ast.Call) -> bool:
    """Something the client's fixture or test depends on (or an autouse fixture) runs the lifespan; a
    client built in a helper counts as driven (who calls it, inside what, is unknown)."""
    function = ctx.facts.syntax.function_of(call)
    if function is None:
        return drives_lifespan(ctx, ctx.facts, ctx.facts.module)
    owner = ctx.fixtures.requester_of(function)
    if owner is None or drives_lifespan(ctx, ctx.facts, owner.node):
        return True
    for fixture in ctx.fixtures.closure([owner]):
        facts = ctx.tracer.facts_of(fixture.path)
        if facts is not None and drives_lifespan(ctx, facts, fixture.node):
            return True
    return False


@rule("ALP303", trigger=r"ASGITransport|AsyncClient")
def lifespan_not_run(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    for call in ctx.facts.syntax.nodes(ast.Call):
        client = ctx.qualname(call.func)
        if client not in ASYNC_CLIENTS:
            continue
        served = _served_through(ctx, call)
        app = ctx.tracer.app_of(served, ctx.facts) if served is not None else None
        if app is None or _driven(ctx, call):
            continue
        harm = lifespan_harm(ctx, app)
        if harm is not None:
            yield at(call, "ALP303", client=client, app=text(served), where=_where(ctx, app), harm=harm)


def _served_through(ctx: FileContext, client: ast.Call) -> ast.AST | None:
    """The app an async client talks to in-process: ``app=`` or ``transport=ASGITransport(app)``."""
    direct = ctx.tracer.served_app(client)
    if direct is not None:
        return direct
    transport = next((k.value for k in client.keywords if k.arg == "transport"), None)
    if isinstance(transport, ast.Name):
        _scope, bindings = ctx.facts.syntax.lookup(transport)
        assign = ctx.facts.syntax.parent(bindings[0]) if len(bindings) == 1 else None
        transport = assign.value if isinstance(assign, ast.Assign) else None
    return ctx.tracer.served_app(transport) if isinstance(transport, ast.Call) else None


def _where(ctx: FileContext, app: AppDefinition) -> str:
    return f"{ctx.relative(app.facts.path)}:{app.constructor.lineno}"


@rule("ALP305", trigger=r"testclient")
def testclient_without_with(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    for call in ctx.facts.syntax.nodes(ast.Call):
        if ctx.qualname(call.func) != TEST_CLIENT or not _never_entered(ctx, call):
            continue
        served = argument(call, 0, "app")
        app = ctx.tracer.app_of(served, ctx.facts) if served is not None else None
        harm = lifespan_harm(ctx, app) if app is not None else None
        if harm is not None:
            yield at(call, "ALP305", app=text(served), where=_where(ctx, app), harm=harm)


def _never_entered(ctx: FileContext, call: ast.Call) -> bool:
    """The TestClient is surely used without ``with``: at module level, in a test, or from a fixture
    no consumer enters."""
    syntax = ctx.facts.syntax
    function = syntax.function_of(call)
    owner = ctx.fixtures.requester_of(function) if function is not None else None
    if function is not None and owner is None:
        return False  # a helper: its callers may enter the client
    parent = syntax.parent(call)
    if isinstance(parent, ast.Attribute):
        return True  # ``TestClient(app).get("/")``
    if isinstance(parent, ast.withitem):
        return False
    if isinstance(parent, (ast.Return, ast.Yield)):
        return isinstance(owner, Fixture) and not _entered_by_consumers(ctx, owner.name)
    if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)):
        return False
    name = parent.targets[0].id
    scope = function or ctx.facts.module
    if _entered(ctx, scope, name):
        return False
    handed = any(isinstance(node.value, ast.Name) and node.value.id == name
                 for node in syntax.own_nodes(scope, ast.Return, ast.Yield))
    if not handed:
        return True
    return isinstance(owner, Fixture) and not _entered_by_consumers(ctx, owner.name)


def _entered(ctx: FileContext, scope: ast.AST, name: str) -> bool:
    for node in ast.walk(scope):
        if isinstance(node, (ast.With, ast.AsyncWith)) and any(
                isinstance(item.context_expr, ast.Name) and item.context_expr.id == name for item in node.items):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                node.func.attr == "__enter__" and isinstance(node.func.value, ast.Name) and node.func.value.id == name
                or node.func.attr == "enter_context" and any(isinstance(a, ast.Name) and a.id == name
                                                             for a in node.args)):
            return True
    return False


def _entered_by_consumers(ctx: FileContext, fixture_name: str) -> bool:
    return any(_entered(ctx, layer.module, fixture_name) for layer in (ctx.facts, *ctx.fixtures.conftests))


# -- ALP304 -----------------------------------------------------------------------------------


@rule("ALP304", trigger=r"on_event|add_event_handler|on_startup|on_shutdown")
def deprecated_event_handler(ctx: FileContext) -> Iterator[Finding]:
    for call in ctx.facts.syntax.nodes(ast.Call):
        if expects_warning(ctx, call):
            continue
        qualname = ctx.qualname(call.func)
        if qualname in APP_CLASSES | ROUTER_CLASSES:
            status = _event_handler_status(ctx, qualname, call, "startup_shutdown_arguments")
            for keyword in call.keywords:
                if keyword.arg in EVENT_KEYWORDS and isinstance(keyword.value, (ast.List, ast.Tuple)) and \
                        keyword.value.elts and status is not None:
                    yield at(keyword, "ALP304", handler=f"{keyword.arg}=", status=status)
        elif isinstance(call.func, ast.Attribute) and call.func.attr in EVENT_METHODS:
            receiver = call.func.value
            through_router = isinstance(receiver, ast.Attribute) and receiver.attr == "router"
            if through_router:
                receiver = receiver.value
            app = ctx.tracer.app_of(receiver, ctx.facts)
            fact = "on_event_decorator" if call.func.attr == "on_event" else "add_event_handler"
            owner = app.facts.qualname(app.constructor.func) if app is not None else _annotated_class(ctx, receiver)
            if through_router and owner == "fastapi.FastAPI":
                owner = "fastapi.APIRouter"  # ``app.router`` of a FastAPI app is FastAPI's own router
            status = _event_handler_status(ctx, owner, app.constructor if app is not None else None, fact)
            if status is not None:
                yield at(call, "ALP304", handler=f"{text(call.func)}(...)", status=status)


def _event_handler_status(ctx: FileContext, owner_class: str | None, constructor: ast.Call | None,
                          fact: str) -> str | None:
    """Why the handler is a problem for the versions in use; None when it is still supported (or the owner
    is not a known app or router)."""
    if owner_class is None:
        return None
    # FastAPI keeps on_event, on_startup=/on_shutdown= and its router's add_event_handler itself (deprecated);
    # a FastAPI app's own add_event_handler is Starlette's, which Starlette 1.0 removed.
    fastapi_keeps = fact != "add_event_handler" or owner_class == "fastapi.APIRouter"
    if owner_class.startswith("fastapi.") and fastapi_keeps:
        if ctx.versions.fastapi.on_event_decorator == "supported":
            return None
        status = f"deprecated by FastAPI ({version_note(ctx, 'fastapi')})"
    else:
        starlette = getattr(ctx.versions.starlette, fact)  # "supported", "deprecated" or "removed"
        if starlette == "supported":
            return None
        status = f"{starlette} in Starlette ({version_note(ctx, 'starlette')})"
    if constructor is not None and any(k.arg == "lifespan" for k in constructor.keywords):
        status += "; the app also has lifespan=, so these handlers never run"
    return status


def _annotated_class(ctx: FileContext, receiver: ast.AST) -> str | None:
    """The app class of a parameter annotated ``FastAPI``/``APIRouter`` (an app made elsewhere)."""
    if not isinstance(receiver, ast.Name):
        return None
    _scope, bindings = ctx.facts.syntax.lookup(receiver)
    if len(bindings) == 1 and isinstance(bindings[0], ast.arg) and bindings[0].annotation is not None:
        qualname = ctx.qualname(bindings[0].annotation)
        if qualname in APP_CLASSES | ROUTER_CLASSES:
            return qualname
    return None
