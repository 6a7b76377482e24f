"""TOML files parsed once per stat stamp, for every reader of the package.

pytest's config, the ``pytest11`` entry points and the dependency readers all read ``pyproject.toml``, and
the config is looked up again for every directory of a project: one parse per file version instead of one
per question.  ``tomllib`` from Python 3.11, the ``tomli`` backport on 3.10.  The standard library only:
the layers above (``project/``, ``versions/``) both read through here.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised by the Python 3.10 CI session
    import tomli as tomllib

TOMLDecodeError = tomllib.TOMLDecodeError


def load_toml(path: str | os.PathLike) -> dict[str, Any]:
    """The parsed document, shared between callers (never modify it); ``OSError`` when the file cannot be read,
    ``TOMLDecodeError`` (a ``ValueError``) when it is no TOML."""
    status = os.stat(path)
    return _parsed(os.path.abspath(path), (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino))


@lru_cache(maxsize=64)
def _parsed(path: str, _stamp: tuple) -> dict[str, Any]:
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def loads(text: str) -> dict[str, Any]:
    return tomllib.loads(text)
