"""Every ALP code in one table: docs, README and tests are checked against it.

A message template names what is wrong and the fix; ``{field}`` placeholders are
filled by the rule that reports it.  ``default_on=False`` codes are added to
flake8's default ignore list (``extend_default_ignore``) and need
``--extend-select`` to run, the convention bugbear uses for its B9 family.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass
from functools import lru_cache


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

    def with_message(self, message: str) -> Finding:
        return Finding(self.line, self.col, self.code, message)

    def as_flake8(self) -> tuple[int, int, str, type]:
        return (self.line, self.col, f"{self.code} {self.message}", type(self))


_CODES = (
    # ALP0xx -- pytest-asyncio loops and loop scopes
    Code(
        "ALP001", "event-loop-fixture-defined", "loop-scopes",
        "a fixture named event_loop is defined",
        "fixture 'event_loop' {why} ({version}); delete it and {fix}",
    ),
    Code(
        "ALP002", "event-loop-requested", "loop-scopes",
        "the event_loop fixture is requested, or a loop object is passed as loop=",
        "{what} {why} ({version}); {fix}",
    ),
    Code(
        "ALP003", "fixture-loop-scope-mismatch", "loop-scopes",
        "an async test or fixture requests an async fixture that runs on another loop",
        "{chain} — made on {fixture_loop} ({fixture_origin}); '{requester}' runs on {requester_loop} "
        "({requester_origin}; {version}); {fix}",
    ),
    Code(
        "ALP004", "default-fixture-loop-scope-mismatch", "loop-scopes",
        "an async fixture's default loop scope differs from the default test loop scope",
        "async fixture '{fixture}' runs on {fixture_loop} ({origin}) while tests default to {test_loop} "
        "({test_origin}; {version}), and it hands out {chain}; {fix}",
    ),
    Code(
        "ALP005", "loop-scope-narrower-than-scope", "loop-scopes",
        "a fixture's loop scope is narrower than its caching scope, or mark.asyncio(scope=) is used",
        "{problem} ({version}); {fix}",
    ),
    Code(
        "ALP010", "async-fixture-not-handled", "loop-scopes",
        "strict mode: an async def fixture is decorated with plain @pytest.fixture",
        "async fixture '{fixture}' uses @pytest.fixture in strict mode ({mode}; {version}), so pytest-asyncio "
        "never runs it; use @pytest_asyncio.fixture",
    ),
    Code(
        "ALP011", "async-test-not-marked", "loop-scopes",
        "strict mode: an async test has no asyncio mark",
        "async test '{test}' has no asyncio mark in strict mode ({mode}; {version}), so no plugin runs it; "
        "add @pytest.mark.asyncio (or a module pytestmark)",
    ),
    Code(
        "ALP012", "anyio-test-requests-asyncio-fixture", "loop-scopes",
        "auto mode: an anyio-driven test requests an async fixture pytest-asyncio runs",
        "anyio test '{test}' requests async fixture '{fixture}', which pytest-asyncio runs on its own loop in "
        "auto mode: {chain}; drop asyncio_mode=auto or drive both with the same plugin",
    ),
    # ALP1xx -- driving loops by hand
    Code(
        "ALP101", "manual-loop-management", "manual-loops",
        "test code creates, sets, closes or fetches an event loop by hand",
        "{call} {why}; {fix}",
    ),
    Code(
        "ALP102", "loop-run-in-sync-setup", "manual-loops",
        "asyncio.run/run_until_complete at module level or in a sync fixture",
        "{call} runs on a loop that closes when it returns, while {harm}; {fix}",
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
        "{resource} — made once but used by tests on different loops; {fix}",
    ),
    Code(
        "ALP202", "cleanup-not-awaited", "resources",
        "an async cleanup coroutine is called without await",
        "{call} returns a coroutine that is never awaited, so nothing closes {resource}; {fix}",
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
        "{resource}, made in {holder}, is handed out but never closed, so GC finalises it after its loop is "
        "gone; {fix}",
    ),
    # ALP3xx -- ASGI apps under test
    Code(
        "ALP301", "sync-testclient-in-async-code", "asgi",
        "sync TestClient created or used in async tests or fixtures",
        "{what} runs the app on its own portal loop in another thread, and {harm}; use "
        "httpx.AsyncClient(transport=ASGITransport(app=app)) inside asgi_lifespan.LifespanManager(app)",
    ),
    Code(
        "ALP302", "httpx-app-shortcut", "asgi",
        "httpx Client/AsyncClient(app=...) shortcut",
        "{client}(app=...) is {why} ({version}); {fix}",
    ),
    Code(
        "ALP303", "lifespan-not-run", "asgi",
        "ASGITransport client for an app with lifespan handlers, without LifespanManager",
        "{client} drives app '{app}' ({where}) through ASGITransport, which sends no lifespan events, but "
        "{harm}; enter asgi_lifespan.LifespanManager(app) around the client and pass manager.app to "
        "ASGITransport",
    ),
    Code(
        "ALP304", "deprecated-event-handler", "asgi",
        "on_event / add_event_handler / on_startup= / on_shutdown=",
        "{handler} is {status}; move startup/shutdown into a lifespan async context manager passed as "
        "lifespan=",
    ),
    Code(
        "ALP305", "testclient-without-with", "asgi",
        "TestClient(app) not used as a context manager for an app with lifespan",
        "TestClient outside 'with' never runs the startup of app '{app}' ({where}), but {harm}; use "
        "'with TestClient(app) as client' (and yield the client)",
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


_REPOSITORY = "https://github.com/flake8-asyncloop/flake8-asyncloop"  # pyproject.toml's Homepage, if metadata is gone


@lru_cache(maxsize=1)
def _repository() -> str:
    """The project URL this installation was built with (its ``Homepage``), read from its own metadata."""
    try:
        urls = importlib.metadata.metadata("flake8-asyncloop").get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        return _REPOSITORY
    homepage = [url.split(",", 1)[1].strip() for url in urls if url.split(",", 1)[0].strip() == "Homepage"]
    return homepage[0].rstrip("/") if homepage else _REPOSITORY


def docs_url(code: str) -> str:
    """The stable page of a code: ``docs/rules/ALPnnn.md`` in the repository."""
    return f"{_repository()}/blob/main/docs/rules/{code}.md"


def make_finding(code: str, line: int, col: int, **fields: object) -> Finding:
    """Fill the code's message template; a missing field is a bug in the rule."""
    return Finding(line, col, code, CODES[code].message.format(**fields))
