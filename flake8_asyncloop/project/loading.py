"""Reading project files from disk: decoded the way Python decodes them, parsed once per stat stamp."""

from __future__ import annotations

import io
import os
import tokenize
from collections import OrderedDict

from .files import DEFAULT_TEST_PATTERNS, FileFacts

_FILE_CACHE: OrderedDict[tuple, FileFacts] = OrderedDict()
_FILE_CACHE_SIZE = 256


def file_stamp(path: str) -> tuple | None:
    """What changes when a file is edited or replaced, even within one timestamp tick."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


def load_file(path: str, test_patterns: tuple = DEFAULT_TEST_PATTERNS) -> FileFacts | None:
    """Facts of a file on disk (conftest, plugin, app module), parsed once per stamp; None if unreadable."""
    path = os.path.abspath(path)
    stamp = file_stamp(path)
    if stamp is None:
        return None
    key = (path, stamp, test_patterns)
    cached = _FILE_CACHE.get(key)
    if cached is not None:
        _FILE_CACHE.move_to_end(key)
        return cached
    try:
        with open(path, "rb") as handle:
            source = decode_source(handle.read())
        facts = FileFacts(path, source, test_patterns=test_patterns)
        facts.syntax  # parse now so a broken file is rejected here, not inside a rule
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError):
        return None
    _FILE_CACHE[key] = facts
    if len(_FILE_CACHE) > _FILE_CACHE_SIZE:
        _FILE_CACHE.popitem(last=False)
    return facts


def decode_source(data: bytes) -> str:
    """Decode the way Python does: BOM, then a coding cookie, else UTF-8."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)
