"""What a module declares to pytest beyond its fixtures and tests: imports that register fixtures,
``pytest_plugins``, ``collect_ignore``, hooks that add asyncio marks, config settings rewritten in code, and
signs of which plugin runs its async tests.  A mixin of ``files.FileFacts``, which provides ``syntax``,
``names``, ``module``, ``source``, ``fixtures``, ``functions`` and the marks."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cached_property

from ..syntax.names import absolute_module
from ..syntax.nodes import assigned_names, block_statements, literal
from .config import ASYNC_KEYS

_CONFIG_INTERNALS = ("_inicache", "inicfg", "_override_ini")
_CONFIG_EDIT_WORDS = re.compile("|".join((*_CONFIG_INTERNALS, *ASYNC_KEYS)))
_OTHER_RUNNER_PLUGINS = frozenset({"aiohttp", "pytest_aiohttp", "anyio", "pytest_trio", "trio"})


@dataclass(frozen=True)
class MarkHook:
    """A ``pytest_collection_modifyitems`` hook that adds asyncio marks to collected tests."""

    loop_scope: object  # literal loop scope of the added mark, None for the bare mark, or UNKNOWN
    prepends: bool  # add_marker(..., append=False) beats the test's own decorator marks
    path: str
    line: int


class ModuleDeclarations:
    """Module-level declarations, each read once per file."""

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
        for statement in block_statements(self.module.body):
            if "__all__" in assigned_names(statement) and isinstance(statement.value, (ast.List, ast.Tuple)):
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
        for statement in block_statements(self.module.body):
            if variable in assigned_names(statement):
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
