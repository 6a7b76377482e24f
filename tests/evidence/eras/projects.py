"""The era projects: small real projects pinned to an older stack, and what each does in which era.

Each project pins its versions in its own files, the way projects do (``requirements.txt`` or
``pyproject.toml``).  It passes in the era of those pins and fails, with the documented symptom, in the era
it is upgraded to (the redis ``aclose()`` project the other way round: it is wrong for its own pin).  flake8
must be silent on each project as pinned; with ``--asyncloop-target-versions`` naming the upgrade it must
report exactly ``findings_under_target``, at the places the rule pages document, each finding naming the
target version.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from .catalogue import (
    BASELINE_2023, HTTPX_0_28, PYTEST_ASYNCIO_0_23, PYTEST_ASYNCIO_0_25, PYTEST_ASYNCIO_1_5, REDIS_5_0,
)
from .venvs import Era

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"  # "sample": flake8's and pytest's own runs skip it


@dataclasses.dataclass(frozen=True)
class Symptom:
    """A failure the run must show: the exception's type (name or dotted tail of it) and part of its message."""

    exception: str
    message: str


PASSES = ()  # the run passes cleanly: no failure, error, skip, ResourceWarning or unraisable exception

ANOTHER_OPERATION = Symptom("asyncpg.exceptions._base.InterfaceError", "another operation is in progress")
DIFFERENT_LOOP = Symptom("RuntimeError", "attached to a different loop")


@dataclasses.dataclass(frozen=True)
class EraProject:
    name: str  # its directory under sample/
    why: str
    pinned: Era  # installs what the project's own files pin
    runs: Mapping[Era, tuple[Symptom, ...]]  # the symptoms each era's run must show; PASSES for a clean pass
    target: str  # the --asyncloop-target-versions value that names the upgrade
    findings_under_target: frozenset[tuple[str, int, str]]
    services: tuple[str, ...] = ()  # the evidence suite's fixtures the project needs: "postgres", "redis"

    @property
    def path(self) -> Path:
        return SAMPLE_DIR / self.name


PROJECTS = (
    EraProject(
        "ledger_pinned_to_0_21",
        "pytest-asyncio 0.21's session event_loop override shares one asyncpg connection with every test; 1.0"
        " removed the event_loop fixture, so the override is an ordinary fixture and each test gets its own loop",
        pinned=BASELINE_2023,
        runs={
            BASELINE_2023: PASSES,
            # 0.23 still runs these tests on the session fixtures' loop: the break comes with 1.0, not 0.23.
            PYTEST_ASYNCIO_0_23: PASSES,
            PYTEST_ASYNCIO_1_5: (DIFFERENT_LOOP, ANOTHER_OPERATION),
        },
        target="pytest-asyncio==1.5.0",
        findings_under_target=frozenset({
            ("conftest.py", 11, "ALP001"),  # def event_loop
            ("conftest.py", 18, "ALP004"),  # pool: session scope, no loop_scope, option unset
            ("conftest.py", 19, "ALP002"),  # pool(event_loop)
            ("conftest.py", 25, "ALP004"),  # db: the same
            ("test_ledger.py", 4, "ALP003"),  # each test's db parameter
            ("test_ledger.py", 9, "ALP003"),
            ("test_ledger.py", 15, "ALP003"),
        }),
        services=("postgres",),
    ),
    EraProject(
        "inventory_pinned_to_1_5",
        "pytest-asyncio's run-everything-on-the-session-loop recipe (asyncio_default_test_loop_scope, new in"
        " 0.26) on a 0.25 install: the unknown option is only a PytestConfigWarning, tests run on function loops"
        " and the session engine's connections cross loops",
        pinned=PYTEST_ASYNCIO_1_5,
        runs={PYTEST_ASYNCIO_1_5: PASSES, PYTEST_ASYNCIO_0_25: (DIFFERENT_LOOP,)},
        target="pytest-asyncio==0.25.3",
        findings_under_target=frozenset({
            ("conftest.py", 9, "ALP004"),  # engine: fixture default session, test default function in 0.25
            ("conftest.py", 18, "ALP004"),  # connection: the same
            ("test_inventory.py", 4, "ALP003"),
            ("test_inventory.py", 9, "ALP003"),
            ("test_inventory.py", 15, "ALP003"),
        }),
        services=("postgres",),
    ),
    EraProject(
        "status_pinned_to_httpx_0_24",
        "httpx.AsyncClient(app=...) works on httpx 0.24.1 and is a TypeError on 0.28.1",
        pinned=BASELINE_2023,
        runs={
            BASELINE_2023: PASSES,
            HTTPX_0_28: (Symptom("TypeError", "unexpected keyword argument 'app'"),),
        },
        target="httpx==0.28.1",
        findings_under_target=frozenset({("test_status.py", 9, "ALP302"), ("test_status.py", 16, "ALP302")}),
    ),
    EraProject(
        "ratelimit_pinned_to_redis_4_6_close",
        "await client.close() is redis 4.6's API; 5.0.1 deprecates it for aclose(), an error under"
        " filterwarnings = error",
        pinned=BASELINE_2023,
        runs={
            BASELINE_2023: PASSES,
            REDIS_5_0: (Symptom("DeprecationWarning", "Call to deprecated close. (Use aclose() instead)"),),
        },
        target="redis==5.0.1",
        findings_under_target=frozenset({("conftest.py", 11, "ALP203")}),
        services=("redis",),
    ),
    EraProject(
        "ratelimit_pinned_to_redis_4_6_aclose",
        "await client.aclose() before redis 5.0.1 has it: the linter must not ask for aclose() on redis 4.6",
        pinned=BASELINE_2023,
        runs={
            BASELINE_2023: (Symptom("AttributeError", "'Redis' object has no attribute 'aclose'"),),
            REDIS_5_0: PASSES,
        },
        target="redis==5.0.1",
        findings_under_target=frozenset(),
        services=("redis",),
    ),
)
