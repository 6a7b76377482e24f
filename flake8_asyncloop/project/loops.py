"""Which event loop a test or async fixture runs on, for the pytest-asyncio the project runs.

Each answer is a ``Loop``: the loop's scope, the ``event_loop`` fixture that provides it
(when one does) and where the decision was made (a mark, a config key, a default), so
messages can say why.  Two loops are the same loop when scope and provider agree.

By era (see ``versions`` for where each fact comes from):

- ≤ 0.21: every async test and fixture runs on the ``event_loop`` fixture the test sees
  (function-scoped unless the project overrides it); an async fixture cached more widely
  than that loop is a ScopeMismatch.
- 0.22–0.26: per-scope loops.  A test runs on the loop its mark names (``scope=``, later
  ``loop_scope=``), else (0.26: else ``asyncio_default_test_loop_scope``) on the
  ``event_loop`` fixture; an async fixture runs on the loop of its caching scope (0.24+:
  ``loop_scope=``, else ``asyncio_default_fixture_loop_scope``, else its caching scope),
  and a function-scoped one on the ``event_loop`` fixture.  A project's own ``event_loop``
  override is used by function-loop tests but not by wider fixtures (#706).
- 1.0+: no ``event_loop`` fixture; 1.5 adds ``fixture-scope`` for the fixture default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..verdict import UNKNOWN, Verdict
from .config import FIXTURE_SCOPE_DEFAULT, LOOP_SCOPES, PytestConfig
from .declarations import MarkHook
from .files import Fixture, TestFunction

SCOPE_ORDER = {scope: rank for rank, scope in enumerate(LOOP_SCOPES)}
EVENT_LOOP = "event_loop"


def is_known_scope(value: object) -> bool:
    return isinstance(value, str) and value in SCOPE_ORDER


def wider(first: str, second: str) -> bool:
    return SCOPE_ORDER[first] > SCOPE_ORDER[second]


@dataclass(frozen=True)
class Loop:
    scope: str
    origin: str  # why this loop: "loop_scope='session'", "asyncio_default_test_loop_scope=session in pytest.ini:4"
    provider: Fixture | None = None  # the project's own ``event_loop`` fixture, when it provides the loop

    def same_loop(self, other: Loop) -> bool:
        return self.scope == other.scope and self.provider is other.provider

    def describe(self) -> str:
        if self.provider is not None:
            return f"the loop of its 'event_loop' fixture ({self.provider.scope} scope)"
        return f"the {self.scope} loop"


class LoopModel:
    """Loops of the tests and async fixtures a linted file sees."""

    def __init__(self, config: PytestConfig, era, resolve_fixture, hooks: tuple[MarkHook, ...],
                 relative) -> None:
        self.config = config
        self.era = era  # versions.PytestAsyncio: the features of the pytest-asyncio in use
        self._resolve = resolve_fixture  # (name, requester) -> Fixture | None
        self.hooks = hooks
        self._relative = relative  # path -> path as messages show it

    # -- who runs it ---------------------------------------------------------------------

    def is_asyncio_test(self, test: TestFunction) -> Verdict:
        """pytest-asyncio runs this test: async, not anyio/trio's, and marked (or auto mode, or a hook)."""
        if not test.is_async or test.closest_mark("anyio", "trio"):
            return Verdict.NO
        if any(parameter.arg == "anyio_backend" for parameter in test.requests()):
            return Verdict.NO
        if test.closest_mark("asyncio") or self.hooks:
            return Verdict.YES
        if self.config.asyncio_mode is UNKNOWN:
            return Verdict.UNKNOWN
        return Verdict.of(self.config.asyncio_mode == "auto")

    def runs_on_asyncio_loop(self, fixture: Fixture) -> Verdict:
        """pytest-asyncio runs this fixture: ``pytest_asyncio.fixture``, or an async fixture in auto mode."""
        if not fixture.is_async:
            return Verdict.NO
        if fixture.kind == "pytest_asyncio":
            return Verdict.YES
        if self.config.asyncio_mode is UNKNOWN:
            return Verdict.UNKNOWN
        return Verdict.of(self.config.asyncio_mode == "auto")

    # -- tests ---------------------------------------------------------------------------

    def test_loop(self, test: TestFunction) -> Loop | None:
        """The loop ``test`` runs on; None when it cannot be told."""
        if not self.era.scoped_loops:
            return self._event_loop(test)
        scope, origin = self._marked_scope(test)
        if scope is UNKNOWN:
            return None
        if scope is None:
            scope, origin = self._default_test_scope()
            if scope is None:
                return None
        if scope == "function" and self.era.event_loop_fixture != "removed":
            return self._event_loop(test, origin)
        return Loop(scope, origin)

    def default_test_loop(self) -> Loop | None:
        """The loop of a test with no mark of its own (hooks included)."""
        if not self.era.scoped_loops:
            return self._event_loop(None)
        if self.hooks:
            scopes = {hook.loop_scope for hook in self.hooks}
            if len(scopes) != 1:
                return None
            hook = self.hooks[0]
            if hook.loop_scope is not None:
                return Loop(hook.loop_scope, self._hook_origin(hook)) if is_known_scope(hook.loop_scope) else None
        scope, origin = self._default_test_scope()
        if scope == "function" and self.era.event_loop_fixture != "removed":
            return self._event_loop(None, origin)
        return Loop(scope, origin) if scope is not None else None

    def _marked_scope(self, test: TestFunction) -> tuple[object, str]:
        """(scope, origin) from hooks and asyncio marks; (None, "") when no mark names a scope."""
        own = test.own_mark("asyncio")
        if self.hooks:
            if len({hook.loop_scope for hook in self.hooks}) != 1:
                return UNKNOWN, ""
            hook = self.hooks[0]
            if own is None or hook.prepends:
                return self._checked(hook.loop_scope), self._hook_origin(hook)
        mark = test.closest_mark("asyncio")
        if mark is None:
            return None, ""
        if mark.call is not None and mark.call.args:
            return UNKNOWN, ""  # positional arguments: pytest-asyncio rejects the mark
        where = "its asyncio mark" if mark is own else "the asyncio mark of its class or module"
        scope = mark.keyword("loop_scope") if self.era.loop_scope_keyword else None
        if scope is not None:
            return self._checked(scope), f"loop_scope={scope!r} in {where}"
        scope = mark.keyword("scope")
        if scope is not None:
            return self._checked(scope), f"scope={scope!r} in {where}"
        return None, ""

    def _default_test_scope(self) -> tuple[str | None, str]:
        if self.era.default_test_loop_scope_option and "asyncio_default_test_loop_scope" in self.config.sources:
            scope = self.config.test_loop_scope
            if not is_known_scope(scope):
                return None, ""
            where = self.config.where("asyncio_default_test_loop_scope")
            return scope, f"asyncio_default_test_loop_scope={scope} in {where}"
        return "function", "the default function loop"

    def _hook_origin(self, hook: MarkHook) -> str:
        return f"the asyncio mark a pytest_collection_modifyitems hook adds ({self._relative(hook.path)}:{hook.line})"

    @staticmethod
    def _checked(scope: object) -> object:
        if scope is None:
            return None
        return scope if is_known_scope(scope) else UNKNOWN

    # -- fixtures ------------------------------------------------------------------------

    def fixture_loop(self, fixture: Fixture, requester: Fixture | TestFunction | None = None) -> Loop | None:
        """The loop an async fixture run by pytest-asyncio runs on, seen from ``requester``'s test."""
        if not self.era.scoped_loops:
            return self._event_loop(requester)
        scope, origin = self.fixture_loop_scope(fixture)
        if scope is None:
            return None
        if scope == "function" and self.era.event_loop_fixture != "removed":
            return self._event_loop(requester, origin)
        if self.era.event_loop_fixture == "deprecated" and self._overridden_at(scope, requester):
            return None  # which of the two session loops it gets depends on which one was set up first
        return Loop(scope, origin)

    def _overridden_at(self, scope: str, requester) -> bool:
        """0.22–0.26 with the project's own ``event_loop`` of this scope: a run shows a fixture that requests
        it sharing its loop, another one (#706) running on pytest-asyncio's own loop of that scope."""
        provider = self._resolve(EVENT_LOOP, requester)
        return provider is not None and provider.scope == scope

    def fixture_loop_scope(self, fixture: Fixture) -> tuple[str | None, str]:
        """(loop scope, origin) of an async fixture; (None, "") when it cannot be told."""
        if fixture.loop_scope is not None and self.era.loop_scope_keyword:
            if not is_known_scope(fixture.loop_scope):
                return None, ""
            return fixture.loop_scope, f"loop_scope={fixture.loop_scope!r}"
        default = self.config.fixture_loop_scope if self.era.default_fixture_loop_scope_option else None
        if default is UNKNOWN:
            return None, ""
        if default is not None and not (default == FIXTURE_SCOPE_DEFAULT and self.era.fixture_scope_value):
            if not is_known_scope(default):
                return None, ""
            where = self.config.where("asyncio_default_fixture_loop_scope")
            return default, f"asyncio_default_fixture_loop_scope={default} in {where}"
        if not is_known_scope(fixture.scope):
            return None, ""
        reason = "asyncio_default_fixture_loop_scope" + (
            f"={default}" if default else " unset") if self.era.default_fixture_loop_scope_option else (
            f"pytest-asyncio {self.era.version} runs async fixtures on the loop of their caching scope")
        return fixture.scope, f"its scope={fixture.scope!r} ({reason})"

    def _event_loop(self, requester: Fixture | TestFunction | None, origin: str = "") -> Loop | None:
        """The loop of the ``event_loop`` fixture ``requester`` sees: the project's own, or the built-in one."""
        provider = self._resolve(EVENT_LOOP, requester)
        if provider is None:
            return Loop("function", origin or "the default function loop")
        if not is_known_scope(provider.scope):
            return None
        where = f"{self._relative(provider.path)}:{provider.line}"
        return Loop(provider.scope, f"the 'event_loop' fixture at {where}", provider)

    def event_loop_scope_mismatch(self, fixture: Fixture, requester) -> Loop | None:
        """≤ 0.21: the ``event_loop`` a wider async fixture would need, when it is narrower (ScopeMismatch)."""
        loop = self._event_loop(requester)
        if loop is None or not is_known_scope(fixture.scope) or not wider(fixture.scope, loop.scope):
            return None
        return loop


def relative_to(directory: str):
    """A path formatter relative to ``directory`` (the working directory flake8 runs in)."""
    def relative(path: str) -> str:
        try:
            return os.path.relpath(path, directory)
        except ValueError:  # another drive on Windows
            return path
    return relative
