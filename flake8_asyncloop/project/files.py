"""What one Python file declares for pytest: fixtures, tests, marks, hooks, imports.

Built from source only (the linted buffer, or a conftest/plugin/app module read from disk
and cached by its stat stamp), never by importing it.  Every literal we cannot read
(``scope=some_callable``) becomes ``UNKNOWN``.
"""

from __future__ import annotations

import ast
import io
import os
import re
import tokenize
from collections import OrderedDict
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cached_property

from ..syntax import NameResolver, SyntaxTree
from ..syntax.names import absolute_module
from ..syntax.nodes import is_main_guard, keyword_literals, literal, requested_parameters
from .config import ASYNC_KEYS
from .modules import package_of

FIXTURE_DECORATORS = {
    "pytest.fixture": "pytest",
    "pytest.yield_fixture": "pytest",
    "pytest_asyncio.fixture": "pytest_asyncio",
}
_FIXTURE_KEYWORDS = ("scope", "loop_scope", "autouse", "name", "params")
_CONFIG_INTERNALS = ("_inicache", "inicfg", "_override_ini")
_CONFIG_EDIT_WORDS = re.compile("|".join((*_CONFIG_INTERNALS, *ASYNC_KEYS)))
_BLOCKS = (ast.If, ast.Try, ast.With, ast.AsyncWith) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())
_OTHER_RUNNER_PLUGINS = frozenset({"aiohttp", "pytest_aiohttp", "anyio", "pytest_trio", "trio"})
DEFAULT_TEST_PATTERNS = (("test",), ("Test",))


@dataclass(frozen=True)
class Mark:
    """One ``pytest.mark.<name>`` application; ``call`` is None for the bare form."""

    name: str
    node: ast.AST
    call: ast.Call | None

    def keyword(self, key: str) -> object:
        """Literal value of a keyword argument: None if absent, UNKNOWN if not a literal."""
        if self.call is None:
            return None
        values = keyword_literals(self.call, (key,))
        return values.get(key)


@dataclass(frozen=True, eq=False)
class Fixture:
    name: str
    node: ast.FunctionDef | ast.AsyncFunctionDef
    decorator: ast.AST
    kind: str  # "pytest" or "pytest_asyncio"
    scope: object  # literal scope, "function" by default, or UNKNOWN
    loop_scope: object  # literal, None if not given, or UNKNOWN
    autouse: object
    path: str
    class_node: ast.ClassDef | None
    conditional: bool  # defined inside a module-level if/try/with block

    @property
    def is_async(self) -> bool:
        return isinstance(self.node, ast.AsyncFunctionDef)

    @property
    def line(self) -> int:
        return self.node.lineno

    def requests(self) -> list[ast.arg]:
        return requested_parameters(self.node, self.class_node is not None)


@dataclass(frozen=True, eq=False)
class TestFunction:
    name: str
    node: ast.FunctionDef | ast.AsyncFunctionDef
    class_node: ast.ClassDef | None
    marks: tuple[Mark, ...]  # closest first: function, then enclosing classes, then module
    path: str

    @property
    def is_async(self) -> bool:
        return isinstance(self.node, ast.AsyncFunctionDef)

    @property
    def line(self) -> int:
        return self.node.lineno

    def requests(self) -> list[ast.arg]:
        return requested_parameters(self.node, self.class_node is not None)

    def closest_mark(self, *names: str) -> Mark | None:
        return next((mark for mark in self.marks if mark.name in names), None)

    def own_mark(self, name: str) -> Mark | None:
        """A mark written on the test function itself (not its class or module)."""
        decorators = {id(decorator) for decorator in self.node.decorator_list}
        return next((mark for mark in self.marks if mark.name == name and id(mark.node) in decorators), None)


@dataclass(frozen=True)
class MarkHook:
    """A ``pytest_collection_modifyitems`` hook that adds asyncio marks to collected tests."""

    loop_scope: object  # literal loop scope of the added mark, None for the bare mark, or UNKNOWN
    prepends: bool  # add_marker(..., append=False) beats the test's own decorator marks
    path: str
    line: int


class FileFacts:
    """The parsed file and everything pytest-relevant found in it, computed on demand."""

    def __init__(self, path: str, source: str, tree: ast.Module | None = None,
                 test_patterns: tuple = DEFAULT_TEST_PATTERNS) -> None:
        self.path = path
        self.source = source
        self._tree = tree
        self.test_patterns = test_patterns
        self._pytestmarks: dict[int, tuple[Mark, ...]] = {}

    @cached_property
    def syntax(self) -> SyntaxTree:
        return SyntaxTree(self._tree if self._tree is not None else ast.parse(self.source, filename=self.path))

    @cached_property
    def package(self) -> str | None:
        return package_of(self.path) if os.path.isfile(self.path) else None

    @cached_property
    def names(self) -> NameResolver:
        return NameResolver(self.syntax, self.package)

    def qualname(self, node: ast.AST | None) -> str | None:
        return self.names.qualname(node)

    @property
    def module(self) -> ast.Module:
        return self.syntax.module

    # -- marks ---------------------------------------------------------------------------

    def mark_of(self, expression: ast.AST) -> Mark | None:
        """The mark an expression applies (``pytest.mark.asyncio(loop_scope=…)``), if it is one."""
        call = expression if isinstance(expression, ast.Call) else None
        qualname = self.qualname(call.func if call else expression)
        if qualname and qualname.startswith("pytest.mark.") and qualname.count(".") == 2:
            return Mark(qualname.rsplit(".", 1)[1], expression, call)
        return None

    def decorator_marks(self, node: ast.AST) -> tuple[Mark, ...]:
        return tuple(mark for mark in map(self.mark_of, node.decorator_list) if mark)

    @cached_property
    def module_marks(self) -> tuple[Mark, ...]:
        return self.pytestmark(self.module)

    def pytestmark(self, body_owner: ast.AST) -> tuple[Mark, ...]:
        """``pytestmark`` assigned in a module or class body (the last assignment wins), read once per body:
        every method of a class asks."""
        key = id(body_owner)
        if key not in self._pytestmarks:
            self._pytestmarks[key] = self._read_pytestmark(body_owner)
        return self._pytestmarks[key]

    def _read_pytestmark(self, body_owner: ast.AST) -> tuple[Mark, ...]:
        """Assignments, ``+=``, and ``pytestmark.append(...)``/``.extend([...])`` in source order."""
        marks: tuple[Mark, ...] = ()
        for statement in _statements(body_owner.body):
            if "pytestmark" in _assigned_names(statement):
                marks = self._marks_in(statement.value)
            elif isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name) and \
                    statement.target.id == "pytestmark":
                marks += self._marks_in(statement.value)
            elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
                func = statement.value.func
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
                        func.value.id == "pytestmark" and func.attr in ("append", "extend"):
                    marks += tuple(mark for argument in statement.value.args for mark in self._marks_in(argument))
        return marks

    def _marks_in(self, value: ast.AST) -> tuple[Mark, ...]:
        values = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
        return tuple(mark for mark in map(self.mark_of, values) if mark)

    # -- fixtures and tests --------------------------------------------------------------

    @cached_property
    def all_fixtures(self) -> tuple[Fixture, ...]:
        found = []
        for function, class_node, conditional in self.functions:
            fixture = self._fixture(function, class_node, conditional)
            if fixture is not None:
                found.append(fixture)
        return tuple(found)

    @cached_property
    def fixtures(self) -> dict[str, Fixture | None]:
        """Module-level fixtures by name; None for a name defined in two branches (which one runs is unknown)."""
        by_name: dict[str, list[Fixture]] = {}
        for fixture in self.all_fixtures:
            if fixture.class_node is None:
                by_name.setdefault(fixture.name, []).append(fixture)
        return {name: (found[-1] if len(found) == 1 or not any(f.conditional for f in found) else None)
                for name, found in by_name.items()}

    def fixture_of(self, function: ast.AST) -> Fixture | None:
        """The fixture a function node defines, if it is one."""
        return self._fixtures_by_node.get(id(function))

    @cached_property
    def _fixtures_by_node(self) -> dict[int, Fixture]:
        return {id(fixture.node): fixture for fixture in self.all_fixtures}

    def class_fixtures(self, class_node: ast.ClassDef) -> dict[str, Fixture]:
        return self._fixtures_by_class.get(id(class_node), {})

    @cached_property
    def _fixtures_by_class(self) -> dict[int, dict[str, Fixture]]:
        by_class: dict[int, dict[str, Fixture]] = {}
        for fixture in self.all_fixtures:
            if fixture.class_node is not None:
                by_class.setdefault(id(fixture.class_node), {})[fixture.name] = fixture
        return by_class

    @cached_property
    def tests(self) -> tuple[TestFunction, ...]:
        """Functions pytest collects as tests from this module (when the module itself is collected)."""
        function_patterns, class_patterns = self.test_patterns
        scripts = self.main_guard_calls
        collected_classes: dict[int, bool] = {}
        found = []
        for function, class_node, _conditional in self.functions:
            if id(function) in self._fixtures_by_node or not matches(function.name, function_patterns):
                continue
            if class_node is None and function.name in scripts:
                continue  # run as a script under ``if __name__ == "__main__"``, not a test
            marks = list(self.decorator_marks(function))
            if class_node is not None:
                owners = list(self._enclosing_classes(function))
                for owner in owners:
                    if id(owner) not in collected_classes:
                        collected_classes[id(owner)] = matches(owner.name, class_patterns) and not _has_init(owner)
                if not all(collected_classes[id(owner)] for owner in owners):
                    continue
                for owner in owners:
                    marks += [*self.decorator_marks(owner), *self.pytestmark(owner)]
            marks += self.module_marks
            found.append(TestFunction(function.name, function, class_node, tuple(marks), self.path))
        return tuple(found)

    def test_of(self, function: ast.AST) -> TestFunction | None:
        return self._tests_by_node.get(id(function))

    @cached_property
    def _tests_by_node(self) -> dict[int, TestFunction]:
        return {id(test.node): test for test in self.tests}

    @cached_property
    def functions(self) -> tuple[tuple[ast.AST, ast.ClassDef | None, bool], ...]:
        """(function, innermost class, conditional) for module-level functions and methods of module-level
        classes, including those inside module-level if/try/with blocks."""
        found = []
        pending: list[tuple[list[ast.stmt], ast.ClassDef | None, bool]] = [(self.module.body, None, False)]
        while pending:
            body, class_node, conditional = pending.pop()
            for statement in body:
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found.append((statement, class_node, conditional))
                elif isinstance(statement, ast.ClassDef):
                    pending.append((statement.body, statement, conditional))
                elif isinstance(statement, _BLOCKS) and class_node is None:
                    if isinstance(statement, ast.If) and is_main_guard(statement.test):
                        continue
                    for block in _blocks(statement):
                        pending.append((block, None, True))
        found.sort(key=lambda item: item[0].lineno)
        return tuple(found)

    def _enclosing_classes(self, function: ast.AST):
        for ancestor in self.syntax.ancestors(function):
            if isinstance(ancestor, ast.ClassDef):
                yield ancestor
            elif isinstance(ancestor, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return

    def _fixture(self, function, class_node, conditional: bool) -> Fixture | None:
        for decorator in function.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            kind = FIXTURE_DECORATORS.get(self.qualname(call.func if call else decorator) or "")
            if kind is None:
                continue
            arguments = keyword_literals(call, _FIXTURE_KEYWORDS)
            name = arguments.get("name")
            return Fixture(
                name=name if isinstance(name, str) else function.name,
                node=function, decorator=decorator, kind=kind,
                scope=arguments.get("scope", "function"),
                loop_scope=arguments.get("loop_scope"),
                autouse=arguments.get("autouse", False),
                path=self.path, class_node=class_node, conditional=conditional,
            )
        return None

    @cached_property
    def main_guard_calls(self) -> frozenset[str]:
        """Names of functions called under a module-level ``if __name__ == "__main__":``."""
        called = set()
        for statement in self.module.body:
            if isinstance(statement, ast.If) and is_main_guard(statement.test):
                for node in ast.walk(statement):
                    if isinstance(node, ast.Name):
                        called.add(node.id)
        return frozenset(called)

    # -- imports, plugins, hooks --------------------------------------------------------

    @cached_property
    def imported_names(self) -> dict[str, str]:
        """Module-level names bound by ``from X import name`` (or ``import X as name``), with their dotted
        targets: pytest registers fixture functions imported this way as fixtures of this module."""
        found: dict[str, str] = {}
        for name, bindings in self.syntax.module_scope.bindings.items():
            targets = {self.names.imported_from(b) for b in bindings if isinstance(b, ast.alias)}
            if len(targets) == 1 and len(bindings) == len([b for b in bindings if isinstance(b, ast.alias)]):
                target = targets.pop()
                if target:
                    found[name] = target
        return found

    @cached_property
    def star_imports(self) -> tuple[str, ...]:
        modules = (absolute_module(node, self.package) for node in self.syntax.module_scope.star_imports)
        return tuple(module for module in modules if module)

    @cached_property
    def dunder_all(self) -> tuple[str, ...] | None:
        for statement in _statements(self.module.body):
            if "__all__" in _assigned_names(statement) and isinstance(statement.value, (ast.List, ast.Tuple)):
                return tuple(e.value for e in statement.value.elts if isinstance(e, ast.Constant)
                             and isinstance(e.value, str))
        return None

    @cached_property
    def pytest_plugins(self) -> tuple[str, ...]:
        """Module names listed in a module-level ``pytest_plugins``."""
        return self._module_level_strings("pytest_plugins")

    @cached_property
    def collect_ignore(self) -> tuple[str, ...]:
        return (*self._module_level_strings("collect_ignore"), *self._module_level_strings("collect_ignore_glob"))

    def _module_level_strings(self, variable: str) -> tuple[str, ...]:
        for statement in _statements(self.module.body):
            if variable in _assigned_names(statement):
                value = statement.value
                items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
                return tuple(item.value for item in items if isinstance(item, ast.Constant)
                             and isinstance(item.value, str))
        return ()

    @cached_property
    def imports_pytest_asyncio(self) -> bool:
        """The file imports pytest_asyncio or applies an asyncio mark: pytest-asyncio is in play."""
        for node in self.syntax.nodes(ast.Import, ast.ImportFrom):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(module.split(".")[0] == "pytest_asyncio" for module in modules):
                return True
        return any(mark.name == "asyncio" for mark in self._all_marks())

    @cached_property
    def uses_other_async_runner(self) -> bool:
        """anyio, trio or aiohttp's plugin drive some tests here: marks, an ``anyio_backend`` fixture or
        parameter, or one of their plugins loaded through ``pytest_plugins``."""
        if "anyio_backend" in self.fixtures:
            return True
        if any(plugin.split(".")[0] in _OTHER_RUNNER_PLUGINS for plugin in self.pytest_plugins):
            return True
        if any(mark.name in ("anyio", "trio") for mark in self._all_marks()):
            return True
        return any(arg.arg == "anyio_backend" for function, _, _ in self.functions for arg in function.args.args)

    def _all_marks(self):
        yield from self.module_marks
        for function, class_node, _ in self.functions:
            yield from self.decorator_marks(function)
            if class_node is not None:
                yield from self.decorator_marks(class_node)
                yield from self.pytestmark(class_node)

    @cached_property
    def mark_hooks(self) -> tuple[MarkHook, ...]:
        """Asyncio marks added by ``pytest_collection_modifyitems`` (the pytest-asyncio how-to)."""
        hooks = []
        for function, class_node, _ in self.functions:
            if class_node is not None or function.name != "pytest_collection_modifyitems":
                continue
            nodes = list(ast.walk(function))
            calls = [node for node in nodes if isinstance(node, ast.Call)]
            prepends = any(literal(k.value) is False for call in calls for k in call.keywords if k.arg == "append")
            callees = {id(call.func) for call in calls}
            for node in nodes:
                if isinstance(node, (ast.Call, ast.Attribute)) and id(node) not in callees:
                    mark = self.mark_of(node)  # ``pytest.mark.asyncio(loop_scope=...)`` or the bare mark
                    if mark and mark.name == "asyncio":
                        hooks.append(MarkHook(mark.keyword("loop_scope"), prepends, self.path, node.lineno))
        return tuple(hooks)

    @cached_property
    def edited_config_keys(self) -> frozenset[str]:
        """pytest-asyncio settings this file rewrites in code (``config.option.asyncio_mode = …``)."""
        edited: set[str] = set()
        if not _CONFIG_EDIT_WORDS.search(self.source):
            return frozenset()  # nothing in the text can edit them: skip printing every subscript
        syntax = self.syntax
        for node in syntax.nodes(ast.Attribute):
            if isinstance(node.ctx, ast.Store) and node.attr in ASYNC_KEYS:
                edited.add(node.attr)
        for node in [*syntax.nodes(ast.Subscript), *syntax.nodes(ast.Call)]:
            is_setattr = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr"
            if isinstance(node, ast.Call) and not is_setattr:
                continue
            if isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Store):
                continue
            try:
                text = ast.unparse(node)
            except RecursionError:  # nested too deeply to print, so unreadable: every key is unknown
                edited.update(ASYNC_KEYS)
                continue
            if is_setattr or any(internal in text for internal in _CONFIG_INTERNALS):
                named = [key for key in ASYNC_KEYS if key in text]
                if named or isinstance(node, ast.Subscript):
                    edited.update(named or ASYNC_KEYS)
        return frozenset(edited)


def matches(name: str, patterns: tuple[str, ...]) -> bool:
    """pytest's python_functions/python_classes matching: prefix, or glob when it has wildcards."""
    return any(fnmatch(name, pattern) if any(c in pattern for c in "*?[") else name.startswith(pattern)
               for pattern in patterns)


def _has_init(class_node: ast.ClassDef) -> bool:
    """pytest does not collect test classes with an ``__init__`` (it warns instead)."""
    return any(isinstance(s, ast.FunctionDef) and s.name == "__init__" for s in class_node.body)


def _blocks(statement: ast.stmt) -> list[list[ast.stmt]]:
    blocks = [statement.body]
    blocks += [getattr(statement, name) for name in ("orelse", "finalbody") if getattr(statement, name, None)]
    blocks += [handler.body for handler in getattr(statement, "handlers", ())]
    return blocks


def _statements(body: list[ast.stmt]):
    """Statements of a body, and of the if/try/with blocks in it (not of nested functions or classes)."""
    for statement in body:
        yield statement
        if isinstance(statement, _BLOCKS):
            for block in _blocks(statement):
                yield from _statements(block)


def _assigned_names(statement: ast.stmt) -> set[str]:
    if isinstance(statement, ast.Assign):
        return {target.id for target in statement.targets if isinstance(target, ast.Name)}
    if isinstance(statement, ast.AnnAssign) and statement.value is not None and isinstance(statement.target, ast.Name):
        return {statement.target.id}
    return set()


_FILE_CACHE: OrderedDict[tuple, FileFacts] = OrderedDict()
_FILE_CACHE_SIZE = 256


def file_stamp(path: str) -> tuple | None:
    """What changes when a file is edited or replaced, even within one timestamp tick."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


def load_file(path: str, test_patterns: tuple = DEFAULT_TEST_PATTERNS) -> FileFacts | None:
    """Facts of a file on disk (conftest, plugin, app module), parsed once per stamp; None if unreadable."""
    path = os.path.abspath(path)
    stamp = file_stamp(path)
    if stamp is None:
        return None
    key = (path, stamp, test_patterns)
    cached = _FILE_CACHE.get(key)
    if cached is not None:
        _FILE_CACHE.move_to_end(key)
        return cached
    try:
        with open(path, "rb") as handle:
            source = decode_source(handle.read())
        facts = FileFacts(path, source, test_patterns=test_patterns)
        facts.syntax  # parse now so a broken file is rejected here, not inside a rule
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError):
        return None
    _FILE_CACHE[key] = facts
    if len(_FILE_CACHE) > _FILE_CACHE_SIZE:
        _FILE_CACHE.popitem(last=False)
    return facts


def decode_source(data: bytes) -> str:
    """Decode the way Python does: BOM, then a coding cookie, else UTF-8."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)
