"""The loop map: for each selected test, the loop it runs on and every fixture it uses, in setup order,
with each fixture's loop, its value, and where a loop-bound value crosses from one loop to another.

Everything is read from the analysis the rules use (``FileContext``: the loop model, the fixture
index, the value tracer).  A crossing is ALP003's condition, edge by edge: a test or async fixture
that pytest-asyncio runs requests a fixture whose value is loop-bound (or that leaves a task or
server running) and was made on another loop.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from ..context import FileContext
from ..project.files import Fixture, TestFunction
from ..project.loops import Loop
from ..rules.base import version_note
from ..verdict import Verdict
from .setup_order import TEST, SetupStep, setup_order


@dataclass(frozen=True)
class Location:
    path: str  # relative to the working directory, as flake8 prints paths
    line: int
    column: int | None = None  # 1-based, where a finding would be reported


@dataclass(frozen=True)
class LoopView:
    scope: str
    origin: str  # where it was decided: a mark, a config key, the default...
    provider: Location | None  # the project's own 'event_loop' fixture, when it provides the loop

    @property
    def key(self) -> str:
        """Identity of the loop: two views with the same key are the same loop."""
        if self.provider is None:
            return self.scope
        return f"event_loop@{self.provider.path}:{self.provider.line}"

    @property
    def name(self) -> str:
        if self.provider is None:
            return f"{self.scope} loop"
        return f"{self.scope} loop of an 'event_loop' fixture"  # which one: the origin says


@dataclass(frozen=True)
class ValueView:
    loop_bound: str  # "yes", "no" or "unknown"
    label: str
    made_at: Location | None
    made_on: LoopView | None
    chain: tuple[str, ...]  # the tracer's proof, outermost step first
    leaves_running: str | None  # a task or server the fixture leaves running on its loop


@dataclass(frozen=True)
class FixtureEntry:
    id: str  # the name, with "#2" added to the second definition of a name (an override wraps the other)
    name: str
    defined_at: Location | None  # None: pytest's own fixture or a plugin's
    scope: str  # caching scope, "unknown" when it is not a literal
    is_async: bool | None
    autouse: bool
    runner: str  # "pytest-asyncio", "pytest (sync)", "nothing runs it", "unknown", "not in the project"
    loop: LoopView | None
    value: ValueView | None
    requested_by: tuple[str, ...]  # ids of the requesting fixtures, the test's name for the test


@dataclass(frozen=True)
class Crossing:
    requester: str  # the test's name or a fixture's id
    requester_loop: LoopView
    fixture: str  # the requested fixture's id
    fixture_loop: LoopView
    at: Location  # the requesting parameter: where ALP003 reports
    why: str


@dataclass(frozen=True)
class MappedTest:
    nodeid: str
    name: str
    location: Location
    is_async: bool
    runner: str  # "pytest-asyncio", "not pytest-asyncio (sync test)", ...
    loop: LoopView | None
    pytest_asyncio: str  # the version the loops are judged for, and where it was read
    fixtures: tuple[FixtureEntry, ...]
    crossings: tuple[Crossing, ...]


class MapBuilder:
    """Builds the map of the tests of one file from that file's analysis."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self._runs = ctx.pytest_asyncio_in_play  # listed or in use, and not switched off with -p no:asyncio

    def select(self, explicit: bool, names: tuple[str, ...] | None) -> list[TestFunction]:
        """Tests of the file pytest would run: all it collects, every test of an explicitly named file, or the
        ones a node id names (``Class::test``, ``test[param]``; a class names all its tests)."""
        tests = self.ctx.facts.tests if explicit else self.ctx.tests
        if names is None:
            return list(tests)
        wanted = tuple(name.split("[", 1)[0] for name in names)
        return [test for test in tests if (*self._class_names(test), test.name)[:len(wanted)] == wanted]

    def mapped(self, test: TestFunction) -> MappedTest:
        ctx = self.ctx
        steps = setup_order(ctx.fixtures, test)
        loop = self._test_loop(test)
        ids = _ids(test, steps)
        return MappedTest(
            nodeid="::".join((ctx.relative(test.path), *self._class_names(test), test.name)),
            name=test.name,
            location=Location(ctx.relative(test.path), test.line),
            is_async=test.is_async,
            runner=self._test_runner(test),
            loop=self._view(loop),
            pytest_asyncio=self._version_phrase(),
            fixtures=tuple(self._entry(step, test, ids) for step in steps),
            crossings=tuple(self._crossings(test, steps, ids)),
        )

    # -- loops ---------------------------------------------------------------------------------

    def _test_runner(self, test: TestFunction) -> str:
        if not test.is_async:
            return "pytest (sync test)"
        if not self._runs:
            return "not pytest-asyncio (it is not in play here)"
        verdict = self.ctx.loops.is_asyncio_test(test)
        if verdict is Verdict.YES:
            return "pytest-asyncio"
        if verdict is Verdict.UNKNOWN:
            return "unknown (the asyncio mode cannot be read)"
        return "not pytest-asyncio (no asyncio mark in strict mode, or another plugin's test)"

    def _test_loop(self, test: TestFunction) -> Loop | None:
        if not self._runs or self.ctx.loops.is_asyncio_test(test) is not Verdict.YES:
            return None
        return self.ctx.loops.test_loop(test)

    def _fixture_loop(self, fixture: Fixture, requester: Fixture | TestFunction | None) -> Loop | None:
        if not self._runs or self.ctx.loops.runs_on_asyncio_loop(fixture) is not Verdict.YES:
            return None
        return self.ctx.loops.fixture_loop(fixture, requester)

    def _fixture_runner(self, fixture: Fixture) -> str:
        if not fixture.is_async:
            return "pytest (sync)"
        verdict = self.ctx.loops.runs_on_asyncio_loop(fixture) if self._runs else Verdict.NO
        if verdict is Verdict.YES:
            return "pytest-asyncio"
        if verdict is Verdict.UNKNOWN:
            return "unknown (the asyncio mode cannot be read)"
        return "nothing runs it (an async def under plain @pytest.fixture in strict mode)"

    def _view(self, loop: Loop | None) -> LoopView | None:
        if loop is None:
            return None
        provider = loop.provider
        where = Location(self.ctx.relative(provider.path), provider.line) if provider is not None else None
        return LoopView(loop.scope, loop.origin, where)

    def _version_phrase(self) -> str:
        return version_note(self.ctx, "pytest-asyncio")

    # -- fixtures --------------------------------------------------------------------------------

    def _entry(self, step: SetupStep, test: TestFunction, ids: dict[object, str]) -> FixtureEntry:
        fixture = step.fixture
        requested_by = tuple(ids[key] for key in step.requested_by)
        if fixture is None:
            return FixtureEntry(ids[step.key], step.name, None, "unknown", None, False, "not in the project", None,
                                None, requested_by)
        scope = fixture.scope if isinstance(fixture.scope, str) else "unknown"
        return FixtureEntry(
            id=ids[step.key],
            name=step.name,
            defined_at=Location(self.ctx.relative(fixture.path), fixture.line),
            scope=scope,
            is_async=fixture.is_async,
            autouse=fixture.autouse is True,
            runner=self._fixture_runner(fixture),
            loop=self._view(self._fixture_loop(fixture, test)),
            value=self._value(fixture, test),
            requested_by=requested_by,
        )

    def _value(self, fixture: Fixture, requester: Fixture | TestFunction) -> ValueView:
        tracer = self.ctx.tracer
        value = tracer.fixture_value(fixture, requester)
        made_at = None
        if value.creation is not None and value.path is not None:
            made_at = Location(self.ctx.relative(value.path), value.creation.lineno)
        return ValueView(
            loop_bound=value.bound.value, label=value.label, made_at=made_at, made_on=self._view(value.made_on),
            chain=value.chain, leaves_running=tracer.leaves_running(fixture),
        )

    # -- crossings ---------------------------------------------------------------------------------

    def _crossings(self, test: TestFunction, steps: list[SetupStep], ids: dict[object, str]) -> Iterator[Crossing]:
        """ALP003's condition on every request edge of the closure whose requester pytest-asyncio runs (a fixture
        requester's loop is taken as ALP003 takes it, without a requester of its own)."""
        requesters: list[tuple[str, Fixture | TestFunction, Loop | None]] = [(ids[TEST], test, self._test_loop(test))]
        requesters += [(ids[step.key], step.fixture, self._fixture_loop(step.fixture, None))
                       for step in steps if step.fixture is not None]
        for requester_id, requester, loop in requesters:
            if loop is None:
                continue
            for parameter in requester.requests():
                crossing = self._crossing(requester_id, requester, loop, parameter, ids)
                if crossing is not None:
                    yield crossing

    def _crossing(self, requester_id: str, requester: Fixture | TestFunction, loop: Loop, parameter: ast.arg,
                  ids: dict[object, str]) -> Crossing | None:
        ctx = self.ctx
        fixture = ctx.fixtures.resolve(parameter.arg, requester)
        if fixture is None:
            return None
        value = ctx.tracer.fixture_value(fixture, requester)
        made_on = value.made_on
        if made_on is None or made_on.same_loop(loop):
            return None
        running = ctx.tracer.leaves_running(fixture)
        if value.bound is not Verdict.YES and not running:
            return None
        why = value.why() if value.bound is Verdict.YES else (
            f"'{fixture.name}' ({ctx.relative(fixture.path)}:{fixture.line}) leaves {running}")
        at = Location(ctx.relative(requester.path), parameter.lineno, parameter.col_offset + 1)
        fixture_id = ids.get(id(fixture.node), fixture.name)
        return Crossing(requester_id, self._view(loop), fixture_id, self._view(made_on), at, why)

    def _class_names(self, test: TestFunction) -> tuple[str, ...]:
        """Enclosing classes of the test, outermost first."""
        if test.class_node is None:
            return ()
        syntax = self.ctx.facts.syntax if test.path == self.ctx.path else None
        if syntax is None:
            return (test.class_node.name,)
        chain = [test.class_node.name]
        chain += [node.name for node in syntax.ancestors(test.class_node) if isinstance(node, ast.ClassDef)]
        return tuple(reversed(chain))


def _ids(test: TestFunction, steps: list[SetupStep]) -> dict[object, str]:
    """Readable, unique ids: the name, ``name#2`` for a second definition of the same name."""
    ids: dict[object, str] = {TEST: test.name}
    seen: dict[str, int] = {test.name: 1}
    for step in steps:
        seen[step.name] = seen.get(step.name, 0) + 1
        ids[step.key] = step.name if seen[step.name] == 1 else f"{step.name}#{seen[step.name]}"
    return ids
