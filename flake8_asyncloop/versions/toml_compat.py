"""TOML for the dependency readers: the package's one cached reader (``tomllib``, or ``tomli`` on 3.10)."""
from __future__ import annotations

from ..toml_documents import TOMLDecodeError, load_toml, loads

__all__ = ["TOMLDecodeError", "load_toml", "loads"]
