"""Which ASGI app a test client drives, whether it has lifespan handlers, and who runs them.

The app expression of ``TestClient(app)`` / ``ASGITransport(app=app)`` is followed
through local names, fixtures, imports and app factories (``create_app()``) to the
``FastAPI(...)`` / ``Starlette(...)`` call that builds it, in the project's own
files: parsed by ``facts.load_file``, never imported.  Anything that does not lead
there (an installed package, a plain parameter, a wrapper we cannot read) resolves
to None, and the rules that need the app stay silent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from astroid import nodes

from .facts import FileFacts, Fixture, TestFunction, annotation_of, load_file
from .names import lookup
from .project import find_module_file, package_of

if TYPE_CHECKING:
    from . import FileContext

APP_CLASSES = frozenset({"fastapi.FastAPI", "starlette.applications.Starlette"})
ROUTER_CLASSES = frozenset({"fastapi.APIRouter", "starlette.routing.Router"})
EVENT_KEYWORDS = ("on_startup", "on_shutdown")
EVENT_METHODS = ("on_event", "add_event_handler")
TEST_CLIENT = "starlette.testclient.TestClient"
LIFESPAN_MANAGERS = frozenset({"asgi_lifespan.LifespanManager"})
# ``app.router.lifespan_context(app)``; ``app.router.startup()`` (Starlette < 1.0), FastAPI's ``_startup()``.
LIFESPAN_METHODS = frozenset({"lifespan_context"})
ROUTER_STARTUP_METHODS = frozenset({"startup", "_startup"})
_MAX_DEPTH = 12
Binding = tuple[FileFacts, nodes.NodeNG]  # a statement binding a name, with the file it is in
_SCOPES = (nodes.FunctionDef, nodes.Lambda, nodes.ClassDef)


class AppDefinition:
    """The call that builds an app or router, and the name it is bound to (None when inline)."""

    def __init__(self, facts: FileFacts, constructor: nodes.Call, binding: nodes.AssignName | None) -> None:
        self.facts = facts
        self.constructor = constructor
        self.binding = binding

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.facts.path, self.constructor.lineno, self.constructor.col_offset)

    def location(self, linted_path: str) -> str:
        """``line 12`` in the linted file, else ``../app/main.py:12`` relative to its directory."""
        if self.facts.path == linted_path:
            return f"line {self.constructor.lineno}"
        return f"{os.path.relpath(self.facts.path, os.path.dirname(linted_path))}:{self.constructor.lineno}"


def own_nodes(scope: nodes.NodeNG) -> Iterator[nodes.NodeNG]:
    """Nodes of ``scope``'s body, not of nested functions or classes (their decorators are included)."""
    pending = list(scope.get_children())
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, _SCOPES):
            decorators = getattr(node, "decorators", None)
            pending.extend(decorators.nodes if decorators else ())
            continue
        pending.extend(node.get_children())


def produced_values(function: nodes.FunctionDef) -> list[nodes.NodeNG]:
    """What a fixture or factory hands out: its ``return`` and ``yield`` values."""
    return [
        node.value for node in own_nodes(function)
        if isinstance(node, (nodes.Return, nodes.Yield)) and node.value is not None
    ]


def single_binding(name: nodes.Name) -> nodes.NodeNG | None:
    """The one statement that binds ``name`` where it is used, else None."""
    _scope, bindings = lookup(name)
    return bindings[0] if len(bindings) == 1 else None


def assigned_name(call: nodes.Call) -> nodes.AssignName | None:
    """``x`` in ``x = call(...)`` / ``x: T = call(...)``, the only target."""
    parent = call.parent
    if isinstance(parent, nodes.Assign) and len(parent.targets) == 1:
        target = parent.targets[0]
    elif isinstance(parent, nodes.AnnAssign):
        target = parent.target
    else:
        return None
    return target if isinstance(target, nodes.AssignName) else None


def argument(call: nodes.Call, position: int, keyword: str) -> nodes.NodeNG | None:
    """The argument passed at ``position`` or as ``keyword=``."""
    if len(call.args) > position and not isinstance(call.args[position], nodes.Starred):
        return call.args[position]
    return next((k.value for k in call.keywords or () if k.arg == keyword), None)


class AppResolver:
    """Follows app expressions of the linted file (and of the files it leads to) to app definitions."""

    def __init__(self, ctx: FileContext) -> None:
        self._ctx = ctx
        self._lifespans: dict[tuple[str, int, int], bool] = {}

    def resolve(self, facts: FileFacts, expression: nodes.NodeNG | None) -> AppDefinition | None:
        return self._value(facts, expression, 0)

    def is_app_or_router(self, facts: FileFacts, expression: nodes.NodeNG) -> bool:
        """``expression`` (or the owner of ``x.router``) is an app or router, by definition or annotation."""
        if isinstance(expression, nodes.Attribute) and expression.attrname == "router":
            expression = expression.expr
        if self.resolve(facts, expression) is not None:
            return True
        binding = single_binding(expression) if isinstance(expression, nodes.Name) else None
        if isinstance(binding, nodes.AssignName) and isinstance(binding.parent, nodes.Arguments):
            annotation = annotation_of(binding)
            return facts.qualname(annotation) in APP_CLASSES | ROUTER_CLASSES if annotation else False
        return False

    # -- lifespan handlers ------------------------------------------------------------------

    def has_lifespan(self, app: AppDefinition, depth: int = 0) -> bool:
        """Lifespan handlers are visible: ``lifespan=``, ``on_startup=``, ``on_event``, included routers'."""
        if depth > _MAX_DEPTH:
            return False
        if app.key not in self._lifespans:
            self._lifespans[app.key] = self._finds_lifespan(app, depth)
        return self._lifespans[app.key]

    def _finds_lifespan(self, app: AppDefinition, depth: int) -> bool:
        for keyword in app.constructor.keywords or ():
            if keyword.arg == "lifespan" and _is_given(keyword.value):
                return True
            if keyword.arg in EVENT_KEYWORDS and is_nonempty_sequence(keyword.value):
                return True
        if app.binding is None:
            return False
        return any(self._registers_handler(app, node, depth) for node in own_nodes(app.binding.scope()))

    def _registers_handler(self, app: AppDefinition, node: nodes.NodeNG, depth: int) -> bool:
        if isinstance(node, nodes.AssignAttr):
            return node.attrname == "lifespan_context" and _refers_to(_router_owner(node.expr), app.binding)
        if not (isinstance(node, nodes.Call) and isinstance(node.func, nodes.Attribute)):
            return False
        method = node.func.attrname
        if method in EVENT_METHODS:
            return _refers_to(_router_owner(node.func.expr), app.binding)
        if method == "include_router" and _refers_to(node.func.expr, app.binding):
            router = self._value(app.facts, argument(node, 0, "router"), depth + 1)
            return router is not None and self.has_lifespan(router, depth + 1)
        return False

    # -- following values -------------------------------------------------------------------

    def _value(self, facts: FileFacts, node: nodes.NodeNG | None, depth: int) -> AppDefinition | None:
        if node is None or depth > _MAX_DEPTH:
            return None
        if isinstance(node, nodes.Call):
            return self._call(facts, node, depth)
        if isinstance(node, nodes.Name):
            bindings = self._bindings(facts, node, depth)
            return _agreeing([self._binding_value(f, binding, depth) for f, binding in bindings])
        if isinstance(node, nodes.Attribute):
            dotted = facts.qualname(node)
            members = self._module_members(facts, dotted, depth) if dotted else []
            return _agreeing([self._binding_value(f, b, depth) for f, b in members])
        return None

    def _call(self, facts: FileFacts, call: nodes.Call, depth: int) -> AppDefinition | None:
        if facts.qualname(call.func) in APP_CLASSES | ROUTER_CLASSES:
            return AppDefinition(facts, call, assigned_name(call))
        factories = self._function_bindings(facts, call.func, depth)
        if len(factories) != 1:
            return None
        factory_facts, factory = factories[0]
        return _agreeing([self._value(factory_facts, value, depth + 1) for value in produced_values(factory)])

    def _function_bindings(self, facts: FileFacts, func: nodes.NodeNG, depth: int) -> list[Binding]:
        if isinstance(func, nodes.Name):
            found = self._bindings(facts, func, depth)
        elif isinstance(func, nodes.Attribute):
            dotted = facts.qualname(func)
            found = self._module_members(facts, dotted, depth) if dotted else []
        else:
            found = []
        return [(f, b) for f, b in found if isinstance(b, nodes.FunctionDef)]

    def _binding_value(self, facts: FileFacts, binding: nodes.NodeNG, depth: int) -> AppDefinition | None:
        if not isinstance(binding, nodes.AssignName):
            return None
        parent = binding.parent
        if isinstance(parent, nodes.Arguments):
            return self._fixture_value(binding, depth)
        if isinstance(parent, nodes.Assign) and parent.targets == [binding]:
            return self._value(facts, parent.value, depth + 1)
        if isinstance(parent, nodes.AnnAssign) and parent.value is not None:
            return self._value(facts, parent.value, depth + 1)
        return None

    def _fixture_value(self, parameter: nodes.AssignName, depth: int) -> AppDefinition | None:
        """A fixture parameter: the value of the fixture pytest injects there."""
        requester = find_requester(self._ctx, parameter.parent.parent)
        fixture = self._ctx.find_fixture(parameter.name, requester) if requester else None
        facts = self._ctx.facts_of(fixture.path) if fixture else None
        if facts is None:
            return None
        return _agreeing([self._value(facts, value, depth + 1) for value in produced_values(fixture.node)])

    def _bindings(self, facts: FileFacts, name: nodes.Name, depth: int) -> list[Binding]:
        _scope, statements = lookup(name)
        found = []
        for statement in statements:
            if isinstance(statement, (nodes.Import, nodes.ImportFrom)):
                dotted = facts.qualname(name)
                found.extend(self._module_members(facts, dotted, depth) if dotted else [(facts, statement)])
            else:
                found.append((facts, statement))
        return found

    def _module_members(self, facts: FileFacts, dotted: str, depth: int) -> list[Binding]:
        """Bindings of ``pkg.module.name`` in the project's ``pkg/module.py``, following re-exports."""
        if depth > _MAX_DEPTH:
            return []
        parts = dotted.split(".")
        roots = self._ctx.module_roots(facts.path)
        path = find_module_file(".".join(parts[:-1]), roots) if len(parts) > 1 else None
        module_facts = load_file(path) if path else None
        if module_facts is None:
            return []
        found = []
        for binding in module_facts.module.locals.get(parts[-1], []):
            imported = _imported_dotted(module_facts, binding, parts[-1])
            if imported:
                found.extend(self._module_members(module_facts, imported, depth + 1))
            else:
                found.append((module_facts, binding))
        return found


def find_requester(ctx: FileContext, function: nodes.NodeNG) -> Fixture | TestFunction | None:
    """The fixture or test whose ``def`` is ``function``, in this file, its conftests or plugins."""
    for test in ctx.tests:
        if test.node is function:
            return test
    for layer in (ctx.facts, *ctx.conftest_chain, *ctx.plugin_modules):
        fixture = layer.fixture_of(function)
        if fixture is not None:
            return fixture
    return None


def drives_lifespan(facts: FileFacts, scope: nodes.NodeNG) -> bool:
    """``scope`` runs an app's lifespan: LifespanManager, ``with TestClient(app)``, ``lifespan_context``."""
    for node in own_nodes(scope):
        if isinstance(node, nodes.Call):
            if facts.qualname(node.func) in LIFESPAN_MANAGERS:
                return True
            if isinstance(node.func, nodes.Attribute) and _is_lifespan_method(node.func):
                return True
        if isinstance(node, nodes.With):
            if any(facts.qualname(_callee(item)) == TEST_CLIENT for item, _ in node.items):
                return True
        elif isinstance(node, nodes.AsyncWith):
            if any("lifespan" in _callee_name(item) for item, _ in node.items):
                return True  # ``async with lifespan(app):`` -- the app's own lifespan entered by hand
    return False


def _is_lifespan_method(method: nodes.Attribute) -> bool:
    if method.attrname in LIFESPAN_METHODS:
        return True
    receiver = method.expr
    return method.attrname in ROUTER_STARTUP_METHODS and isinstance(receiver, nodes.Attribute) and (
        receiver.attrname == "router"
    )


def is_nonempty_sequence(node: nodes.NodeNG) -> bool:
    return isinstance(node, (nodes.List, nodes.Tuple)) and bool(node.elts)


def _is_given(value: nodes.NodeNG) -> bool:
    """A ``lifespan=`` value that is surely a handler: not None, not a factory's own parameter."""
    if isinstance(value, nodes.Const):
        return value.value is not None
    if isinstance(value, nodes.Name):
        binding = single_binding(value)
        return not (isinstance(binding, nodes.AssignName) and isinstance(binding.parent, nodes.Arguments))
    return True


def _router_owner(expression: nodes.NodeNG) -> nodes.NodeNG:
    """``app`` for ``app.router``; the expression itself otherwise."""
    if isinstance(expression, nodes.Attribute) and expression.attrname == "router":
        return expression.expr
    return expression


def _refers_to(expression: nodes.NodeNG, binding: nodes.AssignName | None) -> bool:
    if binding is None or not isinstance(expression, nodes.Name) or expression.name != binding.name:
        return False
    _scope, statements = lookup(expression)
    return any(statement is binding for statement in statements)


def _agreeing(results: list[AppDefinition | None]) -> AppDefinition | None:
    """The one definition every path leads to; None if any path is unknown or they differ."""
    if not results or any(result is None for result in results):
        return None
    if len({result.key for result in results}) != 1:
        return None
    return results[0]


def _imported_dotted(facts: FileFacts, binding: nodes.NodeNG, name: str) -> str | None:
    """``pkg.mod.name`` for a module-level ``from pkg.mod import name`` (relative ones too)."""
    if not isinstance(binding, nodes.ImportFrom):
        return None
    for imported, alias in binding.names:
        if (alias or imported) != name:
            continue
        if not binding.level:
            return f"{binding.modname}.{imported}"
        package = package_of(facts.path).split(".") if package_of(facts.path) else []
        if binding.level - 1 > len(package):
            return None
        base = package[: len(package) - (binding.level - 1)] + ([binding.modname] if binding.modname else [])
        return ".".join([*base, imported])
    return None


def _callee(expression: nodes.NodeNG) -> nodes.NodeNG | None:
    return expression.func if isinstance(expression, nodes.Call) else None


def _callee_name(expression: nodes.NodeNG) -> str:
    func = _callee(expression)
    if isinstance(func, nodes.Name):
        return func.name
    return func.attrname if isinstance(func, nodes.Attribute) else ""
