"""Apply the accepted fixes of one file in one walk of its libcst tree.

Each edit is a function of the node as the walk leaves it, children already edited, so edits of
nested nodes compose (``pytest.fixture`` renamed inside a decorator that also gains
``loop_scope=``), and several edits of one node run in turn.  Imports are settled last, once: an
import a fix asked for but the combined edits do not use is not left behind.
"""

from __future__ import annotations

import libcst as cst

from .imports import add_import, drop_unused, name_uses
from .model import Fix, NodeEdit
from .source import SourceFile


class _Edits(cst.CSTTransformer):
    def __init__(self, edits: dict[int, list[NodeEdit]]) -> None:
        super().__init__()
        self._edits = edits

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
        for edit in self._edits.get(id(original_node), ()):
            if not isinstance(updated_node, cst.CSTNode):
                break  # removed by an earlier edit of the same node
            updated_node = edit(updated_node)
        return updated_node


def fixed_source(file: SourceFile, fixes: list[Fix]) -> str:
    edits: dict[int, list[NodeEdit]] = {}
    for fix in fixes:
        for node, edit in fix.edits:
            edits.setdefault(id(node), []).append(edit)
    used_before = name_uses(file.module)
    module = file.module.visit(_Edits(edits)) if edits else file.module
    added = []
    for need in dict.fromkeys(need for fix in fixes for need in fix.imports):
        module, name = add_import(module, need)
        if name is not None:
            added.append(name)
            used_before[name] = used_before.get(name, 0) + 1
    candidates = [*(name for fix in fixes for name in fix.unused_after), *added]
    module = drop_unused(module, list(dict.fromkeys(candidates)), used_before)
    code = module.code
    return "" if not module.body and not code.strip() else code  # everything went: an empty file, not blank lines
