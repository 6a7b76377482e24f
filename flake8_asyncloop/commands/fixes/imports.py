"""Adding the imports a fix needs and dropping the ones it leaves unused, on a libcst module.

A new ``from module import name`` joins an existing ``from module import ...`` line; anything
else gets a line of its own, next to the import it replaces (``pytest_asyncio`` where ``pytest``
was) or at its alphabetical place among the module's top-level imports.  An import is dropped
only when a fix made it unused: its name was used before the fix and is used nowhere after, and
its line carries no comment (``# noqa: F401`` keeps a re-export).  Comments above a dropped line
move to the line that follows it.
"""

from __future__ import annotations

import libcst as cst

from .model import ImportNeed


def add_import(module: cst.Module, need: ImportNeed) -> tuple[cst.Module, str | None]:
    """``module`` with the import, and the name the import added (None when it was there already)."""
    body = list(module.body)
    imports = [(index, statement) for index, statement in enumerate(body) if _import_of(statement) is not None]
    if need.name is not None:
        for index, statement in imports:
            node = _import_of(statement)
            if isinstance(node, cst.ImportFrom) and _dotted(node.module) == need.module and not node.relative:
                if isinstance(node.names, cst.ImportStar) or any(_dotted(a.name) == need.name for a in node.names):
                    return module, None
                body[index] = statement.with_changes(body=[node.with_changes(names=_joined(node.names, need.name))])
                return module.with_changes(body=body), need.name
    elif any(isinstance(_import_of(s), cst.Import) and any(_dotted(a.name) == need.module and a.asname is None
                                                           for a in _import_of(s).names) for _, s in imports):
        return module, None
    line = cst.parse_statement(f"from {need.module} import {need.name}\n" if need.name else f"import {need.module}\n")
    position, takes_place = _position(body, imports, need)
    if takes_place:
        # Blank lines and comments above the import it goes before now sit above the new one.
        line = line.with_changes(leading_lines=body[position].leading_lines)
        body[position] = body[position].with_changes(leading_lines=[])
    body.insert(position, line)
    return module.with_changes(body=body), need.name or need.module.split(".")[0]


def _joined(names, name: str) -> list[cst.ImportAlias]:
    """``names`` with ``name`` added: in alphabetical place when the names are sorted, else last."""
    names = list(names)
    texts = [_dotted(alias.name) for alias in names]
    index = len(names)
    if texts == sorted(texts, key=str.lower):
        index = next((i for i, text in enumerate(texts) if text.lower() > name.lower()), len(names))
    separator = next((alias.comma for alias in names if alias.comma is not cst.MaybeSentinel.DEFAULT),
                     cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    new = cst.ImportAlias(name=cst.Name(name))
    if index < len(names):
        return [*names[:index], new.with_changes(comma=separator), *names[index:]]
    last = names[-1]
    return [*names[:-1], last.with_changes(comma=separator), new.with_changes(comma=last.comma)]


def _position(body: list, imports: list, need: ImportNeed) -> tuple[int, bool]:
    """Where the new line goes, and whether it takes the place of the import there (before it)."""
    if need.beside is not None:
        for index, statement in imports:
            if need.beside in _bound_names(_import_of(statement)):
                return index + 1, False
    key = need.module.lower()
    for index, statement in imports:
        node = _import_of(statement)
        if _dotted(node.module if isinstance(node, cst.ImportFrom) else node.names[0].name).lower() > key:
            return index, True
    if imports:
        return imports[-1][0] + 1, False
    return (1 if body and _is_docstring(body[0]) else 0), False


def drop_unused(module: cst.Module, names: list[str], used_before: dict[str, int]) -> cst.Module:
    """Remove the import binding each of ``names`` when the fix made it unused (``used_before`` counts the uses
    before the fix; an import the fix added counts as used before, so it goes when the edits ended up not
    needing it)."""
    used_now = name_uses(module)
    for name in names:
        if used_before.get(name, 0) and not used_now.get(name, 0):
            module = _without_binding(module, name)
    return module


def name_uses(module: cst.Module) -> dict[str, int]:
    """How often each name is read outside import statements (``pytest`` in ``pytest.mark`` counts)."""
    counter = _NameUses()
    module.visit(counter)
    return counter.uses


class _NameUses(cst.CSTVisitor):
    def __init__(self) -> None:
        self.uses: dict[str, int] = {}

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.uses[node.value] = self.uses.get(node.value, 0) + 1

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)  # ``x.name``: the attribute is not a use of a variable called ``name``
        return False


def _without_binding(module: cst.Module, name: str) -> cst.Module:
    body = list(module.body)
    for index, statement in enumerate(body):
        node = _import_of(statement)
        if node is None or isinstance(getattr(node, "names", None), cst.ImportStar):
            continue
        if statement.trailing_whitespace.comment is not None:
            return module  # a comment on the line (``# noqa: F401``, a reason) says it stays
        kept = [alias for alias in node.names if _local_name(alias) != name]
        if len(kept) == len(node.names):
            continue
        if kept:
            if kept[-1] is not node.names[-1]:  # the last name went: its successor ends the list as it did
                kept[-1] = kept[-1].with_changes(comma=node.names[-1].comma)
            body[index] = statement.with_changes(body=[node.with_changes(names=kept)])
        else:
            del body[index]
            if index < len(body):
                body[index] = body[index].with_changes(
                    leading_lines=_merged_leading(statement.leading_lines, body[index].leading_lines, index == 0))
        return module.with_changes(body=body)
    return module


def _merged_leading(removed: list, following: list, at_top: bool) -> list:
    """Comments above a removed line stay (above the next one); its blank lines go, and so do the next line's
    when it becomes the first line of the module."""
    comments = [line for line in removed if line.comment is not None]
    if at_top and not comments:
        following = list(following)
        while following and following[0].comment is None:
            following.pop(0)
    return [*comments, *following]


def _import_of(statement) -> cst.Import | cst.ImportFrom | None:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
            isinstance(statement.body[0], (cst.Import, cst.ImportFrom)):
        return statement.body[0]
    return None


def _bound_names(node) -> set[str]:
    if node is None or isinstance(node.names, cst.ImportStar):
        return set()
    return {_local_name(alias) for alias in node.names}


def _local_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None:
        return alias.asname.name.value
    return _dotted(alias.name).split(".")[0]


def _dotted(node) -> str:
    if node is None:
        return ""
    if isinstance(node, cst.Name):
        return node.value
    return f"{_dotted(node.value)}.{node.attr.value}"


def _is_docstring(statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and isinstance(statement.body[0], cst.Expr) and \
        isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
