"""What a name holds: the async resource an expression evaluates to, found by scope lookup.

A name is followed to the assignment that bound it (a local, a module global, ``self.x``
set in the same class, an ``async with ... as`` target), a parameter to its annotation
or to the fixture pytest injects, and an import to a module-level assignment in the
project's own source.  Nothing is inferred (``.infer()`` imports installed packages) and
nothing is imported; whatever cannot be read is ``None`` and the rules stay silent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from astroid import nodes

from ..catalog import Factory, Keyword, Kind, catalogue
from .config import UNKNOWN
from .facts import FileFacts, Fixture, TestFunction, annotation_of
from .names import lookup
from .project import find_module_file, may_assign

if TYPE_CHECKING:
    from . import FileContext

_MAX_DEPTH = 8
_SCOPES = (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda, nodes.ClassDef)


@dataclass(frozen=True)
class Held:
    """A value known to be an async resource.

    ``creation`` is the call that made it (None when only an annotation says so) and
    ``facts`` the file it is in; ``managed`` means an ``async with`` closes it.
    """

    kind: Kind
    factory: Factory | None = None
    creation: nodes.Call | None = None
    facts: FileFacts | None = None
    managed: bool = False


def own_nodes(function: nodes.NodeNG, classes) -> Iterator[nodes.NodeNG]:
    """Nodes of ``classes`` in ``function``'s own body, not in nested functions or classes."""
    pending = list(function.body) if isinstance(function.body, list) else [function.body]
    while pending:
        node = pending.pop()
        if isinstance(node, classes):
            yield node
        if not isinstance(node, _SCOPES):
            pending.extend(node.get_children())


class Values:
    """Resolves expressions of the linted file (and the files it leads to) to catalogue resources."""

    def __init__(self, ctx: FileContext) -> None:
        self._ctx = ctx
        self.catalogue = catalogue(ctx.settings.resource_factories)
        self._cache: dict[int, Held | None] = {}
        self._class_attributes: dict[int, dict[str, list[nodes.AssignAttr]]] = {}
        self._module_files: dict[tuple[str, str], str | None] = {}
        self._requesters: dict[str, dict[int, Fixture | TestFunction]] = {}

    # -- public ------------------------------------------------------------------------

    def held(self, node: nodes.NodeNG | None, facts: FileFacts | None = None, depth: int = 0) -> Held | None:
        """The resource ``node`` evaluates to, or None when it is not one or cannot be told."""
        if node is None or depth > _MAX_DEPTH:
            return None
        if depth == 0 and facts is None and id(node) in self._cache:
            return self._cache[id(node)]
        result = self._held(node, facts or self._ctx.facts, depth)
        if depth == 0 and facts is None:
            self._cache[id(node)] = result
        return result

    def made_by(self, call: nodes.Call, facts: FileFacts | None = None, depth: int = 0) -> Factory | None:
        """The catalogue row ``call`` is a creation of."""
        facts = facts or self._ctx.facts
        table = self.catalogue
        row = table.calls.get(facts.qualname(call.func) or "")
        if row is not None:
            return row
        made = self._maker(call.func, facts, depth)
        if made is not None:
            return made[0]
        if isinstance(call.func, nodes.Attribute):
            receiver = self.held(call.func.expr, facts, depth + 1)
            if receiver is not None:
                return table.methods.get((receiver.kind, call.func.attrname))
        return None

    def maker_bind(self, node: nodes.NodeNG, facts: FileFacts | None = None) -> Held | None:
        """The engine a session factory (``async_sessionmaker(engine)``) named by ``node`` is bound to."""
        made = self._maker(node, facts or self._ctx.facts, 0)
        if made is None:
            return None
        _row, call, maker_facts = made
        bind = _argument(call, Keyword("bind", (), position=0))
        return self.held(bind, maker_facts, 1) if bind is not None else None

    def creations(self, facts: FileFacts | None = None) -> Iterator[tuple[nodes.Call, Factory]]:
        """Every call in a file that makes a catalogued resource."""
        facts = facts or self._ctx.facts
        for call in facts.nodes_of(nodes.Call):
            row = self.made_by(call, facts)
            if row is not None:
                yield call, row

    def loop_bound(self, held: Held) -> object:
        """True when the value binds to a loop, False when exempt (NullPool), UNKNOWN when unreadable."""
        if held.factory is None or held.creation is None:
            return UNKNOWN
        for keyword in held.factory.unbound_when:
            verdict = _matches(held.creation, keyword, held.facts)
            if verdict is not False:
                return False if verdict is True else UNKNOWN
        return True

    def binds_at_construction(self, held: Held) -> bool:
        """aiohttp's ClientSession, a psycopg pool opened in its constructor: need a running loop at once."""
        row = held.factory
        if row is None or held.creation is None or not row.binds_at_construction:
            return False
        return row.lazy_when is None or _matches(held.creation, row.lazy_when, held.facts) is False

    # -- following names -----------------------------------------------------------------

    def _held(self, node: nodes.NodeNG, facts: FileFacts, depth: int) -> Held | None:
        if isinstance(node, nodes.Await):
            node = node.value
        if isinstance(node, nodes.Call):
            row = self.made_by(node, facts, depth)
            return Held(row.kind, row, node, facts) if row else None
        sources = self._sources(node, facts, depth)
        if not sources:
            return None
        found: list[Held] = []
        for tag, value, value_facts, managed in sources:
            if tag == "value" and isinstance(value, nodes.Const) and value.value is None:
                continue  # ``engine = None`` before the real assignment
            held = self._source(tag, value, value_facts, depth)
            if held is None:
                return None
            found.append(replace(held, managed=True) if managed else held)
        if not found or len({held.kind for held in found}) != 1:
            return None
        return next((held for held in found if held.creation is not None), found[0])

    def _source(self, tag: str, value, facts: FileFacts, depth: int) -> Held | None:
        if tag == "annotation":
            kind = self.catalogue.types.get(facts.qualname(_strip_optional(value)) or "")
            return Held(kind, facts=facts) if kind else None
        if tag == "fixture":
            return self._fixture_value(value, depth)
        return self.held(value, facts, depth + 1)

    def _fixture_value(self, fixture: Fixture, depth: int) -> Held | None:
        facts = self._ctx.facts_of(fixture.path)
        results = [node.value for node in own_nodes(fixture.node, (nodes.Return, nodes.Yield))]
        if facts is None or not results or any(value is None for value in results):
            return None
        helds = [self.held(value, facts, depth + 1) for value in results]
        if any(held is None for held in helds) or len({held.kind for held in helds}) != 1:
            return None
        return helds[0]

    def _sources(self, node: nodes.NodeNG, facts: FileFacts, depth: int) -> list[tuple] | None:
        """(tag, value, facts, managed) for every binding of a name; None when one is unreadable."""
        if isinstance(node, (nodes.Attribute, nodes.AssignAttr)):
            return self._attribute_sources(node, facts, depth)
        if not isinstance(node, (nodes.Name, nodes.AssignName)):
            return None
        _scope, bindings = lookup(node)
        sources: list[tuple] = []
        for binding in bindings:
            if isinstance(binding, (nodes.Import, nodes.ImportFrom)):
                dotted = facts.qualname(node) if isinstance(node, nodes.Name) else None
                found = self._project_sources(dotted, facts, depth)
            else:
                found = self._binding_sources(binding, facts)
            if not found:
                return None
            sources.extend(found)
        return sources or None

    def _binding_sources(self, binding: nodes.NodeNG, facts: FileFacts) -> list[tuple] | None:
        if not isinstance(binding, nodes.AssignName):
            return None
        parent = binding.parent
        if isinstance(parent, nodes.Assign) and any(target is binding for target in parent.targets):
            return [("value", parent.value, facts, False)]
        if isinstance(parent, nodes.AnnAssign):
            if parent.value is not None:
                return [("value", parent.value, facts, False)]
            return [("annotation", parent.annotation, facts, False)]
        if isinstance(parent, nodes.NamedExpr):
            return [("value", parent.value, facts, False)]
        if isinstance(parent, (nodes.With, nodes.AsyncWith)):
            return [("value", expr, facts, True) for expr, target in parent.items if target is binding]
        if isinstance(parent, nodes.Arguments):
            return self._parameter_sources(binding, facts)
        return None

    def _parameter_sources(self, parameter: nodes.AssignName, facts: FileFacts) -> list[tuple] | None:
        fixture = self._requested_fixture(parameter, facts)
        if fixture is not None:
            return [("fixture", fixture, facts, False)]
        annotation = annotation_of(parameter)
        return [("annotation", annotation, facts, False)] if annotation is not None else None

    def _requested_fixture(self, parameter: nodes.AssignName, facts: FileFacts) -> Fixture | None:
        if facts.path not in self._requesters:
            requesters = [*facts.all_fixtures, *(self._ctx.tests if facts is self._ctx.facts else ())]
            self._requesters[facts.path] = {id(item.node): item for item in requesters}
        requester = self._requesters[facts.path].get(id(parameter.parent.parent))
        if requester is None or not any(requested is parameter for requested in requester.requests()):
            return None
        return self._ctx.find_fixture(parameter.name, requester)

    def _attribute_sources(self, node, facts: FileFacts, depth: int) -> list[tuple] | None:
        owner = method_class(node)
        if owner is None:
            dotted = facts.qualname(node) if isinstance(node, nodes.Attribute) else None
            return _state_sources(node, facts) or self._project_sources(dotted, facts, depth)
        sources: list[tuple] = []
        for statement in owner.body:
            for target in _assign_targets(statement):
                if isinstance(target, nodes.AssignName) and target.name == node.attrname:
                    sources.extend(self._binding_sources(target, facts) or [])
        for target in self._attribute_assignments(owner).get(node.attrname, ()):
            parent = target.parent
            if not (isinstance(parent, (nodes.Assign, nodes.AnnAssign)) and parent.value is not None):
                return None
            sources.append(("value", parent.value, facts, False))
        return sources or None

    def _attribute_assignments(self, owner: nodes.ClassDef) -> dict[str, list[nodes.AssignAttr]]:
        """``self.x = …`` targets of one class by attribute name, collected once per class."""
        key = id(owner)
        if key not in self._class_attributes:
            by_name: dict[str, list[nodes.AssignAttr]] = {}
            for target in owner.nodes_of_class(nodes.AssignAttr):
                if method_class(target) is owner:
                    by_name.setdefault(target.attrname, []).append(target)
            self._class_attributes[key] = by_name
        return self._class_attributes[key]

    def _project_sources(self, dotted: str | None, importer: FileFacts, depth: int) -> list[tuple] | None:
        """Module-level assignments of ``pkg.module.name`` in the project's own source file."""
        module, _, name = (dotted or "").rpartition(".")
        if not module or depth >= _MAX_DEPTH:
            return None
        key = (module, os.path.dirname(importer.path))
        if key not in self._module_files:
            self._module_files[key] = find_module_file(module, self._ctx.module_roots(importer.path))
        path = self._module_files[key]
        if path is None or not may_assign(path, name):
            return None  # a class, a function or a re-export: not a value this file creates
        facts = self._ctx.facts_of(path)
        if facts is None:
            return None
        sources: list[tuple] = []
        for binding in facts.module.locals.get(name, ()):
            found = self._binding_sources(binding, facts)
            if not found:
                return None
            sources.extend(found)
        return sources or None

    def _maker(self, node: nodes.NodeNG, facts: FileFacts, depth: int):
        """(row, maker call, its file) when ``node`` is a session factory: ``async_sessionmaker(...)``."""
        if isinstance(node, nodes.Call):
            candidates = [(node, facts)]
        else:
            sources = self._sources(node, facts, depth + 1) if depth < _MAX_DEPTH else None
            candidates = [(value, value_facts) for tag, value, value_facts, _managed in sources or ()
                          if tag == "value" and isinstance(value, nodes.Call)]
            if not sources or len(candidates) != len(sources):
                return None
        found = set()
        for call, call_facts in candidates:
            row = self.catalogue.makers.get(call_facts.qualname(call.func) or "")
            if row is None or (row.needs is not None and _matches(call, row.needs, call_facts) is not True):
                return None
            found.add(row)
        if len(found) != 1:
            return None
        call, call_facts = candidates[0]
        return found.pop(), call, call_facts


def _state_sources(node: nodes.NodeNG, facts: FileFacts) -> list[tuple] | None:
    """``app.state.db`` or ``request.app.state.db``: what this module stores on an app's state."""
    parts = _dotted_parts(node)
    if not parts or "state" not in parts[1:-1]:
        return None
    key = parts[parts.index("state", 1):]
    sources = []
    for target in facts.nodes_of(nodes.AssignAttr):
        if target.attrname != node.attrname:
            continue
        stored = _dotted_parts(target)
        if stored and len(stored) > len(key) and stored[-len(key):] == key:
            if not isinstance(target.parent, nodes.Assign) or len(target.parent.targets) != 1:
                return None
            sources.append(("value", target.parent.value, facts, False))
    return sources or None


def _dotted_parts(node: nodes.NodeNG) -> list[str] | None:
    """``request.app.state.db`` as its names, or None when the chain holds anything but names."""
    parts: list[str] = []
    while isinstance(node, (nodes.Attribute, nodes.AssignAttr)):
        parts.append(node.attrname)
        node = node.expr
    if not isinstance(node, nodes.Name):
        return None
    parts.append(node.name)
    return parts[::-1]


def method_class(node: nodes.NodeNG) -> nodes.ClassDef | None:
    """The class whose instance ``self.x``/``cls.x`` refers to, when ``node`` is such an attribute."""
    expr = getattr(node, "expr", None)
    frame = node.frame()
    if not isinstance(expr, nodes.Name) or not isinstance(frame, nodes.FunctionDef):
        return None
    if not isinstance(frame.parent, nodes.ClassDef):
        return None
    positional = list(frame.args.posonlyargs or []) + list(frame.args.args or [])
    return frame.parent if positional and positional[0].name == expr.name else None


def _assign_targets(statement: nodes.NodeNG) -> list[nodes.NodeNG]:
    if isinstance(statement, nodes.Assign):
        return list(statement.targets)
    if isinstance(statement, nodes.AnnAssign):
        return [statement.target]
    return []


def _strip_optional(annotation: nodes.NodeNG) -> nodes.NodeNG:
    """``X | None`` and ``Optional[X]`` → ``X``."""
    if isinstance(annotation, nodes.BinOp) and annotation.op == "|":
        for side, other in ((annotation.left, annotation.right), (annotation.right, annotation.left)):
            if isinstance(other, nodes.Const) and other.value is None:
                return side
    if isinstance(annotation, nodes.Subscript) and annotation.value.as_string().split(".")[-1] == "Optional":
        return annotation.slice
    return annotation


def _argument(call: nodes.Call, keyword: Keyword) -> nodes.NodeNG | None:
    for given in call.keywords or ():
        if given.arg == keyword.name:
            return given.value
    if keyword.position is not None and len(call.args) > keyword.position:
        return call.args[keyword.position]
    return None


def _matches(call: nodes.Call, keyword: Keyword, facts: FileFacts) -> object:
    """True/False: the argument has one of the keyword's values; UNKNOWN when it cannot be read.

    A name from another package (a project setting) may hold anything: UNKNOWN.  An absent
    argument is also looked for in a call passed positionally
    (``AsyncEngine(create_engine(url, poolclass=NullPool))``).
    """
    if any(given.arg is None for given in call.keywords or ()):
        return UNKNOWN  # **kwargs
    value = _argument(call, keyword)
    if value is None:
        for argument in call.args:
            if isinstance(argument, nodes.Call):
                verdict = _matches(argument, keyword, facts)
                if verdict is not False:
                    return verdict
        return False
    if isinstance(value, nodes.Const):
        return repr(value.value) in keyword.values
    name = facts.qualname(value.func if isinstance(value, nodes.Call) else value)
    if name in keyword.values:
        return True
    libraries = {known.split(".")[0] for known in keyword.values}
    return False if name and name.split(".")[0] in libraries else UNKNOWN  # another pool of that library
