"""setup.py, read with ``ast`` and never run: running a linted project's code is not an option.

Only literal values are understood: ``install_requires=[...]``, ``tests_require=[...]`` and
``extras_require={...}`` written in the ``setup(...)`` call, or a module-level name assigned such a literal
(``REQUIRES = [...]`` ... ``install_requires=REQUIRES``).  Anything computed is skipped.  Origins carry the
line of each requirement string, e.g. ``setup.py:14``.
"""
from __future__ import annotations

import ast
from pathlib import Path

from .declarations import Declaration, declaration_from_pep508

_LIST_KEYWORDS = ("install_requires", "tests_require")


def read_setup_py(path: Path, origin_file: str) -> list[Declaration]:
    """Declarations of the ``setup()`` call(s) in ``path``; ``SyntaxError``/``OSError`` for unreadable files."""
    module = ast.parse(path.read_bytes(), filename=str(path))
    assigned = _module_level_literals(module)
    found: list[Declaration] = []
    for call in _setup_calls(module):
        for keyword in call.keywords:
            value = _literal(keyword.value, assigned)
            if keyword.arg in _LIST_KEYWORDS:
                found += _strings(value, origin_file, assigned)
            elif keyword.arg == "extras_require" and isinstance(value, ast.Dict):
                for extra_value in value.values:
                    found += _strings(extra_value, origin_file, assigned)
    return found


def _setup_calls(module: ast.Module) -> list[ast.Call]:
    """Calls of ``setup(...)`` or ``<anything>.setup(...)`` anywhere in the module (often under ``if __name__``)."""
    calls = []
    for node in ast.walk(module):
        if isinstance(node, ast.Call):
            function = node.func
            name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", None)
            if name == "setup":
                calls.append(node)
    return calls


def _module_level_literals(module: ast.Module) -> dict[str, ast.expr]:
    """``NAME = <list, tuple or dict display>`` at module level; the last assignment wins, as at run time."""
    assigned: dict[str, ast.expr] = {}
    for statement in module.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, (ast.List, ast.Tuple, ast.Dict)):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    assigned[target.id] = statement.value
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.value:
            assigned[statement.target.id] = statement.value
    return assigned


def _literal(node: ast.expr, assigned: dict[str, ast.expr]) -> ast.expr:
    """``node`` itself, or the literal a module-level name was assigned."""
    return assigned.get(node.id, node) if isinstance(node, ast.Name) else node


def _strings(node: ast.expr, origin_file: str, assigned: dict[str, ast.expr]) -> list[Declaration]:
    node = _literal(node, assigned)
    if not isinstance(node, (ast.List, ast.Tuple)):
        return []
    found = []
    for element in node.elts:
        if isinstance(element, ast.Constant) and isinstance(element.value, str):
            declaration = declaration_from_pep508(element.value, f"{origin_file}:{element.lineno}")
            if declaration is not None:
                found.append(declaration)
    return found
