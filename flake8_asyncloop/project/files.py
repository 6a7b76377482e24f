"""What one Python file declares for pytest: fixtures, tests, marks, hooks, imports.

Built from source only (the linted buffer, or a conftest/plugin/app module read from disk
and cached by its stat stamp), never by importing it.  Every literal we cannot read
(``scope=some_callable``) becomes ``UNKNOWN``.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cached_property

from ..syntax import NameResolver, SyntaxTree
from ..syntax.nodes import BLOCKS, assigned_names, block_statements, blocks_of, is_main_guard, keyword_literals, \
    requested_parameters
from .declarations import ModuleDeclarations
from .modules import package_of

FIXTURE_DECORATORS = {
    "pytest.fixture": "pytest",
    "pytest.yield_fixture": "pytest",
    "pytest_asyncio.fixture": "pytest_asyncio",
}
_FIXTURE_KEYWORDS = ("scope", "loop_scope", "autouse", "name", "params")
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


class FileFacts(ModuleDeclarations):
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
        if self._tree is not None:  # the linted file: every rule reads all of it
            return SyntaxTree(self._tree)
        # A project file read from disk: most of it is never asked about.  A ``global`` in a function binds a
        # module name from inside a body, so such a file is walked whole.
        return SyntaxTree(ast.parse(self.source, filename=self.path), defer_function_bodies="global" not in self.source)

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
        for statement in block_statements(body_owner.body):
            if "pytestmark" in assigned_names(statement):
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
                elif isinstance(statement, BLOCKS) and class_node is None:
                    if isinstance(statement, ast.If) and is_main_guard(statement.test):
                        continue
                    for block in blocks_of(statement):
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


def matches(name: str, patterns: tuple[str, ...]) -> bool:
    """pytest's python_functions/python_classes matching: prefix, or glob when it has wildcards."""
    return any(fnmatch(name, pattern) if any(c in pattern for c in "*?[") else name.startswith(pattern)
               for pattern in patterns)


def _has_init(class_node: ast.ClassDef) -> bool:
    """pytest does not collect test classes with an ``__init__`` (it warns instead)."""
    return any(isinstance(s, ast.FunctionDef) and s.name == "__init__" for s in class_node.body)
