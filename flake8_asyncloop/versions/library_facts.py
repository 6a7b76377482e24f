"""Version facts of pytest, httpx, httpx2, Starlette, FastAPI and redis-py that the rules ask about.

Sources: pytest's doc/en/changelog.rst and doc/en/deprecations.rst (9.2.0 sdist) and src/_pytest/fixtures.py
of 8.4.2, 9.0.3 and 9.1.0; httpx and httpx2 CHANGELOG.md (0.28.1 and 2.16.2 sdists); Starlette
docs/release-notes.md (1.10.0 sdist) and starlette/routing.py of 0.22.0, 0.23.0, 0.26.0 and 0.52.1; FastAPI
docs/en/docs/release-notes.md and fastapi/applications.py of 0.92.0, 0.93.0, 0.103.2 and 0.104.0; redis-py
redis/asyncio/client.py of 4.1.4, 4.2.0, 5.0.0 and 5.0.1 (its sdists ship no changelog).
"""
from __future__ import annotations

from .facts import Change, PackageFeatures, VersionFact


class PytestFeatures(PackageFeatures):
    """What pytest itself does with async code that no plugin handles."""

    package = "pytest"

    unhandled_async_test = VersionFact(
        'An ``async def`` test no plugin runs: "passes-silently", "skipped-with-warning" or "fails".',
        Change("0", "passes-silently", "Before 4.4.0 such functions did not execute at all but passed."),
        Change("4.4.0", "skipped-with-warning", "4.4.0: async test functions are skipped and a warning is emitted "
               "when a suitable async plugin is not installed (#2224)."),
        Change("8.4.0", "fails", "8.4.0: Async tests will now fail, instead of warning+skipping, if you don't "
               "have any suitable plugin installed (#11372)."),
    )
    unhandled_async_fixture = VersionFact(
        'An async fixture no plugin handles (typically one requested by a sync test): "unchecked", '
        '"deprecation-warning", "error-by-default" (a PytestRemovedIn9Warning that filterwarnings can still '
        'turn back into a warning) or "fails".',
        Change("0", "unchecked", "Before 8.4.0: at most an 'unawaited coroutine' warning, none for async "
               "generators (deprecations.rst, sync test depending on async fixture)."),
        Change("8.4.0", "deprecation-warning", "8.4.0: Requesting an asynchronous fixture without a "
               "pytest_fixture_setup hook that resolves it will now give a DeprecationWarning (#10839)."),
        Change("9.0.0", "error-by-default", "9.0.0: PytestRemovedIn9Warning deprecation warnings are now errors "
               "by default (#13779); deprecations.rst: versionremoved 9.0."),
        Change("9.1.0", "fails", "9.1.0: the affected features are effectively removed (#13779); "
               "fixtures.py calls fail() for an unhandled async fixture."),
    )


class HttpxFeatures(PackageFeatures):
    """httpx's in-process app shortcut, whose removal sends tests to ASGITransport."""

    package = "httpx"

    client_app_argument = VersionFact(
        '``AsyncClient(app=...)`` / ``Client(app=...)``: "supported", "deprecated", "removed" or "never".',
        Change("0", "supported", "Before 0.27.0."),
        Change("0.27.0", "deprecated", "0.27.0: The app=... shortcut has been deprecated. Use the explicit style "
               "of transport=httpx.WSGITransport() or transport=httpx.ASGITransport() instead."),
        Change("0.28.0", "removed", "0.28.0: The deprecated app argument has now been removed."),
    )


class Httpx2Features(HttpxFeatures):
    """httpx2 forked httpx 0.28.1, so it never had the ``app=`` shortcut."""

    package = "httpx2"

    client_app_argument = VersionFact(
        HttpxFeatures.client_app_argument.summary,
        Change("0", "never", "httpx2 2.0.0b1: First release of httpx2, a fork of httpx ... Forked from "
               "httpx 0.28.1, which had removed app=."),
    )


class StarletteFeatures(PackageFeatures):
    """Starlette's startup/shutdown events, which lifespan replaced and 1.0 removed."""

    package = "starlette"

    on_event_decorator = VersionFact(
        '``app.on_event(...)`` / ``router.on_event(...)``: "supported", "deprecated" or "removed".',
        Change("0", "supported", "Before 0.23.0."),
        Change("0.23.0", "deprecated", "0.23.0 Deprecated: Deprecate Starlette and Router decorators (#1897); "
               "Router.on_event warns 'The on_event decorator is deprecated'."),
        Change("1.0.0rc1", "removed", "1.0.0rc1: Remove on_event() decorator from Starlette and Router (#3117)."),
    )
    add_event_handler = VersionFact(
        '``app.add_event_handler(...)``: "supported" or "removed" (it never warned before its removal).',
        Change("0", "supported", "Up to 0.52.1 without a deprecation warning (routing.py source)."),
        Change("1.0.0rc1", "removed", "1.0.0rc1: Remove add_event_handler() method from Starlette and Router "
               "(#3117)."),
    )
    startup_shutdown_arguments = VersionFact(
        '``Starlette(on_startup=..., on_shutdown=...)`` and the same on ``Router``: "supported", '
        '"deprecated" or "removed".',
        Change("0", "supported", "Before 0.26.0."),
        Change("0.26.0", "deprecated", "0.26.0 Deprecated: Deprecate on_startup and on_shutdown events (#2070)."),
        Change("1.0.0rc1", "removed", "1.0.0rc1: Remove on_startup and on_shutdown parameters from Starlette and "
               "Router (#3117)."),
    )
    lifespan_argument = VersionFact(
        "Whether ``Starlette(lifespan=...)`` exists.",
        Change("0", False, "Before 0.13.5."),
        Change("0.13.5", True, "0.13.5: Add support for Starlette(lifespan=...) functions."),
    )


class FastAPIFeatures(PackageFeatures):
    """FastAPI keeps its own ``on_event`` (deprecated, not removed) after Starlette 1.0 dropped its one."""

    package = "fastapi"

    on_event_decorator = VersionFact(
        '``app.on_event(...)`` / ``APIRouter.on_event(...)``: "supported", "deprecated-in-docs" (no warning) '
        'or "deprecated" (DeprecationWarning, PEP 702 @deprecated); not removed as of 0.165.0.',
        Change("0", "supported", "Before 0.93.0."),
        Change("0.93.0", "deprecated-in-docs", "0.93.0: Add support for lifespan async context managers "
               "(superseding startup and shutdown events) (#2944); docs: 'Alternative Events (deprecated)'."),
        Change("0.104.0", "deprecated", "0.104.0: first release whose FastAPI.on_event and APIRouter.on_event "
               "carry @deprecated('on_event is deprecated, use lifespan event handlers instead.')."),
    )
    lifespan_argument = VersionFact(
        "Whether ``FastAPI(lifespan=...)`` exists.",
        Change("0", False, "Before 0.93.0."),
        Change("0.93.0", True, "0.93.0: Add support for lifespan async context managers (#2944)."),
    )


class RedisFeatures(PackageFeatures):
    """How a ``redis.asyncio`` client is closed."""

    package = "redis"

    asyncio_module = VersionFact(
        "Whether ``redis.asyncio`` exists (aioredis merged into redis-py).",
        Change("0", False, "4.1.4 and older ship no redis/asyncio package."),
        Change("4.2.0", True, "4.2.0: first sdist with redis/asyncio/client.py."),
    )
    asyncio_aclose = VersionFact(
        "Whether ``redis.asyncio`` clients, pipelines and pubsub have ``aclose()``.",
        Change("0", False, "5.0.0 and older: no aclose()."),
        Change("5.0.1", True, "5.0.1: aclose() added; close() becomes 'Alias for aclose(), for backwards "
               "compatibility'."),
    )
    asyncio_close = VersionFact(
        '``await client.close()`` on ``redis.asyncio``: "absent", "current" or "deprecated".',
        Change("0", "absent", "No redis.asyncio before 4.2.0."),
        Change("4.2.0", "current", "4.2.0 to 5.0.0: close() is the way to close."),
        Change("5.0.1", "deprecated", "5.0.1: @deprecated_function(reason='Use aclose() instead', name='close') "
               "(still deprecated in 8.1.0)."),
    )
