"""Small libcst rewrites the fixers share: keyword arguments, removals from comma lists, decorators.

Comma lists (arguments, parameters, dictionary items) keep their layout: an added item copies
the separator its neighbours use (", " on one line, a newline and the indentation in a
multi-line call with a trailing comma), and a removed last item hands its own comma (a trailing
comma, the newline before the closing bracket) to the item that now ends the list.
"""

from __future__ import annotations

import libcst as cst

_SPACE = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def expression(code: str) -> cst.BaseExpression:
    return cst.parse_expression(code)


def string(value: str) -> cst.SimpleString:
    return cst.SimpleString(f'"{value}"')


def keyword_of(call: cst.Call, name: str) -> cst.Arg | None:
    return next((arg for arg in call.args if arg.keyword is not None and arg.keyword.value == name), None)


def with_keyword(call: cst.Call, name: str, value: cst.BaseExpression, replacing: tuple[str, ...] = ()) -> cst.Call:
    """``call`` with ``name=value``: an existing ``name=`` (else the first keyword of ``replacing``) takes the new
    value in place and the other ones go; without any, ``name=value`` is added last."""
    matching = [arg for arg in call.args if arg.keyword is not None and arg.keyword.value in (name, *replacing)]
    if not matching:
        new = cst.Arg(keyword=cst.Name(name), value=value,
                      equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                            whitespace_after=cst.SimpleWhitespace("")))
        return call.with_changes(args=appended(call.args, new, call.whitespace_before_args))
    kept = next((arg for arg in matching if arg.keyword.value == name), matching[0])
    args = list(call.args)
    for extra in matching:
        if extra is not kept:
            args = without(args, extra)
    return call.with_changes(args=[arg.with_changes(keyword=cst.Name(name), value=value) if arg is kept else arg
                                   for arg in args])


def appended(items, new, opening=None) -> list:
    """``items`` (nodes with a ``comma``) and ``new`` at the end, separated the way the list already is."""
    items = list(items)
    if not items:
        return [new]
    last = items[-1]
    separator = next((item.comma for item in items[:-1] if isinstance(item.comma, cst.Comma)), None)
    if separator is None:
        trailing = isinstance(last.comma, cst.Comma) and \
            isinstance(last.comma.whitespace_after, cst.ParenthesizedWhitespace)
        separator = cst.Comma(whitespace_after=opening) if trailing and opening is not None else _SPACE
    return [*items[:-1], last.with_changes(comma=separator), new.with_changes(comma=last.comma)]


def without(items, removed) -> list:
    """``items`` without ``removed``; when it was last, the new last item ends the list as it did."""
    items = list(items)
    index = next(i for i, item in enumerate(items) if item is removed)
    kept = items[:index] + items[index + 1:]
    if index == len(items) - 1 and kept:
        kept[-1] = kept[-1].with_changes(comma=removed.comma)
    return kept


def with_decorator_first(function: cst.FunctionDef, code: str) -> cst.FunctionDef:
    return function.with_changes(decorators=[cst.Decorator(decorator=expression(code)), *function.decorators])


def root_name(node: cst.BaseExpression) -> str | None:
    """The name an expression starts from: ``pytest`` for ``pytest.fixture``, ``fixture`` for ``fixture``."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def names_in(node: cst.CSTNode) -> set[str]:
    """Every plain name read or written inside ``node``."""
    found: set[str] = set()

    class _Names(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            found.add(name.value)

    node.visit(_Names())
    return found


def body_insert_index(body: cst.IndentedBlock) -> int:
    """Where statements go at the top of a function body: after its docstring."""
    first = body.body[0] if body.body else None
    if isinstance(first, cst.SimpleStatementLine) and isinstance(first.body[0], cst.Expr) and \
            isinstance(first.body[0].value, (cst.SimpleString, cst.ConcatenatedString)):
        return 1
    return 0
