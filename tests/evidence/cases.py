"""What each evidence project must show: the runtime symptom of the bad one, and flake8's findings.

Every ``bad`` project reproduces the anti-pattern a rule describes; its ``good`` twin applies exactly
the fix the rule's message recommends. Findings are ``(relpath, row, code)`` at the place RULES.md
says each code reports ("report at"), including other codes the same mistake legitimately triggers.

A symptom is an exception type and a piece of its message (record.py), never text that could come
from the project's own source.  The ALP9xx projects hide their real cause; each has a third variant,
``unhidden``: the bad project with only the suppression removed, which shows what the bad one hides.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .harness import PROJECTS_DIR
from .record import Symptom, failure, logged, warning

DIFFERENT_LOOP = failure("builtins.RuntimeError", "attached to a different loop")
ANOTHER_OPERATION = failure("asyncpg.exceptions._base.InterfaceError", "another operation is in progress")
UNCHECKED_IN_CONNECTION = failure(
    "sqlalchemy.exc.SAWarning", "The garbage collector is trying to clean up non-checked-in connection"
)
NO_GREETINGS_IN_STATE = failure("builtins.AttributeError", "'State' object has no attribute 'greetings'")


@dataclasses.dataclass(frozen=True)
class Evidence:
    code: str
    why: str
    # Failure symptoms: each one shows in the bad run, and every failed phase of it shows one of them.
    symptoms: tuple[Symptom, ...]
    findings: frozenset[tuple[str, int, str]]  # exactly what flake8 --select ALP reports on the bad project
    # What the bad project's suppression hides: shown by the unhidden variant, absent from the bad run.
    hidden: tuple[Symptom, ...] = ()
    needs_postgres: bool = False
    needs_redis: bool = False

    def project(self, variant: str) -> Path:
        return PROJECTS_DIR / self.code / variant

    @property
    def variants(self) -> tuple[str, ...]:
        return ("bad", "good", "unhidden") if self.hidden else ("bad", "good")


EVIDENCE = (
    Evidence(
        "ALP001",
        "a session event_loop fixture is an ordinary fixture since pytest-asyncio 1.0, not the test's loop",
        symptoms=(DIFFERENT_LOOP,),
        findings=frozenset({
            ("conftest.py", 7, "ALP001"),  # def event_loop
            ("test_checksums.py", 9, "ALP002"),  # the test requests it
        }),
    ),
    Evidence(
        "ALP002",
        "requesting event_loop, which pytest-asyncio 1.0 removed",
        symptoms=(failure("_pytest.fixtures.FixtureLookupError", "fixture 'event_loop' not found"),),
        findings=frozenset({
            ("test_acks.py", 7, "ALP002"),
            ("test_acks.py", 14, "ALP002"),
        }),
    ),
    Evidence(
        "ALP003",
        "a session-loop SQLAlchemy session used by function-loop tests",
        symptoms=(DIFFERENT_LOOP, ANOTHER_OPERATION),
        findings=frozenset({
            ("test_orders.py", 7, "ALP003"),
            ("test_orders.py", 12, "ALP003"),
            ("test_orders.py", 19, "ALP003"),
        }),
        needs_postgres=True,
    ),
    Evidence(
        "ALP004",
        "asyncio_default_fixture_loop_scope = session: asyncpg fixtures on the session loop, tests on"
        " function loops",
        symptoms=(DIFFERENT_LOOP, ANOTHER_OPERATION),
        findings=frozenset({
            ("conftest.py", 9, "ALP004"),  # pool's decorator
            ("conftest.py", 17, "ALP004"),  # conn's decorator
            ("test_accounts.py", 4, "ALP003"),  # the config-made mismatch, seen from each test
            ("test_accounts.py", 9, "ALP003"),
        }),
        needs_postgres=True,
    ),
    Evidence(
        "ALP005",
        "asyncio_default_fixture_loop_scope = function under a session-scoped async fixture",
        symptoms=(
            failure(
                "builtins.Failed",
                "ScopeMismatch: You tried to access the function scoped fixture _function_scoped_runner with a"
                " session scoped request object",
            ),
        ),
        findings=frozenset({("conftest.py", 16, "ALP005")}),
    ),
    Evidence(
        "ALP010",
        "plain @pytest.fixture on an async fixture in strict mode",
        symptoms=(
            failure(
                "pytest.PytestRemovedIn9Warning",
                "requested an async fixture 'client', with no plugin or hook that handled it",
            ),
        ),
        findings=frozenset({("conftest.py", 7, "ALP010")}),
    ),
    Evidence(
        "ALP011",
        "an async test without the asyncio mark in strict mode",
        symptoms=(failure("builtins.Failed", "async def functions are not natively supported"),),
        findings=frozenset({("test_retry.py", 12, "ALP011")}),
    ),
    Evidence(
        "ALP012",
        "asyncio_mode = auto with anyio-marked tests that use async fixtures",
        symptoms=(DIFFERENT_LOOP,),
        findings=frozenset({
            ("test_kvstore.py", 5, "ALP012"),
            ("test_kvstore.py", 11, "ALP012"),
        }),
    ),
    Evidence(
        "ALP101",
        "a sync fixture makes and sets its own loop; the object it builds captures that loop, not the test's",
        symptoms=(DIFFERENT_LOOP,),
        findings=frozenset({
            ("conftest.py", 10, "ALP101"),  # asyncio.new_event_loop()
            ("conftest.py", 11, "ALP101"),  # asyncio.set_event_loop(loop)
        }),
    ),
    Evidence(
        "ALP102",
        "asyncio.run in a sync session fixture: the asyncpg pool it opens outlives its loop",
        symptoms=(ANOTHER_OPERATION, failure("builtins.RuntimeError", "Event loop is closed")),
        findings=frozenset({("conftest.py", 11, "ALP102")}),
        needs_postgres=True,
    ),
    Evidence(
        "ALP103",
        "asyncio.run inside an async test, where the test's loop is already running",
        symptoms=(failure("builtins.RuntimeError", "asyncio.run() cannot be called from a running event loop"),),
        findings=frozenset({("test_reports.py", 10, "ALP103")}),
    ),
    Evidence(
        "ALP104",
        "an asyncio.Queue made in setUpClass of an IsolatedAsyncioTestCase, which gives each test a new loop",
        symptoms=(failure("builtins.RuntimeError", "is bound to a different event loop"),),
        findings=frozenset({("test_jobs.py", 10, "ALP104")}),
    ),
    Evidence(
        "ALP201",
        "a module-level pooled SQLAlchemy engine shared by function-loop tests",
        symptoms=(DIFFERENT_LOOP, ANOTHER_OPERATION),
        findings=frozenset({("test_inventory.py", 7, "ALP201")}),
        needs_postgres=True,
    ),
    Evidence(
        "ALP202",
        "engine.dispose() without await in a fixture's teardown, under filterwarnings = error",
        symptoms=(failure("builtins.RuntimeWarning", "coroutine 'AsyncEngine.dispose' was never awaited"),),
        findings=frozenset({("conftest.py", 11, "ALP202")}),
        needs_postgres=True,
    ),
    Evidence(
        "ALP203",
        "await client.close() on redis.asyncio, deprecated since redis-py 5.0.1, under filterwarnings = error",
        symptoms=(failure("builtins.DeprecationWarning", "Call to deprecated close. (Use aclose() instead)"),),
        findings=frozenset({("conftest.py", 11, "ALP203")}),
        needs_redis=True,
    ),
    Evidence(
        "ALP204",
        "a FastAPI dependency closes its session after the yield, outside finally; a 404 skips the close",
        symptoms=(UNCHECKED_IN_CONNECTION,),
        findings=frozenset({("shop.py", 18, "ALP204")}),
        needs_postgres=True,
    ),
    Evidence(
        "ALP205",
        "a fixture returns an open AsyncConnection and nothing closes it; GC finalises it after the test, its loop"
        " already closed",
        symptoms=(UNCHECKED_IN_CONNECTION,),
        findings=frozenset({("conftest.py", 12, "ALP205")}),
        needs_postgres=True,
    ),
    Evidence(
        "ALP302",
        "httpx.AsyncClient(app=...), whose app= shortcut httpx 0.28 removed",
        symptoms=(failure("builtins.TypeError", "AsyncClient.__init__() got an unexpected keyword argument 'app'"),),
        findings=frozenset({
            ("test_status.py", 9, "ALP302"),
            ("test_status.py", 16, "ALP302"),
        }),
    ),
    Evidence(
        "ALP303",
        "an ASGITransport client for an app whose lifespan fills app.state: the lifespan never runs",
        symptoms=(NO_GREETINGS_IN_STATE,),
        findings=frozenset({
            ("test_greeter.py", 9, "ALP303"),
            ("test_greeter.py", 16, "ALP303"),
        }),
    ),
    Evidence(
        "ALP304",
        "an @app.on_event startup handler on an app that also has lifespan=: FastAPI skips the handler",
        symptoms=(failure("builtins.AttributeError", "'State' object has no attribute 'rates'"),),
        findings=frozenset({("converter.py", 17, "ALP304")}),
    ),
    Evidence(
        "ALP305",
        "a module-level TestClient(app), never entered with `with`: the app's lifespan never runs",
        symptoms=(NO_GREETINGS_IN_STATE,),
        findings=frozenset({("test_greeter.py", 5, "ALP305")}),
    ),
    Evidence(
        "ALP301",
        "async tests drive the app with the sync TestClient while sharing the test loop's asyncpg pool with it",
        symptoms=(DIFFERENT_LOOP,),
        findings=frozenset({
            ("test_notes.py", 9, "ALP301"),
            ("test_notes.py", 17, "ALP301"),
        }),
        needs_postgres=True,
    ),
    Evidence(
        "ALP901",
        "a shared asyncpg connection whose `attached to a different loop` is swallowed and the query retried:"
        " the next tests fail with `another operation is in progress` and the real cause is in no report",
        symptoms=(ANOTHER_OPERATION,),
        findings=frozenset({("stock.py", 23, "ALP901")}),
        hidden=(DIFFERENT_LOOP,),
        needs_postgres=True,
    ),
    Evidence(
        "ALP902",
        "a filterwarnings mark ignoring `coroutine ... was never awaited` over a fixture whose cleanup is never"
        " awaited: the next test fails on the previous test's cart and the warning naming the cleanup is gone",
        symptoms=(failure("carts.ItemAlreadyInCart", "cart 'alice' already holds SKU-1"),),
        findings=frozenset({("test_carts.py", 3, "ALP902")}),
        hidden=(warning("builtins.RuntimeWarning", "coroutine 'CartStore.clear' was never awaited"),),
    ),
    Evidence(
        "ALP903",
        "a loop exception handler that drops errors over a worker whose module-level queue is bound to the first"
        " test's loop: the worker dies unseen (no `Task exception was never retrieved`) and the next test's"
        " uploads are never rendered",
        symptoms=(failure("jobs.RenderingStalled", "2 uploads still queued after 1s"),),
        findings=frozenset({
            ("conftest.py", 11, "ALP903"),  # set_exception_handler(lambda loop, context: None)
            ("test_jobs.py", 5, "ALP201"),  # the module-level queue, imported into test code
        }),
        hidden=(
            logged("Task exception was never retrieved", "builtins.RuntimeError", "is bound to a different event loop"),
        ),
    ),
)

# Every symptom any project is known to show, in a stable order, for reporting what a run saw.
KNOWN_SYMPTOMS = tuple(dict.fromkeys(symptom for evidence in EVIDENCE for symptom in evidence.symptoms))
