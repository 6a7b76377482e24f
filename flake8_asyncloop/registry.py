"""Every ALP code in one table: docs, README and tests are checked against it.

A message template names what is wrong and the fix; ``{field}`` placeholders are
filled by the rule that reports it.  ``default_on=False`` codes are added to
flake8's default ignore list (``extend_default_ignore``) and need
``--extend-select`` to run, the convention bugbear uses for its B9 family.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """One reportable code: its identity, its family and its message."""

    code: str
    slug: str
    family: str
    summary: str
    message: str
    default_on: bool = True


@dataclass(frozen=True)
class Finding:
    """One report, positioned the way flake8 wants it (1-based line, 0-based column)."""

    line: int
    col: int
    code: str
    message: str

    def as_flake8(self) -> tuple[int, int, str, type]:
        return (self.line, self.col, f"{self.code} {self.message}", type(self))


_CODES = (
    # ALP0xx -- pytest-asyncio loops and loop scopes
    Code(
        "ALP001", "event-loop-fixture-defined", "loop-scopes",
        "a fixture named event_loop is defined",
        "fixture 'event_loop' is not the loop pytest-asyncio runs tests on (removed in 1.0); "
        "delete it and choose loops with loop_scope= or asyncio_default_*_loop_scope",
    ),
    Code(
        "ALP002", "event-loop-requested", "loop-scopes",
        "the event_loop fixture is requested, or a loop object is passed as loop=",
        "{what} binds to a loop that is not running this code; "
        "call asyncio.get_running_loop() inside the coroutine instead",
    ),
    Code(
        "ALP003", "fixture-loop-scope-mismatch", "loop-scopes",
        "an async test or fixture requests an async fixture that runs on another loop",
        "'{fixture}' ({where}) runs on the {fixture_scope} loop but '{requester}' runs on the "
        "{requester_scope} loop; give both the same loop_scope",
    ),
    Code(
        "ALP004", "default-fixture-loop-scope-mismatch", "loop-scopes",
        "an async fixture's default loop scope differs from the default test loop scope",
        "async fixture '{fixture}' runs on the {fixture_scope} loop {because} while tests default to the "
        "{test_scope} loop; set loop_scope= explicitly or align asyncio_default_fixture_loop_scope "
        "and asyncio_default_test_loop_scope",
    ),
    Code(
        "ALP005", "loop-scope-narrower-than-scope", "loop-scopes",
        "a fixture's loop scope is narrower than its caching scope, or mark.asyncio(scope=) is used",
        "{problem}; {fix}",
    ),
    Code(
        "ALP010", "async-fixture-not-handled", "loop-scopes",
        "strict mode: an async def fixture is decorated with plain @pytest.fixture",
        "async fixture '{fixture}' uses @pytest.fixture in strict mode, so pytest-asyncio never runs it; "
        "use @pytest_asyncio.fixture",
    ),
    Code(
        "ALP011", "async-test-not-marked", "loop-scopes",
        "strict mode: an async test has no asyncio mark",
        "async test '{test}' has no asyncio mark in strict mode, so no plugin runs it; "
        "add @pytest.mark.asyncio (or a module pytestmark)",
    ),
    Code(
        "ALP012", "anyio-test-requests-asyncio-fixture", "loop-scopes",
        "auto mode: an anyio-driven test requests an async fixture pytest-asyncio runs",
        "anyio test '{test}' requests async fixture '{fixture}': with asyncio_mode=auto pytest-asyncio and "
        "anyio both claim async tests and fixtures, so the two run on different loops; drop asyncio_mode=auto "
        "or drive both with the same plugin",
    ),
    # ALP1xx -- driving loops by hand
    Code(
        "ALP101", "manual-loop-management", "manual-loops",
        "test code creates, sets, closes or fetches an event loop by hand",
        "{call} manages a loop by hand, fighting pytest-asyncio's runner; {fix}",
    ),
    Code(
        "ALP102", "loop-run-in-sync-setup", "manual-loops",
        "asyncio.run/run_until_complete at module level or in a sync fixture",
        "{call} runs on a loop that closes when it returns, while what it created lives on; {fix}",
    ),
    Code(
        "ALP103", "loop-run-inside-coroutine", "manual-loops",
        "asyncio.run/run_until_complete inside a coroutine",
        "{call} inside a coroutine fails: a loop is already running; await the coroutine instead",
    ),
    Code(
        "ALP104", "isolated-testcase-shared-resource", "manual-loops",
        "IsolatedAsyncioTestCase resource created outside the per-test loop",
        "{resource} is created in {where} but each async test runs on a new loop; "
        "create it in asyncSetUp and close it in asyncTearDown",
    ),
    # ALP2xx -- async resources that outlive their loop
    Code(
        "ALP201", "shared-resource-across-loops", "resources",
        "a loop-bound resource at module/class level is used by tests on several loops",
        "{resource} is created once but used by async tests running on different loops; {fix}",
    ),
    Code(
        "ALP202", "cleanup-not-awaited", "resources",
        "an async cleanup coroutine is called without await",
        "{call} ({resource}) returns a coroutine that is never awaited, so nothing is closed; {fix}",
    ),
    Code(
        "ALP203", "wrong-close-protocol", "resources",
        "close() without wait_closed(), or redis.asyncio close() instead of aclose()",
        "{problem}; {fix}",
    ),
    Code(
        "ALP204", "cleanup-not-in-finally", "resources",
        "a yielding dependency closes its resource after yield outside finally/async with",
        "{resource} is closed after 'yield' outside finally, so a failing request skips the close and GC "
        "finalises it on a closed loop; use 'async with' or try/finally",
    ),
    Code(
        "ALP205", "resource-never-closed", "resources",
        "a fixture, dependency or lifespan creates an async resource and never closes it",
        "{resource} is handed out but never closed, so GC finalises it after its loop is gone; {fix}",
    ),
    # ALP3xx -- ASGI apps under test
    Code(
        "ALP301", "sync-testclient-in-async-code", "asgi",
        "sync TestClient created or used in async tests or fixtures",
        "{what} runs the app on its own portal loop in another thread, not on the loop of this async code; "
        "use httpx.AsyncClient(transport=ASGITransport(app=app)) inside asgi_lifespan.LifespanManager(app)",
    ),
    Code(
        "ALP302", "httpx-app-shortcut", "asgi",
        "httpx Client/AsyncClient(app=...) shortcut",
        "{client}(app=...) was deprecated in httpx 0.27 and removed in 0.28 (TypeError; httpx2 never had "
        "it); {fix}",
    ),
    Code(
        "ALP303", "lifespan-not-run", "asgi",
        "ASGITransport client for an app with lifespan handlers, without LifespanManager",
        "{client} drives app '{app}' ({where}) through ASGITransport, which sends no lifespan events, so its "
        "startup/shutdown handlers never run; enter asgi_lifespan.LifespanManager(app) around the client and "
        "pass manager.app to ASGITransport",
    ),
    Code(
        "ALP304", "deprecated-event-handler", "asgi",
        "on_event / add_event_handler / on_startup= / on_shutdown=",
        "{handler} is deprecated by FastAPI and removed in Starlette 1.0 (FastAPI skips an app's event "
        "handlers when lifespan= is set); move startup/shutdown into a lifespan async context manager "
        "passed as lifespan=",
    ),
    Code(
        "ALP305", "testclient-without-with", "asgi",
        "TestClient(app) not used as a context manager for an app with lifespan",
        "TestClient outside 'with' never runs the startup/shutdown handlers of app '{app}' ({where}) and "
        "starts a new loop for every request; use 'with TestClient(app) as client' (and yield the client)",
    ),
    # ALP9xx -- hiding the symptom
    Code(
        "ALP901", "loop-error-swallowed", "suppression",
        "except branch that swallows 'Event loop is closed' / 'different loop'",
        "this except swallows '{text}' instead of fixing which loop owns the resource; "
        "close the resource on its own loop (align loop scopes) and let the error through",
    ),
    Code(
        "ALP902", "loop-warning-filtered", "suppression",
        "warning filter hiding unraisable exceptions, ResourceWarning or never-awaited coroutines",
        "filter hides {what}, the evidence of resources finalised on a closed loop; remove it and fix the "
        "leak",
    ),
    Code(
        "ALP903", "loop-machinery-patched", "suppression",
        "nest_asyncio.apply(), sys.unraisablehook replaced, loop errors dropped",
        "{what} hides loop errors instead of fixing them; {fix}",
    ),
)

CODES: dict[str, Code] = {code.code: code for code in _CODES}

DEFAULT_OFF: tuple[str, ...] = tuple(code.code for code in _CODES if not code.default_on)


def make_finding(code: str, line: int, col: int, **fields: object) -> Finding:
    """Fill the code's message template; a missing field is a bug in the rule."""
    return Finding(line, col, code, CODES[code].message.format(**fields))
