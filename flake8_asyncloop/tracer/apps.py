"""ASGI apps under test: which app a client drives, its lifespan and what the lifespan provides, and what
its routes and dependencies reach.

An app expression (``TestClient(app)``, ``ASGITransport(app=app)``) is followed through names,
fixtures, imports and app factories to the ``FastAPI(...)``/``Starlette(...)`` call that builds
it, in the project's own files.  From there the routes (``@app.get``, included routers,
``Route(...)``) and their ``Depends`` closure tell which ``app.state`` names and module-level
objects the app reads, and which loop-bound resources it reaches.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..project.files import FileFacts
from ..syntax.nodes import argument, dotted_parts
from ..verdict import Verdict
from .value import Value

APP_CLASSES = frozenset({"fastapi.FastAPI", "starlette.applications.Starlette"})
ROUTER_CLASSES = frozenset({"fastapi.APIRouter", "starlette.routing.Router"})
EVENT_KEYWORDS = ("on_startup", "on_shutdown")
EVENT_METHODS = ("on_event", "add_event_handler")
ROUTE_DECORATORS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "api_route", "route",
                              "websocket", "websocket_route", "trace"})
ROUTE_CLASSES = frozenset({"starlette.routing.Route", "starlette.routing.WebSocketRoute", "fastapi.routing.APIRoute"})
TEST_CLIENT = "starlette.testclient.TestClient"
ASYNC_CLIENTS = frozenset({"httpx.AsyncClient", "httpx2.AsyncClient"})
ASGI_TRANSPORTS = frozenset({"httpx.ASGITransport", "httpx2.ASGITransport"})
_MAX_DEPTH = 10


@dataclass(frozen=True, eq=False)
class AppDefinition:
    """The call that builds an app or router, and the name it is bound to (None when inline)."""

    facts: FileFacts
    constructor: ast.Call
    binding: ast.Name | None

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.facts.path, self.constructor.lineno, self.constructor.col_offset)


@dataclass
class Lifespan:
    """What an app's startup does that requests may depend on."""

    handlers: list[tuple[FileFacts, ast.AST]] = field(default_factory=list)
    provides: dict[tuple, str] = field(default_factory=dict)  # ("state", name) / ("global", path, name) -> where


@dataclass(frozen=True)
class Read:
    """A route or dependency reading something the lifespan may provide, or reaching a resource."""

    what: tuple  # ("state", name) or ("global", path, name)
    function: str  # the route or dependency that reads it
    where: str  # path:line of the read
    dependency: ast.AST | None  # the dependency function whose override would replace it (None: the route)


class AppsMixin:
    """Part of ``Tracer``: ASGI apps."""

    def app_of(self, node: ast.AST | None, facts: FileFacts, depth: int = 0) -> AppDefinition | None:
        """The app or router definition every path from ``node`` leads to; None when unknown or ambiguous."""
        if node is None or depth > _MAX_DEPTH:
            return None
        if isinstance(node, ast.Call):
            if facts.qualname(node.func) in APP_CLASSES | ROUTER_CLASSES:
                parent = facts.syntax.parent(node)
                binding = parent.targets[0] if isinstance(parent, ast.Assign) and len(parent.targets) == 1 \
                    and isinstance(parent.targets[0], ast.Name) else None
                return AppDefinition(facts, node, binding)
            if isinstance(node.func, ast.Attribute) and node.func.attr in ("app",):
                return None
            target = self.callee_definition(node.func, facts, depth)
            if target is None or isinstance(target[0], ast.ClassDef):
                return None
            function, function_facts = target
            return _agreeing([self.app_of(value, function_facts, depth + 1)
                              for _node, value in self.produced(function, function_facts) if value is not None])
        if isinstance(node, ast.Attribute) and node.attr == "app" and isinstance(node.value, ast.Name):
            manager = self.assigned_expressions(node.value, facts, depth)  # ``LifespanManager(app).app``
            if len(manager) == 1 and isinstance(manager[0][0], ast.Call):
                return self.app_of(argument(manager[0][0], 0, "app"), manager[0][1], depth + 1)
        if isinstance(node, (ast.Name, ast.Attribute)):
            return _agreeing([self._app_from_binding(binding, binding_facts, depth)
                              for binding, binding_facts in self._bindings_of(node, facts)])
        return None

    def _bindings_of(self, node: ast.AST, facts: FileFacts) -> list[tuple[ast.AST, FileFacts]]:
        if isinstance(node, ast.Name):
            _scope, bindings = facts.syntax.lookup(node)
            found = []
            for binding in bindings:
                if isinstance(binding, ast.alias):
                    dotted = facts.names.imported_from(binding)
                    members = self.module_members(dotted, facts) if dotted else []
                    if not members:
                        return [(None, facts)]
                    found += members
                else:
                    found.append((binding, facts))
            return found
        dotted = facts.qualname(node)
        return self.module_members(dotted, facts) if dotted else []

    def _app_from_binding(self, binding, facts: FileFacts, depth: int) -> AppDefinition | None:
        if isinstance(binding, ast.arg):
            function = facts.syntax.parent(facts.syntax.parent(binding))
            requester = self.fixtures.requester_of(function, facts)
            fixture = self.fixtures.resolve(binding.arg, requester) if requester is not None else None
            fixture_facts = self.facts_of(fixture.path) if fixture is not None else None
            if fixture_facts is None:
                return None
            return _agreeing([self.app_of(value, fixture_facts, depth + 1)
                              for _node, value in self.produced(fixture.node, fixture_facts) if value is not None])
        if isinstance(binding, ast.Name):
            parent = facts.syntax.parent(binding)
            if isinstance(parent, ast.Assign) and binding in parent.targets:
                return self.app_of(parent.value, facts, depth + 1)
            if isinstance(parent, ast.AnnAssign) and parent.value is not None:
                return self.app_of(parent.value, facts, depth + 1)
            if isinstance(parent, ast.withitem):
                return self.app_of(parent.context_expr, facts, depth + 1)
        return None

    def served_app(self, call: ast.Call, facts: FileFacts | None = None) -> ast.AST | None:
        """The app argument of ``TestClient(app)`` / ``AsyncClient(app=...)`` / ``ASGITransport(app=...)``."""
        facts = facts or self.facts
        qualname = facts.qualname(call.func)
        if qualname == TEST_CLIENT or qualname in ASGI_TRANSPORTS:
            return argument(call, 0, "app")
        if qualname in ASYNC_CLIENTS:
            return argument(call, None, "app")
        return None

    def overridden_dependencies(self) -> set[int]:
        """Dependencies the test code replaces: ``app.dependency_overrides[get_db] = ...`` (ids of their defs);
        the same for every client of the file, so found once."""
        if self._overridden is None:
            self._overridden = self._find_overridden_dependencies()
        return self._overridden

    def _find_overridden_dependencies(self) -> set[int]:
        found = set()
        for layer in (self.facts, *self.fixtures.conftests):
            for target in layer.syntax.nodes(ast.Subscript):
                if not isinstance(target.ctx, ast.Store) or not isinstance(target.value, ast.Attribute):
                    continue
                if target.value.attr != "dependency_overrides":
                    continue
                definition = self.callee_definition(target.slice, layer, 0)
                if definition is not None:
                    found.add(id(definition[0]))
        return found

    def provided_state(self) -> set[str]:
        """``app.state.<name>`` set by the tests themselves: in a fixture or test of the linted file or its
        conftests (not in app code that happens to live there); found once per file."""
        if self._provided is None:
            self._provided = self._find_provided_state()
        return self._provided

    def _find_provided_state(self) -> set[str]:
        found = set()
        for layer in (self.facts, *self.fixtures.conftests):
            for target in layer.syntax.nodes(ast.Attribute):
                parts = dotted_parts(target) if isinstance(target.ctx, ast.Store) else None
                if not (parts and len(parts) >= 3 and parts[-2] == "state"):
                    continue
                functions = layer.syntax.enclosing_functions(target)
                if any(layer.fixture_of(f) is not None or layer.test_of(f) is not None for f in functions):
                    found.add(target.attr)
        return found

    # -- lifespan --------------------------------------------------------------------------

    def lifespan(self, app: AppDefinition, depth: int = 0) -> Lifespan:
        """The app's startup handlers (``lifespan=``, ``on_startup=``, ``on_event``, included routers')."""
        found = Lifespan()
        if depth > _MAX_DEPTH:
            return found
        for keyword in app.constructor.keywords:
            if keyword.arg == "lifespan":
                self._add_handler(found, keyword.value, app.facts)
            elif keyword.arg == "on_startup" and isinstance(keyword.value, (ast.List, ast.Tuple)):
                for element in keyword.value.elts:
                    self._add_handler(found, element, app.facts)
        for call, method in self.app_method_calls(app):
            if method == "add_event_handler" and call.args and _is_startup(call.args[0]):
                self._add_handler(found, argument(call, 1, "func"), app.facts)
            elif method == "on_event" and call.args and _is_startup(call.args[0]):
                decorated = app.facts.syntax.parent(call)
                if isinstance(decorated, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found.handlers.append((app.facts, decorated))
            elif method == "include_router":
                router = self.app_of(argument(call, 0, "router"), app.facts, depth + 1)
                if router is not None:
                    inner = self.lifespan(router, depth + 1)
                    found.handlers += inner.handlers
        for handler_facts, handler in found.handlers:
            self._collect_effects(found, handler, handler_facts)
        return found

    def _add_handler(self, found: Lifespan, expression: ast.AST | None, facts: FileFacts) -> None:
        if expression is None or (isinstance(expression, ast.Constant) and expression.value is None):
            return
        target = self.callee_definition(expression, facts, 0)
        if target is not None and not isinstance(target[0], ast.ClassDef):
            found.handlers.append((target[1], target[0]))
        else:
            found.handlers.append((facts, expression))  # a handler we cannot read: effects unknown

    def app_method_calls(self, app: AppDefinition):
        """``app.<method>(...)`` calls on the app's binding, in the module that defines it."""
        if app.binding is None:
            return
        for call in app.facts.syntax.nodes(ast.Call):
            func = call.func
            if not isinstance(func, ast.Attribute):
                continue
            receiver = func.value
            if isinstance(receiver, ast.Attribute) and receiver.attr == "router":
                receiver = receiver.value
            if isinstance(receiver, ast.Name) and receiver.id == app.binding.id:
                yield call, func.attr

    def _collect_effects(self, found: Lifespan, handler: ast.AST, facts: FileFacts) -> None:
        if not isinstance(handler, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.provides[("unknown",)] = f"{self.relative(facts.path)}:{getattr(handler, 'lineno', 0)}"
            return
        where = self.relative(facts.path)
        for node in _body_nodes(handler):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                parts = dotted_parts(node)
                if parts and "state" in parts[:-1]:
                    found.provides[("state", node.attr)] = f"{where}:{node.lineno}"
            elif isinstance(node, ast.Yield) and isinstance(node.value, ast.Dict):
                for key in node.value.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        found.provides[("state", key.value)] = f"{where}:{node.lineno}"
            elif isinstance(node, ast.Global):
                for name in node.names:
                    found.provides[("global", facts.path, name)] = f"{where}:{node.lineno}"
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(
                    node.func.value, ast.Name):
                self._provides_global(found, node.func.value, facts, f"{where}:{node.lineno}")
            elif isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, ast.Store) and \
                    isinstance(node.value, ast.Name):
                self._provides_global(found, node.value, facts, f"{where}:{node.lineno}")

    @staticmethod
    def _provides_global(found: Lifespan, name: ast.Name, facts: FileFacts, where: str) -> None:
        """A startup that connects, fills or sets up a module-level object provides it to the routes."""
        scope, bindings = facts.syntax.lookup(name)
        if scope is facts.syntax.module_scope and bindings and not isinstance(
                bindings[0], (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.alias)):
            found.provides[("global", facts.path, name.id)] = where

    # -- routes and what they read ------------------------------------------------------------

    def route_functions(self, app: AppDefinition, depth: int = 0) -> list[tuple[FileFacts, ast.AST, str]]:
        """(file, function, label) for the app's endpoints, its included routers' too."""
        found: list[tuple[FileFacts, ast.AST, str]] = []
        if depth > _MAX_DEPTH:
            return found
        for function, call in self._decorated_routes(app):
            found.append((app.facts, function, f"route {function.name}"))
        for keyword in app.constructor.keywords:
            if keyword.arg == "routes" and isinstance(keyword.value, (ast.List, ast.Tuple)):
                for route in keyword.value.elts:
                    if isinstance(route, ast.Call) and app.facts.qualname(route.func) in ROUTE_CLASSES:
                        endpoint = self.callee_definition(argument(route, 1, "endpoint"), app.facts, 0) \
                            if argument(route, 1, "endpoint") is not None else None
                        if endpoint is not None:
                            found.append((endpoint[1], endpoint[0], f"route {endpoint[0].name}"))
        for call, method in self.app_method_calls(app):
            if method == "include_router":
                router = self.app_of(argument(call, 0, "router"), app.facts, depth + 1)
                if router is not None:
                    found += self.route_functions(router, depth + 1)
            elif method in ("add_api_route", "add_route") and argument(call, 1, "endpoint") is not None:
                endpoint = self.callee_definition(argument(call, 1, "endpoint"), app.facts, 0)
                if endpoint is not None:
                    found.append((endpoint[1], endpoint[0], f"route {endpoint[0].name}"))
        return found

    def _decorated_routes(self, app: AppDefinition):
        if app.binding is None:
            return
        for function in app.facts.syntax.nodes(ast.FunctionDef) + app.facts.syntax.nodes(ast.AsyncFunctionDef):
            for decorator in function.decorator_list:
                if isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute) and \
                        decorator.func.attr in ROUTE_DECORATORS and isinstance(decorator.func.value, ast.Name) and \
                        decorator.func.value.id == app.binding.id:
                    yield function, decorator

    def reads(self, app: AppDefinition) -> list[Read]:
        """Every ``.state.<name>`` and module-level name the app's routes and their dependencies read."""
        if app.key not in self._reads:
            self._reads[app.key] = self._find_reads(app)
        return self._reads[app.key]

    def _find_reads(self, app: AppDefinition) -> list[Read]:
        found: list[Read] = []
        seen: set[int] = set()
        pending = [(facts, function, label, None, 0) for facts, function, label in self.route_functions(app)]
        while pending:
            facts, function, label, dependency, depth = pending.pop()
            if id(function) in seen or depth > 6:
                continue
            seen.add(id(function))
            found += self._reads_in(function, facts, label, dependency)
            for parameter in [*function.args.args, *function.args.kwonlyargs]:
                dependency_node = self.dependency_of(function, parameter, facts)
                target = self.callee_definition(dependency_node, facts, 0) if dependency_node is not None else None
                if target is not None and not isinstance(target[0], ast.ClassDef):
                    pending.append((target[1], target[0], f"dependency {target[0].name}", target[0], depth + 1))
            for call in facts.syntax.own_nodes(function, ast.Call):
                target = self.callee_definition(call.func, facts, 0)
                if target is not None and not isinstance(target[0], ast.ClassDef) and depth < 2:
                    pending.append((target[1], target[0], label, dependency, depth + 1))
        return found

    def _reads_in(self, function: ast.AST, facts: FileFacts, label: str, dependency) -> list[Read]:
        found = []
        where = self.relative(facts.path)
        module_scope = facts.syntax.module_scope
        parameters = [node for node in ast.walk(function.args) if isinstance(node, (ast.Attribute, ast.Name))]
        for node in [*parameters, *facts.syntax.nodes_inside(function, ast.Attribute, ast.Name)]:
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                parts = dotted_parts(node)
                if parts and "state" in parts[1:-1] and parts[-2] == "state":
                    found.append(Read(("state", node.attr), label, f"{where}:{node.lineno}", dependency))
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                scope, bindings = facts.syntax.lookup(node)
                if scope is module_scope and bindings and not isinstance(bindings[0], (ast.FunctionDef, ast.ClassDef,
                                                                                       ast.AsyncFunctionDef)):
                    for binding, binding_facts in self._bindings_of(node, facts):
                        if binding is not None:
                            found.append(Read(("global", binding_facts.path, node.id), label,
                                              f"{where}:{node.lineno}", dependency))
        return found

    def reached_resources(self, app: AppDefinition) -> list[tuple[Read, Value]]:
        """Module-level loop-bound values the app's routes and dependencies use."""
        found = []
        seen: set[tuple] = set()
        for read in self.reads(app):
            if read.what[0] != "global" or read.what in seen:
                continue
            seen.add(read.what)
            module_facts = self.facts_of(read.what[1])
            if module_facts is None:
                continue
            values = [self.binding_value(b, module_facts, 1)
                      for b in module_facts.syntax.module_scope.bindings.get(read.what[2], [])]
            value = values[0] if len(values) == 1 else None
            if value is not None and value.bound is Verdict.YES and value.kind is not None:
                found.append((read, value))
        return found


def _body_nodes(function: ast.AST):
    """Every node of a function's parameters and body, not of its decorators (``@app.get`` reads no state)."""
    for part in (function.args, *function.body):
        yield from ast.walk(part)


def _is_startup(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "startup"


def _agreeing(results: list[AppDefinition | None]) -> AppDefinition | None:
    """The one definition every path leads to; None if any path is unknown or they differ."""
    if not results or any(result is None for result in results):
        return None
    if len({result.key for result in results}) != 1:
        return None
    return results[0]
