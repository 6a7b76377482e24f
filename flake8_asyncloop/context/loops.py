"""Which loop a test or async fixture runs on, per pytest-asyncio 1.x (1.0–1.5).

test loop scope    = loop_scope (or deprecated scope) of the closest asyncio mark,
                     else asyncio_default_test_loop_scope (default "function")
fixture loop scope = loop_scope=, else asyncio_default_fixture_loop_scope,
                     else (unset or "fixture-scope") the fixture's own scope
A fixture is run by pytest-asyncio when it uses ``pytest_asyncio.fixture``, or in
auto mode when it is an async ``pytest.fixture``.
"""

from __future__ import annotations

from .config import FIXTURE_SCOPE_DEFAULT, LOOP_SCOPES, UNKNOWN, PytestConfig
from .facts import Fixture, MarkHook, TestFunction

SCOPE_ORDER = {scope: rank for rank, scope in enumerate(LOOP_SCOPES)}


def is_known_scope(value: object) -> bool:
    return isinstance(value, str) and value in SCOPE_ORDER


def wider(first: str, second: str) -> bool:
    return SCOPE_ORDER[first] > SCOPE_ORDER[second]


def runs_on_asyncio_loop(fixture: Fixture, config: PytestConfig) -> object:
    """True/False, or UNKNOWN when the mode is unknown."""
    if fixture.kind == "pytest_asyncio":
        return True
    if not fixture.is_async:
        return False
    if config.asyncio_mode is UNKNOWN:
        return UNKNOWN
    return config.asyncio_mode == "auto"


def fixture_loop_scope(fixture: Fixture, config: PytestConfig) -> object:
    """Loop scope a pytest-asyncio fixture runs in, or UNKNOWN."""
    if fixture.loop_scope is not None:
        return fixture.loop_scope if is_known_scope(fixture.loop_scope) else UNKNOWN
    default = config.fixture_loop_scope
    if default is UNKNOWN:
        return UNKNOWN
    if default is None or default == FIXTURE_SCOPE_DEFAULT:
        return fixture.scope if is_known_scope(fixture.scope) else UNKNOWN
    return default


def test_loop_scope(test: TestFunction, config: PytestConfig, hooks: tuple[MarkHook, ...]) -> object:
    """Loop scope an asyncio test runs in, or UNKNOWN (hook-added marks we cannot read, bad values)."""
    own_mark = next((mark for mark in test.marks if mark.name == "asyncio" and _is_decorator_of(mark, test)), None)
    closest = test.closest_mark("asyncio")
    if hooks:
        if len({hook.loop_scope for hook in hooks}) != 1:
            return UNKNOWN
        hook = hooks[0]
        if own_mark is None or hook.prepends:
            return _mark_scope(hook.loop_scope, config)
    if closest is None:
        return config.test_loop_scope if is_known_scope(config.test_loop_scope) else UNKNOWN
    scope = closest.keyword("loop_scope")
    if scope is None:
        scope = closest.keyword("scope")  # deprecated spelling, same meaning
    if closest.call is not None and closest.call.args:
        return UNKNOWN  # positional arguments: pytest-asyncio rejects the mark
    return _mark_scope(scope, config)


def _mark_scope(scope: object, config: PytestConfig) -> object:
    if scope is None:
        return config.test_loop_scope if is_known_scope(config.test_loop_scope) else UNKNOWN
    return scope if is_known_scope(scope) else UNKNOWN


def _is_decorator_of(mark, test: TestFunction) -> bool:
    decorators = test.node.decorators.nodes if test.node.decorators else []
    return any(mark.node is decorator for decorator in decorators)
