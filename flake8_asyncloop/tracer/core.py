"""The value tracer: what an expression can hold, where it was made, on which loop, and the proof.

One place follows a name to its value, for every rule: through assignments, ``async with``
targets, returns and yields of project functions, fixture values across the whole fixture
graph, FastAPI ``Depends``, ``self.x``, ``app.state.x``, project-local imports (package
re-exports and ``import pkg.mod as m; m.x`` included) and project classes.  Nothing is
imported or inferred; whatever cannot be read is UNKNOWN and rules stay silent on it.
"""

from __future__ import annotations

import ast
from dataclasses import replace

from ..catalog import SERVER, TASK, Catalogue, Factory
from ..project.files import FileFacts, Fixture, TestFunction
from ..project.loading import load_file
from ..verdict import Verdict
from .apps import AppsMixin
from .bindings import BindingsMixin
from .calls import CallsMixin
from .value import DATA, NONE, UNKNOWN_VALUE, Value, holding, merge

_MAX_DEPTH = 14
_DATA_NODES = (ast.Constant, ast.JoinedStr, ast.FormattedValue, ast.Compare, ast.Lambda, ast.ListComp,
               ast.SetComp, ast.DictComp, ast.GeneratorExp)


class Tracer(CallsMixin, BindingsMixin, AppsMixin):
    """Traces values of the linted file and of the project files it leads to."""

    def __init__(self, facts: FileFacts, fixtures, loops, catalogue: Catalogue, roots_of, relative) -> None:
        self.facts = facts  # the linted file
        self.fixtures = fixtures  # project.fixtures.FixtureIndex
        self.loops = loops  # project.loops.LoopModel
        self.catalogue = catalogue
        self.roots_of = roots_of  # path -> directories its imports are found under
        self.relative = relative  # path -> path as messages show it
        self._memo: dict[tuple[int, int], Value] = {}
        self._active: set[tuple[int, int]] = set()
        self._keep: list[FileFacts] = []  # files whose node ids key the memo stay alive
        # Per linted file (files are re-read by stamp between runs of a long-lived process): rules ask the same
        # questions of the same project modules many times over.
        self._files: dict[str, FileFacts | None] = {}
        self._members: dict[tuple[str, str], list] = {}
        self._reads: dict[tuple, list] = {}
        self._makers: dict[tuple[int, int], Factory | None] = {}
        self._provided: set[str] | None = None
        self._overridden: set[int] | None = None

    # -- entry points --------------------------------------------------------------------

    def value(self, node: ast.AST | None, facts: FileFacts | None = None, depth: int = 0) -> Value:
        """What ``node`` (an expression of ``facts``, default the linted file) evaluates to."""
        if node is None:
            return NONE
        facts = facts or self.facts
        key = (id(facts), id(node))
        if key in self._memo:
            return self._memo[key]
        if depth > _MAX_DEPTH or key in self._active:
            return UNKNOWN_VALUE  # too deep, or a cycle (``x = f(x)``)
        self._active.add(key)
        try:
            result = self._value(node, facts, depth)
        finally:
            self._active.discard(key)
        self._memo[key] = result
        if facts is not self.facts and (not self._keep or self._keep[-1] is not facts):
            self._keep.append(facts)
        return result

    def fixture_value(self, fixture: Fixture, requester: Fixture | TestFunction | None = None,
                      depth: int = 0) -> Value:
        """What ``fixture`` hands to its requesters, with the loop an async fixture made it on."""
        facts = self.facts_of(fixture.path)
        if facts is None:
            return UNKNOWN_VALUE
        produced = self.produced(fixture.node, facts)
        verb = "yields" if any(isinstance(node, (ast.Yield, ast.YieldFrom)) for node, _ in produced) else "returns"
        values = [self.value(expression, facts, depth + 1) for _node, expression in produced]
        value = merge(values) if produced else NONE
        if self.loops.runs_on_asyncio_loop(fixture) is Verdict.YES:
            value = value.with_loop(self.loops.fixture_loop(fixture, requester))
        if value.bound is Verdict.YES:
            value = value.through(f"'{fixture.name}' ({self.relative(fixture.path)}:{fixture.line}) {verb}")
        return value

    def leaves_running(self, fixture: Fixture) -> str | None:
        """What a fixture starts on its loop and leaves running for its requesters (a task, a server)."""
        facts = self.facts_of(fixture.path)
        if facts is None:
            return None
        for call in facts.syntax.own_nodes(fixture.node, ast.Call):
            row = self.made_by(call, facts)
            starts = row is not None and row.kind in (TASK, SERVER)
            if starts or (isinstance(call.func, ast.Attribute) and call.func.attr == "create_task"):
                label = row.label if row is not None else f"{call.func.attr}()"
                return f"{label} at {self.relative(facts.path)}:{call.lineno} running"
        return None

    def produced(self, function: ast.AST, facts: FileFacts) -> list[tuple[ast.AST, ast.AST | None]]:
        """(return/yield node, value) pairs of a function's own body; a bare ``return`` gives None."""
        found = []
        for node in facts.syntax.own_nodes(function, ast.Return, ast.Yield):
            found.append((node, node.value))
        if isinstance(function, ast.Lambda):
            found.append((function, function.body))
        return found

    def facts_of(self, path: str) -> FileFacts | None:
        if path == self.facts.path:
            return self.facts
        if path not in self._files:
            self._files[path] = load_file(path, self.facts.test_patterns)
        return self._files[path]

    # -- dispatch --------------------------------------------------------------------------

    def _value(self, node: ast.AST, facts: FileFacts, depth: int) -> Value:
        if isinstance(node, ast.Await):
            return self._call_value(node.value, facts, depth, awaited=True) if isinstance(node.value, ast.Call) \
                else self.value(node.value, facts, depth + 1)
        if isinstance(node, ast.Call):
            return self._call_value(node, facts, depth, awaited=False)
        if isinstance(node, ast.Name):
            return self._name_value(node, facts, depth)
        if isinstance(node, ast.Attribute):
            return self._attribute_value(node, facts, depth)
        if isinstance(node, ast.Subscript):
            return self._subscript_value(node, facts, depth)
        if isinstance(node, ast.Constant):
            return NONE if node.value is None else DATA
        if isinstance(node, _DATA_NODES):
            return DATA
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return holding([self.value(e, facts, depth + 1) for e in node.elts], "a container")
        if isinstance(node, ast.Dict):
            return holding([self.value(v, facts, depth + 1) for v in node.values], "a dict")
        if isinstance(node, ast.IfExp):
            return merge([self.value(node.body, facts, depth + 1), self.value(node.orelse, facts, depth + 1)])
        if isinstance(node, ast.BoolOp):
            return merge([self.value(v, facts, depth + 1) for v in node.values])
        if isinstance(node, (ast.NamedExpr, ast.Starred)):
            return self.value(node.value, facts, depth + 1)
        if isinstance(node, ast.BinOp):
            sides = [self.value(node.left, facts, depth + 1), self.value(node.right, facts, depth + 1)]
            return DATA if all(side.bound is Verdict.NO for side in sides) else UNKNOWN_VALUE
        if isinstance(node, ast.UnaryOp):
            return DATA
        return UNKNOWN_VALUE

    def created(self, row: Factory, call: ast.Call, facts: FileFacts) -> Value:
        """The value a catalogue creation makes, with its loop binding decided by the row's exemptions."""
        bound = self.row_binding(row, call, facts)
        where = f"{self.relative(facts.path)}:{call.lineno}"
        detail = ", pooled" if row.unbound_when and bound is Verdict.YES else ""
        binds_now = bool(row.binds_at_construction) and (
            row.lazy_when is None or self.keyword_matches(call, row.lazy_when, facts) is Verdict.NO)
        return Value(bound, row.label, row.kind, row, call, facts.path, (f"{row.label} at {where}{detail}",),
                     binds_now=binds_now, facts=facts, loop_free_driver=self.loop_free_driver(row, call))

    def entered(self, value: Value) -> Value:
        return replace(value, managed=True)
