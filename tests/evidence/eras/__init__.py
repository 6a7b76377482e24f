"""Runtime evidence per era: projects and probes run for real under older pytest-asyncio, httpx and redis.

The linter's version model says what each release of pytest-asyncio, httpx and redis does; these tests
check those statements against the releases themselves.  Each era is a cached virtual environment
(``venvs.py``, ``catalogue.py``); the projects and probes live in ``sample/``, a name both flake8's
repository-wide run and pytest's collection skip, so the projects are only run as projects.
"""
