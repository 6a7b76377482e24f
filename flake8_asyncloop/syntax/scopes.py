"""Python's name scopes for one file, filled during the tree walk.

A binding is the node that gives a name its value: an assigned ``ast.Name``, a parameter
(``ast.arg``), a ``def``/``class``, an ``ast.alias`` of an import, an ``except ... as``
handler or a ``match`` capture.  No flow analysis: every binding of a name in its scope
counts, and callers decide what several bindings mean (usually: agree or stay silent).
"""

from __future__ import annotations

import ast


class Scope:
    """A module, function, lambda, class or comprehension body and the names bound in it."""

    __slots__ = ("node", "parent", "kind", "bindings", "global_names", "nonlocal_names", "star_imports",
                 "_walrus_targets")

    def __init__(self, node: ast.AST, parent: Scope | None, kind: str) -> None:
        self.node = node
        self.parent = parent
        self.kind = kind  # "module", "function", "class" or "comprehension"
        self.bindings: dict[str, list[ast.AST]] = {}
        self.global_names: set[str] = set()
        self.nonlocal_names: set[str] = set()
        self.star_imports: list[ast.ImportFrom] = []
        self._walrus_targets: set[int] = set()

    def bind(self, name: str, binding: ast.AST) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def root(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def resolve(self, name: str) -> tuple[Scope | None, list[ast.AST]]:
        """Where a use of ``name`` in this scope finds its value (``(None, [])``: a builtin or undefined)."""
        scope: Scope | None = self
        innermost = True
        while scope is not None:
            if name in scope.global_names:
                scope, innermost = scope.root(), False
            elif name in scope.nonlocal_names:
                scope, innermost = scope.parent, False
                continue
            if name in scope.bindings and (innermost or scope.kind != "class"):
                return scope, scope.bindings[name]
            innermost = False
            scope = scope.parent
        return None, []

    def _binding_scope(self, name: str) -> Scope:
        """Where an assignment to ``name`` made in this scope lands (``global`` moves it to the module)."""
        if name in self.global_names:
            return self.root()
        if name in self.nonlocal_names:
            scope = self.parent
            while scope is not None and (scope.kind == "class" or name not in scope.bindings):
                scope = scope.parent
            return scope or self
        return self


def bind_targets(node: ast.AST, scope: Scope, module_scope: Scope) -> None:
    """Record what ``node`` binds in ``scope`` (called once per node during the walk)."""
    kind = type(node)
    if kind is ast.Name:
        if isinstance(node.ctx, ast.Store) and id(node) not in scope._walrus_targets:
            scope._binding_scope(node.id).bind(node.id, node)
    elif kind is ast.arg:
        scope.bind(node.arg, node)
    elif kind is ast.Import:
        for alias in node.names:
            bound = alias.asname or alias.name.split(".")[0]
            scope._binding_scope(bound).bind(bound, alias)
    elif kind is ast.ImportFrom:
        for alias in node.names:
            if alias.name == "*":
                scope.star_imports.append(node)
            else:
                bound = alias.asname or alias.name
                scope._binding_scope(bound).bind(bound, alias)
    elif kind is ast.Global:
        scope.global_names.update(node.names)
    elif kind is ast.Nonlocal:
        scope.nonlocal_names.update(node.names)
    elif kind is ast.NamedExpr and isinstance(node.target, ast.Name):
        target_scope = scope
        while target_scope.kind == "comprehension" and target_scope.parent is not None:
            target_scope = target_scope.parent
        if target_scope is not scope:
            scope._walrus_targets.add(id(node.target))
            target_scope._binding_scope(node.target.id).bind(node.target.id, node.target)
    elif kind is ast.ExceptHandler and node.name:
        scope._binding_scope(node.name).bind(node.name, node)
    elif kind in (ast.MatchAs, ast.MatchStar) and node.name:
        scope._binding_scope(node.name).bind(node.name, node)
    elif kind is ast.MatchMapping and node.rest:
        scope._binding_scope(node.rest).bind(node.rest, node)
