"""Lock files: the versions an environment actually installs, hence the most trusted source.

``uv.lock``, ``poetry.lock`` and ``pdm.lock`` are TOML with one ``[[package]]`` table per locked
distribution (``name``, ``version``); ``Pipfile.lock`` is JSON with ``default``/``develop`` maps whose
``version`` is ``"==X"``.  A lock may hold one package twice (uv forks the resolution per marker);
then the newest is kept, the choice that also wins when a range is resolved.
"""
from __future__ import annotations

import json
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from .declarations import Declaration
from .toml_compat import load_toml

# Checked in this order within one directory, and listed in this order in a model's sources.
LOCK_FILE_NAMES = ("uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock")


def read_lock_file(path: Path, origin: str) -> list[Declaration]:
    """The locked versions of one lock file; ``OSError``/``ValueError`` when it cannot be read."""
    pairs = _pipfile_lock_pairs(path) if path.name == "Pipfile.lock" else _toml_lock_pairs(path)
    newest: dict[str, Version] = {}
    for name, version_text in pairs:
        try:
            version = Version(version_text)
        except InvalidVersion:
            continue
        key = canonicalize_name(name)
        if key not in newest or version > newest[key]:
            newest[key] = version
    return [Declaration(name=name, origin=origin, locked=version) for name, version in newest.items()]


def _toml_lock_pairs(path: Path) -> list[tuple[str, str]]:
    packages = load_toml(path).get("package")
    if not isinstance(packages, list):
        return []
    return [
        (package["name"], package["version"])
        for package in packages
        if isinstance(package, dict) and all(isinstance(package.get(key), str) for key in ("name", "version"))
    ]


def _pipfile_lock_pairs(path: Path) -> list[tuple[str, str]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    pairs = []
    for section in ("default", "develop"):
        table = document.get(section) if isinstance(document, dict) else None
        if not isinstance(table, dict):
            continue
        for name, entry in table.items():
            version = entry.get("version") if isinstance(entry, dict) else None
            if isinstance(version, str) and version.startswith("=="):
                pairs.append((name, version[2:]))
    return pairs
