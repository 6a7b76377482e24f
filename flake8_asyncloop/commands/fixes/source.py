"""One file under repair: its libcst tree, the analysis it was linted with, and the way from a reported
position to the node there.

flake8 reports a line and a 0-based column counted in UTF-8 bytes (``ast``'s ``col_offset``);
libcst counts characters.  The conversion happens once, here, so a line holding non-ASCII text
before the finding still lands on the right node.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cached_property

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from ...context import FileContext
from ...registry import Finding


class SourceFile:
    def __init__(self, path: str, source: str, context: FileContext) -> None:
        self.path = path
        self.source = source
        self.context = context
        self._lines = source.splitlines()
        wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)  # a fresh tree: no copy needed
        self.module = wrapper.module
        metadata = wrapper.resolve_many([ParentNodeProvider, PositionProvider])  # one walk for both
        self._parents = metadata[ParentNodeProvider]
        self._at: dict[tuple[int, int], list[cst.CSTNode]] = {}
        for node, where in metadata[PositionProvider].items():
            self._at.setdefault((where.start.line, where.start.column), []).append(node)

    # -- positions ---------------------------------------------------------------------------

    def nodes_at(self, finding: Finding, *kinds: type) -> list[cst.CSTNode]:
        """Nodes of these kinds starting where the finding is reported, innermost first."""
        key = (finding.line, self._character_column(finding.line, finding.col))
        return [node for node in self._at.get(key, ()) if isinstance(node, kinds)]

    def node_at(self, finding: Finding, *kinds: type) -> cst.CSTNode | None:
        found = self.nodes_at(finding, *kinds)
        return found[-1] if found else None  # the outermost: `a.b()` rather than `a`

    def _character_column(self, line: int, byte_column: int) -> int:
        text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        return len(text.encode("utf-8")[:byte_column].decode("utf-8", errors="ignore"))

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self._parents.get(node)

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        current = self._parents.get(node)
        while current is not None:
            yield current
            current = self._parents.get(current)

    def enclosing_function(self, node: cst.CSTNode) -> cst.FunctionDef | None:
        return next((a for a in self.ancestors(node) if isinstance(a, (cst.FunctionDef, cst.Lambda))), None)

    def ast_node_at(self, finding: Finding, *kinds: type) -> ast.AST | None:
        """The analysis' own node where the finding is reported (to ask the context about it)."""
        for node in self.context.facts.syntax.nodes(*kinds):
            if getattr(node, "lineno", None) == finding.line and getattr(node, "col_offset", None) == finding.col:
                return node
        return None

    # -- names -----------------------------------------------------------------------------------

    @cached_property
    def _imports(self) -> list[ast.stmt]:
        return [s for s in self.context.facts.module.body if isinstance(s, (ast.Import, ast.ImportFrom))]

    def module_alias(self, module: str) -> str | None:
        """The local name of ``import module`` (or ``import module as alias``) at module level."""
        for statement in self._imports:
            if isinstance(statement, ast.Import):
                for alias in statement.names:
                    if alias.name == module:
                        return alias.asname or alias.name
        return None

    def imported_name(self, module: str, name: str) -> str | None:
        """The local name of ``from module import name`` at module level."""
        for statement in self._imports:
            if isinstance(statement, ast.ImportFrom) and statement.module == module and not statement.level:
                for alias in statement.names:
                    if alias.name == name:
                        return alias.asname or name
        return None

    def is_free(self, name: str) -> bool:
        """No module-level binding of ``name`` exists (so an import may bind it)."""
        return name not in self.context.facts.syntax.module_scope.bindings

    def qualname(self, node: ast.AST) -> str | None:
        return self.context.qualname(node)
