"""The eras the evidence runs in: one 2023 baseline and, for each question, the baseline with one library moved.

The baseline is what a project that last upgraded in 2023 pins: pytest-asyncio 0.21.2 on pytest 7.4.4, httpx
0.24.1 (still with ``AsyncClient(app=...)``), redis 4.6.0 (no ``aclose()`` yet), asyncpg 0.32.0 and SQLAlchemy
2.0.  Every other era replaces only the distributions its name says (and what they drag in), so a difference
between two runs is the named library's doing.  Pins are complete dependency closures for CPython 3.11+; an
environment that ends up with anything unpinned is refused (``venvs.py``).
"""

from __future__ import annotations

from .venvs import Era

BASELINE_2023 = Era(
    "pytest-asyncio-0.21.2+httpx-0.24.1+redis-4.6.0",
    frozenset({
        "pytest==7.4.4", "pluggy==1.7.0", "iniconfig==2.3.1", "packaging==26.4",
        "pytest-asyncio==0.21.2",
        "asyncpg==0.32.0", "SQLAlchemy==2.0.44", "greenlet==3.5.6", "typing_extensions==4.16.0",
        "httpx==0.24.1", "httpcore==0.17.3", "h11==0.14.0", "anyio==3.7.1", "sniffio==1.3.1", "idna==3.20",
        "certifi==2026.10.19.post1", "starlette==0.27.0",
        "redis==4.6.0",
    }),
)

# pytest 8.4 started to need Pygments; the pytest each pytest-asyncio release supports comes with it.
_PYTEST_8_3 = ("pytest==8.3.5",)
_PYTEST_8_4 = ("pytest==8.4.2", "Pygments==2.21.0")
_PYTEST_9_0 = ("pytest==9.0.3", "Pygments==2.21.0")

PYTEST_ASYNCIO_0_23 = BASELINE_2023.replacing("pytest-asyncio-0.23.8", "pytest-asyncio==0.23.8", *_PYTEST_8_3)
PYTEST_ASYNCIO_0_25 = BASELINE_2023.replacing("pytest-asyncio-0.25.3", "pytest-asyncio==0.25.3", *_PYTEST_8_3)
PYTEST_ASYNCIO_0_26 = BASELINE_2023.replacing("pytest-asyncio-0.26.0", "pytest-asyncio==0.26.0", *_PYTEST_8_3)
PYTEST_ASYNCIO_1_0 = BASELINE_2023.replacing("pytest-asyncio-1.0.0", "pytest-asyncio==1.0.0", *_PYTEST_8_4)
PYTEST_ASYNCIO_1_5 = BASELINE_2023.replacing("pytest-asyncio-1.5.0", "pytest-asyncio==1.5.0", *_PYTEST_9_0)
HTTPX_0_28 = BASELINE_2023.replacing("httpx-0.28.1", "httpx==0.28.1", "httpcore==1.0.9", "h11==0.16.0")
REDIS_5_0 = BASELINE_2023.replacing("redis-5.0.1", "redis==5.0.1")

ERAS = (
    BASELINE_2023, PYTEST_ASYNCIO_0_23, PYTEST_ASYNCIO_0_25, PYTEST_ASYNCIO_0_26, PYTEST_ASYNCIO_1_0,
    PYTEST_ASYNCIO_1_5, HTTPX_0_28, REDIS_5_0,
)
