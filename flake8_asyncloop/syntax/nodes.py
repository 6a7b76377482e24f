"""Small questions about single ``ast`` nodes: literals, arguments, dotted chains, parameters."""

from __future__ import annotations

import ast

from ..verdict import UNKNOWN

LITERAL_TYPES = (str, bool, int, type(None))
BLOCKS = (ast.If, ast.Try, ast.With, ast.AsyncWith) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())


def literal(node: ast.AST | None) -> object:
    """A str/bool/int/None constant's value, else UNKNOWN."""
    if isinstance(node, ast.Constant) and isinstance(node.value, LITERAL_TYPES):
        return node.value
    return UNKNOWN


def is_string(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def keyword_value(call: ast.Call, name: str) -> ast.AST | None:
    return next((keyword.value for keyword in call.keywords if keyword.arg == name), None)


def argument(call: ast.Call, position: int | None, name: str) -> ast.AST | None:
    """The argument passed at ``position`` (before any ``*args``) or as ``name=``."""
    if position is not None:
        for index, given in enumerate(call.args):
            if isinstance(given, ast.Starred):
                break
            if index == position:
                return given
    return keyword_value(call, name)


def has_double_star(call: ast.Call) -> bool:
    return any(keyword.arg is None for keyword in call.keywords)


def keyword_literals(call: ast.Call | None, names: tuple[str, ...]) -> dict[str, object]:
    """Literal values of keyword arguments; every name is UNKNOWN when ``**kwargs`` is passed."""
    if call is None:
        return {}
    if has_double_star(call):
        return dict.fromkeys(names, UNKNOWN)
    return {keyword.arg: literal(keyword.value) for keyword in call.keywords if keyword.arg in names}


def dotted_parts(node: ast.AST) -> list[str] | None:
    """``request.app.state.db`` as its names, or None when the chain holds anything but names."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def callee_name(call: ast.AST) -> str | None:
    """The last name of a call's callee (``usefixtures`` in ``pytest.mark.usefixtures(...)``)."""
    if not isinstance(call, ast.Call):
        return None
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def text(node: ast.AST) -> str:
    """Source-like text of an expression, for messages."""
    try:
        return ast.unparse(node)
    except (ValueError, RecursionError, AttributeError):
        return "<expression>"


def is_main_guard(test: ast.AST) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    names = [side for side in sides if isinstance(side, ast.Name) and side.id == "__name__"]
    strings = [side for side in sides if isinstance(side, ast.Constant) and side.value == "__main__"]
    return len(names) == 1 and len(strings) == 1


def parameters(function: ast.AST) -> list[ast.arg]:
    arguments = function.args
    found = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    return found + [a for a in (arguments.vararg, arguments.kwarg) if a is not None]


def requested_parameters(function: ast.AST, is_method: bool) -> list[ast.arg]:
    """Parameters pytest fills with fixtures (not ``self``/``cls``, not ones with defaults, not ``*args``)."""
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    if is_method and positional and not is_staticmethod(function):
        positional = positional[1:]
    if arguments.defaults:
        positional = positional[: len(positional) - len(arguments.defaults)]
    keyword_only = [arg for arg, default in zip(arguments.kwonlyargs, arguments.kw_defaults) if default is None]
    return positional + keyword_only


def default_of(function: ast.AST, parameter: ast.arg) -> ast.AST | None:
    """The default value written for a parameter, if any (``Depends(get_db)``)."""
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    if parameter in positional:
        index = positional.index(parameter) - (len(positional) - len(arguments.defaults))
        return arguments.defaults[index] if index >= 0 else None
    for arg, default in zip(arguments.kwonlyargs, arguments.kw_defaults):
        if arg is parameter:
            return default
    return None


def is_staticmethod(function: ast.AST) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in getattr(function, "decorator_list", ()))


def strip_optional(annotation: ast.AST) -> ast.AST:
    """``X | None`` and ``Optional[X]`` → ``X``; ``Annotated[X, ...]`` → ``X``."""
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        for side, other in ((annotation.left, annotation.right), (annotation.right, annotation.left)):
            if isinstance(other, ast.Constant) and other.value is None:
                return side
    if isinstance(annotation, ast.Subscript):
        parts = dotted_parts(annotation.value)
        if parts and parts[-1] in ("Optional", "Annotated"):
            inner = annotation.slice
            if isinstance(inner, ast.Tuple) and inner.elts:
                return inner.elts[0]
            return inner
    return annotation


def blocks_of(statement: ast.stmt) -> list[list[ast.stmt]]:
    """The bodies of an if/try/with statement (its branches and handlers)."""
    blocks = [statement.body]
    blocks += [getattr(statement, name) for name in ("orelse", "finalbody") if getattr(statement, name, None)]
    blocks += [handler.body for handler in getattr(statement, "handlers", ())]
    return blocks


def block_statements(body: list[ast.stmt]):
    """Statements of a body, and of the if/try/with blocks in it (not of nested functions or classes)."""
    for statement in body:
        yield statement
        if isinstance(statement, BLOCKS):
            for block in blocks_of(statement):
                yield from block_statements(block)


def assigned_names(statement: ast.stmt) -> set[str]:
    """Plain names a statement assigns (``x = ...``, ``x: T = ...``)."""
    if isinstance(statement, ast.Assign):
        return {target.id for target in statement.targets if isinstance(target, ast.Name)}
    if isinstance(statement, ast.AnnAssign) and statement.value is not None and isinstance(statement.target, ast.Name):
        return {statement.target.id}
    return set()
