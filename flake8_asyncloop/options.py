"""The plugin's flake8 options, read once into a frozen ``Settings`` every file shares.

Options live in flake8's own config files (``setup.cfg``, ``tox.ini``, ``.flake8``)
or on the command line.  The three ``asyncio`` options override what the pytest
config says: for monorepos whose tests run under another config, and for editors
that lint an unsaved buffer under a display name.
"""

from __future__ import annotations

import argparse
import re

from .catalog import CLOSE_VOCABULARY, Factory, parse_factory
from .project.config import FIXTURE_SCOPE_DEFAULT, LOOP_SCOPES
from .settings import Settings
from .versions import parse_version_pins


def _choice(allowed: tuple[str, ...]):
    def parse(value: str) -> str:
        value = value.strip()
        if value not in allowed:
            raise argparse.ArgumentTypeError(f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    return parse


def _factories(value: str | list[str]) -> tuple[Factory, ...]:
    """``a.b.make:dispose, c.d.make:close:sync`` (commas or whitespace between entries)."""
    specs = re.split(r"[,\s]+", value) if isinstance(value, str) else value
    try:
        return tuple(parse_factory(spec) for spec in specs if spec.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _pins(option: str):
    """``pytest-asyncio==0.21.2,httpx==0.24.1``, checked at startup (not per file), errors naming ``option``."""
    def parse(value: str) -> str:
        try:
            parse_version_pins(value, option)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        return value

    return parse


def add_options(option_manager) -> None:
    option_manager.add_option(
        "--asyncio-mode",
        type=_choice(("strict", "auto")),
        parse_from_config=True,
        help="pytest-asyncio mode to assume instead of the one in the pytest config "
        "(strict or auto). Default: read from the pytest config; strict if none.",
    )
    option_manager.add_option(
        "--asyncio-default-fixture-loop-scope",
        type=_choice((*LOOP_SCOPES, FIXTURE_SCOPE_DEFAULT, "unset")),
        parse_from_config=True,
        help="asyncio_default_fixture_loop_scope to assume instead of the pytest config's "
        "(function, class, module, package, session, fixture-scope, or unset). Default: read from the pytest config.",
    )
    option_manager.add_option(
        "--asyncio-default-test-loop-scope",
        type=_choice(LOOP_SCOPES),
        parse_from_config=True,
        help="asyncio_default_test_loop_scope to assume instead of the pytest config's. "
        "Default: read from the pytest config; function if none.",
    )
    option_manager.add_option(
        "--asyncloop-resource-factories",
        type=_factories,
        default=(),
        parse_from_config=True,
        help="Your own async resource factories, comma separated, as FACTORY:METHOD "
        "(e.g. myapp.db.make_engine:dispose means 'await engine.dispose()' closes what it makes); "
        "append :sync when METHOD is not a coroutine, or give FACTORY alone for a loop-bound value with "
        f"nothing to close. METHOD is one of {', '.join(CLOSE_VOCABULARY)}. "
        "Default: none; the built-in catalogue (SQLAlchemy, asyncpg, psycopg, redis, aioredis, httpx, "
        "aiohttp, databases, motor, aiopg, aiomysql, asyncio primitives) always applies.",
    )
    _add_version_options(option_manager)


def _add_version_options(option_manager) -> None:
    option_manager.add_option(
        "--asyncloop-versions",
        type=_pins("--asyncloop-versions"),
        parse_from_config=True,
        help="Versions the tests run with, as NAME==VERSION, comma separated (e.g. "
        "pytest-asyncio==0.21.2,httpx==0.24.1); they replace what the project's lock, requirement and "
        "config files say (monorepos, editors). Default: read from the project's files; newest known if none.",
    )
    option_manager.add_option(
        "--asyncloop-show-docs",
        action="store_true",
        parse_from_config=True,
        help="End each ALP message with the URL of the code's documentation page (what it detects, why it "
        "breaks, a bad and a fixed example). Default: off.",
    )
    option_manager.add_option(
        "--asyncloop-target-versions",
        type=_pins("--asyncloop-target-versions"),
        parse_from_config=True,
        help="Also check the code as if these versions were installed (NAME==VERSION, comma separated): the "
        "upgrade preview. Findings that hold only under them say so. Default: none.",
    )


def settings_from(options: argparse.Namespace) -> Settings:
    return Settings(
        asyncio_mode=getattr(options, "asyncio_mode", None),
        default_fixture_loop_scope=getattr(options, "asyncio_default_fixture_loop_scope", None),
        default_test_loop_scope=getattr(options, "asyncio_default_test_loop_scope", None),
        resource_factories=tuple(getattr(options, "asyncloop_resource_factories", None) or ()),
        versions=getattr(options, "asyncloop_versions", None),
        target_versions=getattr(options, "asyncloop_target_versions", None),
        show_docs=bool(getattr(options, "asyncloop_show_docs", False)),
    )
