"""The versions a linted project runs, and what those versions mean for its event loops.

The rules of this plugin used to assume pytest-asyncio 1.x everywhere, while real projects pin 0.21 to
0.25, whose loop semantics differ.  This package reads a project's dependency sources (lock files, pins,
ranges), resolves each package to one version, and answers version-dependent questions by name, so that a
rule asks ``model.pytest_asyncio.event_loop_fixture`` instead of comparing version numbers, and names the
version in its message::

    from flake8_asyncloop.versions import project_versions

    model = project_versions("/path/to/rootdir", overrides=None, targets=None)
    features = model.pytest_asyncio
    if features.event_loop_fixture == "the-loop":
        message = f"... ({features.phrase})"   # "(pytest-asyncio 0.21.2 from poetry.lock)"

This package is a leaf: it imports only the standard library, ``packaging`` and the package's cached TOML
reader (``toml_documents``: ``tomllib``, ``tomli`` on Python 3.10), and it never imports or runs anything of
the linted project.
"""
from __future__ import annotations

from .cache import clear_cache, project_versions
from .declarations import Declaration, Trust
from .facts import Change, PackageFeatures, VersionFact
from .library_facts import (
    FastAPIFeatures,
    Httpx2Features,
    HttpxFeatures,
    PytestFeatures,
    RedisFeatures,
    StarletteFeatures,
)
from .model import VersionModel
from .pins_option import parse_version_pins
from .poetry_constraints import poetry_constraint_to_pep440, poetry_constraint_to_specifiers
from .pytest_asyncio_facts import PytestAsyncioFeatures
from .resolution import Basis, ResolvedVersion

__all__ = [
    "Basis",
    "Change",
    "Declaration",
    "FastAPIFeatures",
    "Httpx2Features",
    "HttpxFeatures",
    "PackageFeatures",
    "PytestAsyncioFeatures",
    "PytestFeatures",
    "RedisFeatures",
    "ResolvedVersion",
    "StarletteFeatures",
    "Trust",
    "VersionFact",
    "VersionModel",
    "clear_cache",
    "parse_version_pins",
    "poetry_constraint_to_pep440",
    "poetry_constraint_to_specifiers",
    "project_versions",
]
