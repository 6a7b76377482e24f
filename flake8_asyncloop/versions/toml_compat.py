"""TOML loading on every supported Python: ``tomllib`` from 3.11, the ``tomli`` backport on 3.10."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised by the Python 3.10 CI session
    import tomli as tomllib


def load_toml(path: Path) -> dict[str, Any]:
    """Parse ``path``; ``OSError`` when it cannot be read, ``ValueError`` (TOMLDecodeError) when it is no TOML."""
    with open(path, "rb") as stream:
        return tomllib.load(stream)
