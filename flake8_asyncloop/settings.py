"""The plugin's settings as one frozen value, shared by every file of a flake8 run.

Kept apart from ``options.py`` (which talks to flake8) so the analysis context can use it
without importing the option machinery.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Factory


@dataclass(frozen=True)
class Settings:
    asyncio_mode: str | None = None
    default_fixture_loop_scope: str | None = None
    default_test_loop_scope: str | None = None
    resource_factories: tuple[Factory, ...] = ()
    versions: str | None = None  # --asyncloop-versions: pins that replace what the project's files say
    target_versions: str | None = None  # --asyncloop-target-versions: judge as if these were installed
    show_docs: bool = False  # --asyncloop-show-docs: end each message with the URL of the code's page

    def config_overrides(self) -> dict[str, str]:
        """pytest ini keys the flake8 options pin, with their values."""
        pinned = {
            "asyncio_mode": self.asyncio_mode,
            "asyncio_default_fixture_loop_scope": self.default_fixture_loop_scope,
            "asyncio_default_test_loop_scope": self.default_test_loop_scope,
        }
        return {key: value for key, value in pinned.items() if value is not None}
