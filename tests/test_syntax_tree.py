"""A project file's function bodies may be walked late; every answer must be the one the whole walk gives."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flake8_asyncloop.syntax import SyntaxTree

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*(ROOT / "flake8_asyncloop").rglob("*.py"), *(ROOT / "tests" / "data").rglob("*.py")])
SAMPLE = [path for index, path in enumerate(SOURCES) if index % 7 == 0]  # a spread of real files, kept quick


def answer(lookup: tuple) -> tuple:
    scope, found = lookup
    return (scope.node if scope is not None else None, found)


def bindings(tree: SyntaxTree) -> dict:
    return {key: {name: [id(b) for b in found] for name, found in scope.bindings.items()}
            for key, scope in tree.scopes.items()}


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_deferred_bodies_answer_as_the_whole_walk(path: Path) -> None:
    module = ast.parse(path.read_text())
    whole, lazy = SyntaxTree(module), SyntaxTree(module, defer_function_bodies=True)
    functions = [node for node in ast.walk(module) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    # Module-level questions need no body.
    assert lazy.module_scope.bindings.keys() == whole.module_scope.bindings.keys()
    for function in functions[::2]:  # some bodies first, one by one, through their own nodes
        assert lazy.own_nodes(function, ast.Call, ast.Return) == whole.own_nodes(function, ast.Call, ast.Return)
    names = [node for node in ast.walk(module) if isinstance(node, ast.Name)]
    for name in names[::5]:  # then a question about any node
        assert answer(lazy.lookup(name)) == answer(whole.lookup(name))
        assert lazy.parent(name) is whole.parent(name)
        assert lazy.function_of(name) is whole.function_of(name)
    for kind in (ast.Call, ast.Name, ast.FunctionDef, ast.AsyncFunctionDef, ast.Attribute):
        # The same nodes; in source order of their start (the whole walk's order differs only between
        # nodes that start together, or inside comprehensions).
        found = lazy.nodes(kind)
        assert {id(node) for node in found} == {id(node) for node in whole.nodes(kind)}
        assert found == sorted(found, key=lambda node: (node.lineno, node.col_offset))
    for function in functions:
        assert lazy.own_nodes(function, ast.Call, ast.Yield) == whole.own_nodes(function, ast.Call, ast.Yield)
    assert bindings(lazy) == bindings(whole)


def test_module_names_and_def_lines_are_there_before_any_body() -> None:
    module = ast.parse("import os\n\n\nasync def f(a):\n    b = os.getcwd()\n    return b\n\n\nX = f\n")
    lazy = SyntaxTree(module, defer_function_bodies=True)
    function = module.body[1]
    assert set(lazy.module_scope.bindings) == {"os", "f", "X"}
    assert lazy._deferred  # the body is not walked yet
    assert lazy.parent(function) is module
    assert [type(node) for node in lazy.own_nodes(function, ast.Return)] == [ast.Return]
    assert not lazy._deferred
    assert list(lazy.scopes[id(function)].bindings) == ["a", "b"]
