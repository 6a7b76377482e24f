"""Build astroid modules without importing, inferring or caching anything global.

``AstroidBuilder.string_build`` re-parses the source, registers the module in
astroid's process-wide cache and resolves ``from x import *`` by importing
``x``: slow, unbounded, and it would make verdicts depend on what is installed
next to flake8.  We rebuild flake8's already-parsed ``ast`` tree with astroid's
``TreeRebuilder`` instead and add the import-bound names to the scopes
ourselves, skipping star imports.
"""

from __future__ import annotations

import ast
import warnings

from astroid import nodes
from astroid.manager import AstroidManager
from astroid.rebuilder import TreeRebuilder

_MODNAME = "flake8_asyncloop_linted"


class NestedTooDeeply(RecursionError):
    """Python accepts the file but astroid cannot rebuild it within the recursion limit: no fact can be read."""


def build_module(source: str, path: str, tree: ast.Module | None = None) -> nodes.Module:
    """Return the astroid module for ``source``; raise SyntaxError if it does not parse."""
    if tree is None:
        tree = ast.parse(source, filename=path)
    with warnings.catch_warnings():
        # astroid warns on stderr (RecursionError hints); nothing may leak into flake8's output.
        warnings.simplefilter("ignore")
        rebuilder = TreeRebuilder(AstroidManager(), data=source)
        try:
            module = rebuilder.visit_module(tree, _MODNAME, path, False)
        except RecursionError as error:
            raise NestedTooDeeply(path) from error
        for entry in rebuilder._import_from_nodes:
            # astroid 4 records (node, names declared global); astroid 3 the node alone.
            import_from, global_names = entry if isinstance(entry, tuple) else (entry, ())
            _bind_from_import_names(import_from, global_names)
    return module


def _bind_from_import_names(import_from: nodes.ImportFrom, global_names) -> None:
    """Make ``from m import a as b`` bind ``b`` in its scope, as astroid's builder does."""
    module = import_from.root()
    for name, asname in import_from.names:
        if name == "*":
            continue
        bound = asname or name
        owner = module if bound in global_names else import_from.parent
        owner.set_local(bound, import_from)
        owner.scope().locals[bound].sort(key=lambda node: node.fromlineno or 0)
