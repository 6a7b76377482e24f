"""Lock files: the versions an environment actually installs, hence the most trusted source.

``uv.lock``, ``poetry.lock`` and ``pdm.lock`` are TOML with one ``[[package]]`` table per locked
distribution (``name``, ``version``); ``Pipfile.lock`` is JSON with ``default``/``develop`` maps whose
``version`` is ``"==X"``.  A lock may hold one package twice (uv forks the resolution per marker);
then the newest is kept, the choice that also wins when a range is resolved.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from .declarations import Declaration
from .toml_compat import load_toml, loads

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
    text = path.read_text(encoding="utf-8")
    headers = _package_headers(text)
    if headers is not None:
        packages = loads(headers).get("package")
    else:
        packages = load_toml(path).get("package")
    if not isinstance(packages, list):
        return []
    return [
        (package["name"], package["version"])
        for package in packages
        if isinstance(package, dict) and all(isinstance(package.get(key), str) for key in ("name", "version"))
    ]


_TOP_LEVEL_LINE = re.compile(r"""(?:$|#|\[|[\]}]|[A-Za-z0-9_.'"-]+\s*=)""")
_PACKAGE_HEADER = "[[package]]"


def _package_headers(text: str) -> str | None:
    """Each ``[[package]]`` table cut down to its one-line ``name`` and ``version`` keys (a workspace member may
    have no version), as a TOML text for
    ``tomllib``; None when the file is not shaped the way uv, Poetry and PDM write locks (then the whole file is
    parsed).  A lock lists every wheel's hash: parsing all of it cost some 30 ms per 300 kB in every flake8
    process, for two keys per package.  The shape test (every line at the left margin a key, a table header, a
    closing bracket, a comment or blank; no multi-line string) keeps a conflicted or hand-broken lock on the
    full parse, which rejects it as before."""
    if '"""' in text or "'''" in text:
        return None
    picked: list[str] = []
    keys: set[str] = set()
    inside = False
    for line in text.splitlines():
        if not line or line[0] in " \t":
            continue
        if not _TOP_LEVEL_LINE.match(line):
            return None
        if line.startswith("["):
            if inside and "name" not in keys:
                return None
            inside = line.rstrip() == _PACKAGE_HEADER
            keys = set()
            if inside:
                picked.append(_PACKAGE_HEADER)
        elif inside and (line.startswith("name =") or line.startswith("version =")):
            keys.add(line.split(" ", 1)[0])
            picked.append(line)
    if inside and "name" not in keys:
        return None
    return "\n".join(picked) + "\n" if picked else None


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
