"""What one Python file declares for pytest: fixtures, tests, marks, hooks.

Built from source only (the linted buffer, or a conftest/plugin read from disk
and cached by path, modification time and size), never by importing it.
Every literal we cannot read (``scope=some_callable``) becomes ``UNKNOWN``.
"""

from __future__ import annotations

import os
from fnmatch import fnmatch
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

from astroid import nodes

from .config import ASYNC_KEYS, UNKNOWN
from .module import build_module
from .names import NameResolver
from .project import package_of

_CONFIG_INTERNALS = ("_inicache", "inicfg", "_override_ini")

FIXTURE_DECORATORS = {
    "pytest.fixture": "pytest",
    "pytest.yield_fixture": "pytest",
    "pytest_asyncio.fixture": "pytest_asyncio",
}


@dataclass(frozen=True)
class Mark:
    """One ``pytest.mark.<name>`` application; ``call`` is None for the bare form."""

    name: str
    node: nodes.NodeNG
    call: nodes.Call | None

    def keyword(self, key: str) -> object:
        """Literal value of a keyword argument: None if absent, UNKNOWN if not a literal."""
        if self.call is None:
            return None
        if any(keyword.arg is None for keyword in self.call.keywords or ()):
            return UNKNOWN  # **kwargs
        for keyword in self.call.keywords or ():
            if keyword.arg == key:
                return literal(keyword.value)
        return None


@dataclass(frozen=True)
class Fixture:
    name: str
    node: nodes.FunctionDef
    decorator: nodes.NodeNG
    kind: str  # "pytest" or "pytest_asyncio"
    scope: object  # literal scope, "function" by default, or UNKNOWN
    loop_scope: object  # literal, None if not given, or UNKNOWN
    autouse: object
    path: str
    class_node: nodes.ClassDef | None

    @property
    def is_async(self) -> bool:
        return isinstance(self.node, nodes.AsyncFunctionDef)

    @property
    def def_line(self) -> int:
        """The ``def`` line (astroid's ``lineno`` is the first decorator's)."""
        position = self.node.position
        return position.lineno if position else self.node.lineno

    def requests(self) -> list[nodes.AssignName]:
        return requested_parameters(self.node, self.class_node is not None)


@dataclass(frozen=True)
class TestFunction:
    name: str
    node: nodes.FunctionDef
    class_node: nodes.ClassDef | None
    marks: tuple[Mark, ...]  # closest first: function, then enclosing classes, then module

    @property
    def is_async(self) -> bool:
        return isinstance(self.node, nodes.AsyncFunctionDef)

    def requests(self) -> list[nodes.AssignName]:
        return requested_parameters(self.node, self.class_node is not None)

    def closest_mark(self, *names: str) -> Mark | None:
        return next((mark for mark in self.marks if mark.name in names), None)


@dataclass(frozen=True)
class MarkHook:
    """A ``pytest_collection_modifyitems`` hook that adds asyncio marks to collected tests."""

    loop_scope: object  # literal loop scope of the added mark, None for the bare mark, or UNKNOWN
    prepends: bool  # add_marker(..., append=False) beats the test's own decorator marks


@dataclass
class FileFacts:
    """The parsed file and everything pytest-relevant found in it, computed on demand."""

    path: str
    source: str
    tree: object = None
    _test_patterns: tuple = field(default=(("test",), ("Test",)), repr=False)
    _pytestmarks: dict[int, tuple[Mark, ...]] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def module(self) -> nodes.Module:
        return build_module(self.source, self.path, self.tree)

    @cached_property
    def names(self) -> NameResolver:
        return NameResolver(package_of(self.path) if os.path.isfile(self.path) else None)

    def qualname(self, node: nodes.NodeNG | None) -> str | None:
        return self.names.qualname(node)

    def nodes_of(self, *classes: type) -> list[nodes.NodeNG]:
        """Every node of these classes in the module, in source order: one tree walk serves all rules."""
        matching = [found for kind, found in self._nodes_by_type.items() if issubclass(kind, classes)]
        if len(matching) == 1:
            return matching[0]
        return sorted((node for found in matching for node in found),
                      key=lambda node: (node.lineno or 0, node.col_offset or 0))

    @cached_property
    def entered_names(self) -> list[nodes.Name]:
        """Names entered as context managers (``with x``, ``x.__enter__()``, ``enter_context(x)``), found once."""
        return [name for name in self.nodes_of(nodes.Name) if _is_entered(name)]

    @cached_property
    def _nodes_by_type(self) -> dict[type, list[nodes.NodeNG]]:
        by_type: dict[type, list[nodes.NodeNG]] = {}
        pending = [self.module]
        while pending:
            node = pending.pop()
            by_type.setdefault(type(node), []).append(node)
            children = list(node.get_children())
            children.reverse()
            pending.extend(children)
        return by_type

    def mark_of(self, expression: nodes.NodeNG) -> Mark | None:
        """The mark an expression applies (``pytest.mark.asyncio(loop_scope=…)``), if it is one."""
        call = expression if isinstance(expression, nodes.Call) else None
        qualname = self.qualname(call.func if call else expression)
        if qualname and qualname.startswith("pytest.mark.") and qualname.count(".") == 2:
            return Mark(qualname.rsplit(".", 1)[1], expression, call)
        return None

    @cached_property
    def module_marks(self) -> tuple[Mark, ...]:
        return self._pytestmark(self.module)

    def _pytestmark(self, scope: nodes.NodeNG) -> tuple[Mark, ...]:
        """``pytestmark`` of a module or class body, read once per body: every method of a class asks."""
        if id(scope) not in self._pytestmarks:
            self._pytestmarks[id(scope)] = self._read_pytestmark(scope)
        return self._pytestmarks[id(scope)]

    def _read_pytestmark(self, scope: nodes.NodeNG) -> tuple[Mark, ...]:
        marks: list[Mark] = []
        for statement in scope.body:
            if isinstance(statement, (nodes.Assign, nodes.AnnAssign)):
                targets = statement.targets if isinstance(statement, nodes.Assign) else [statement.target]
                if any(isinstance(target, nodes.AssignName) and target.name == "pytestmark" for target in targets):
                    values = statement.value.elts if isinstance(statement.value, (nodes.List, nodes.Tuple)) else [
                        statement.value
                    ]
                    marks = [mark for mark in map(self.mark_of, values) if mark]
        return tuple(marks)

    def decorator_marks(self, node: nodes.FunctionDef | nodes.ClassDef) -> tuple[Mark, ...]:
        decorators = node.decorators.nodes if node.decorators else []
        return tuple(mark for mark in map(self.mark_of, decorators) if mark)

    @cached_property
    def fixtures(self) -> dict[str, Fixture]:
        """Module-level fixtures by name (a later definition wins, as in Python)."""
        return {fixture.name: fixture for fixture in self.all_fixtures if fixture.class_node is None}

    def fixture_of(self, function: nodes.NodeNG) -> Fixture | None:
        """The fixture a function node defines, if it is one."""
        return self._fixtures_by_node.get(id(function))

    @cached_property
    def _fixtures_by_node(self) -> dict[int, Fixture]:
        return {id(fixture.node): fixture for fixture in self.all_fixtures}

    def class_fixtures(self, class_node: nodes.ClassDef) -> dict[str, Fixture]:
        return self._fixtures_by_class.get(id(class_node), {})

    @cached_property
    def _fixtures_by_class(self) -> dict[int, dict[str, Fixture]]:
        """Class fixtures by class, grouped once: every test of a class looks its fixtures up here."""
        by_class: dict[int, dict[str, Fixture]] = {}
        for fixture in self.all_fixtures:
            if fixture.class_node is not None:
                by_class.setdefault(id(fixture.class_node), {})[fixture.name] = fixture
        return by_class

    @cached_property
    def all_fixtures(self) -> tuple[Fixture, ...]:
        found = []
        for function, class_node in self._functions():
            fixture = self._fixture(function, class_node)
            if fixture:
                found.append(fixture)
        return tuple(found)

    @cached_property
    def tests(self) -> tuple[TestFunction, ...]:
        function_prefixes, class_prefixes = self._test_patterns
        found = []
        fixture_nodes = {id(fixture.node) for fixture in self.all_fixtures}
        for function, class_node in self._functions():
            if id(function) in fixture_nodes or not matches(function.name, function_prefixes):
                continue
            marks = list(self.decorator_marks(function))
            if class_node is not None:
                if not matches(class_node.name, class_prefixes):
                    continue
                for enclosing in _enclosing_classes(function):
                    marks.extend(self.decorator_marks(enclosing))
                    marks.extend(self._pytestmark(enclosing))
            marks.extend(self.module_marks)
            found.append(TestFunction(function.name, function, class_node, tuple(marks)))
        return tuple(found)

    def _functions(self):
        """Module-level functions and methods of (nested) module-level classes."""
        pending: list[tuple[nodes.NodeNG, nodes.ClassDef | None]] = [(self.module, None)]
        while pending:
            scope, class_node = pending.pop()
            for statement in scope.body:
                if isinstance(statement, nodes.FunctionDef):
                    yield statement, class_node
                elif isinstance(statement, nodes.ClassDef):
                    pending.append((statement, statement))

    def _fixture(self, function: nodes.FunctionDef, class_node) -> Fixture | None:
        for decorator in function.decorators.nodes if function.decorators else ():
            call = decorator if isinstance(decorator, nodes.Call) else None
            kind = FIXTURE_DECORATORS.get(self.qualname(call.func if call else decorator) or "")
            if kind is None:
                continue
            arguments = _keyword_literals(call)
            name = arguments.get("name")
            return Fixture(
                name=name if isinstance(name, str) else function.name,
                node=function,
                decorator=decorator,
                kind=kind,
                scope=arguments.get("scope", "function"),
                loop_scope=arguments.get("loop_scope"),
                autouse=arguments.get("autouse", False),
                path=self.path,
                class_node=class_node,
            )
        return None

    @cached_property
    def imports_pytest_asyncio(self) -> bool:
        """The file imports pytest_asyncio or applies an asyncio mark: pytest-asyncio is in play."""
        for node in self.nodes_of(nodes.Import, nodes.ImportFrom):
            modules = [name for name, _ in node.names] if isinstance(node, nodes.Import) else [node.modname]
            if any(module.split(".")[0] == "pytest_asyncio" for module in modules):
                return True
        return any(mark.name == "asyncio" for mark in self._all_marks())

    @cached_property
    def uses_other_async_runner(self) -> bool:
        """anyio or trio drive some tests here: marks, or an ``anyio_backend`` fixture."""
        if "anyio_backend" in self.fixtures:
            return True
        if any(mark.name in ("anyio", "trio") for mark in self._all_marks()):
            return True
        return any(
            parameter.name == "anyio_backend"
            for function, _ in self._functions()
            for parameter in function.args.args or ()
        )

    def _all_marks(self):
        yield from self.module_marks
        for function, class_node in self._functions():
            yield from self.decorator_marks(function)
            if class_node is not None:
                yield from self.decorator_marks(class_node)
                yield from self._pytestmark(class_node)

    @cached_property
    def mark_hooks(self) -> tuple[MarkHook, ...]:
        """Asyncio marks added by ``pytest_collection_modifyitems`` (the pytest-asyncio how-to)."""
        hooks = []
        for statement in self.module.body:
            if not (isinstance(statement, nodes.FunctionDef) and statement.name == "pytest_collection_modifyitems"):
                continue
            for call in statement.nodes_of_class(nodes.Call):
                mark = self.mark_of(call) or self.mark_of(call.func)
                if mark and mark.name == "asyncio":
                    prepends = any(
                        isinstance(other, nodes.Call)
                        and any(k.arg == "append" and literal(k.value) is False for k in other.keywords or ())
                        for other in statement.nodes_of_class(nodes.Call)
                    )
                    hooks.append(MarkHook(mark.keyword("loop_scope"), prepends))
        return tuple(hooks)

    @cached_property
    def edited_config_keys(self) -> frozenset[str]:
        """pytest-asyncio settings this file rewrites in code (``config.option.asyncio_mode = …``)."""
        edited: set[str] = set()
        for node in self.nodes_of(nodes.AssignAttr, nodes.Subscript, nodes.Call):
            if isinstance(node, nodes.AssignAttr):
                if node.attrname in ASYNC_KEYS:
                    edited.add(node.attrname)
                continue
            if isinstance(node, nodes.Call) and not (isinstance(node.func, nodes.Name) and node.func.name == "setattr"):
                continue
            try:
                text = node.as_string()
            except RecursionError:  # nested too deeply to print, so unreadable: every key is unknown
                edited.update(ASYNC_KEYS)
                continue
            if isinstance(node, nodes.Call) or any(internal in text for internal in _CONFIG_INTERNALS):
                named = [key for key in ASYNC_KEYS if key in text]
                if named or isinstance(node, nodes.Subscript):
                    edited.update(named or ASYNC_KEYS)
        return frozenset(edited)

    @cached_property
    def pytest_plugins(self) -> tuple[str, ...]:
        """Module names listed in a module-level ``pytest_plugins``."""
        for statement in self.module.body:
            if isinstance(statement, nodes.Assign) and any(
                isinstance(target, nodes.AssignName) and target.name == "pytest_plugins" for target in statement.targets
            ):
                value = statement.value
                items = value.elts if isinstance(value, (nodes.List, nodes.Tuple)) else [value]
                return tuple(
                    item.value for item in items if isinstance(item, nodes.Const) and isinstance(item.value, str)
                )
        return ()


def _is_entered(name: nodes.Name) -> bool:
    parent = name.parent
    if isinstance(parent, nodes.With):
        return any(item is name for item, _ in parent.items)
    if isinstance(parent, nodes.Attribute):
        return parent.attrname == "__enter__"
    if isinstance(parent, nodes.Call) and isinstance(parent.func, nodes.Attribute):
        return parent.func.attrname == "enter_context" and name in parent.args
    return False


def literal(node: nodes.NodeNG | None) -> object:
    """A str/bool/int/None constant's value, else UNKNOWN."""
    if isinstance(node, nodes.Const) and isinstance(node.value, (str, bool, int, type(None))):
        return node.value
    return UNKNOWN


def _keyword_literals(call: nodes.Call | None) -> dict[str, object]:
    if call is None:
        return {}
    if any(keyword.arg is None for keyword in call.keywords or ()):
        return {"scope": UNKNOWN, "loop_scope": UNKNOWN, "autouse": UNKNOWN, "name": UNKNOWN}
    return {keyword.arg: literal(keyword.value) for keyword in call.keywords or ()}


def requested_parameters(function: nodes.FunctionDef, is_method: bool) -> list[nodes.AssignName]:
    """Parameters pytest fills with fixtures (not ``self``/``cls``, not ones with defaults)."""
    arguments = function.args
    positional = list(arguments.posonlyargs or []) + list(arguments.args or [])
    if is_method and positional and not _is_staticmethod(function):
        positional = positional[1:]
    with_defaults = len(arguments.defaults or [])
    if with_defaults:
        positional = positional[: len(positional) - with_defaults]
    keyword_only = [
        argument
        for argument, default in zip(arguments.kwonlyargs or [], arguments.kw_defaults or [])
        if default is None
    ]
    return positional + keyword_only


def annotation_of(parameter: nodes.AssignName) -> nodes.NodeNG | None:
    """The annotation written on a function parameter, if any."""
    arguments = parameter.parent
    for names, given in (
        (arguments.posonlyargs, arguments.posonlyargs_annotations),
        (arguments.args, arguments.annotations),
        (arguments.kwonlyargs, arguments.kwonlyargs_annotations),
    ):
        for name, annotation in zip(names or [], given or []):
            if name is parameter:
                return annotation
    return None


def _is_staticmethod(function: nodes.FunctionDef) -> bool:
    decorators = function.decorators.nodes if function.decorators else []
    return any(isinstance(d, nodes.Name) and d.name == "staticmethod" for d in decorators)


def _enclosing_classes(function: nodes.FunctionDef):
    parent = function.parent
    while isinstance(parent, nodes.ClassDef):
        yield parent
        parent = parent.parent


def matches(name: str, patterns: tuple[str, ...]) -> bool:
    """pytest's python_functions/python_classes matching: prefix, or glob when it has wildcards."""
    return any(fnmatch(name, pattern) if any(c in pattern for c in "*?[") else name.startswith(pattern)
               for pattern in patterns)


_FILE_CACHE: OrderedDict[tuple, FileFacts] = OrderedDict()
_FILE_CACHE_SIZE = 128


def load_file(path: str, test_patterns=(("test",), ("Test",))) -> FileFacts | None:
    """Facts of a file on disk (conftest, plugin, app module), cached by path, mtime and size."""
    try:
        status = os.stat(path)
        key = (os.path.abspath(path), status.st_mtime_ns, status.st_size, test_patterns)
        if key in _FILE_CACHE:
            _FILE_CACHE.move_to_end(key)
            return _FILE_CACHE[key]
        with open(path, "rb") as handle:
            source = decode_source(handle.read())
        facts = FileFacts(os.path.abspath(path), source, _test_patterns=test_patterns)
        facts.module  # parse now so a broken file is rejected here, not inside a rule
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError):
        return None
    _FILE_CACHE[key] = facts
    if len(_FILE_CACHE) > _FILE_CACHE_SIZE:
        _FILE_CACHE.popitem(last=False)
    return facts


def decode_source(data: bytes) -> str:
    """Decode the way Python does: BOM, then a coding cookie, else UTF-8."""
    import io
    import tokenize

    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)
