"""Reading project files from disk: decoded the way Python decodes them, parsed once per stat stamp."""

from __future__ import annotations

import gc
import io
import os
import tokenize
from collections import OrderedDict

from .files import DEFAULT_TEST_PATTERNS, FileFacts

_FILE_CACHE: OrderedDict[tuple, FileFacts] = OrderedDict()
_FILE_CACHE_SIZE = 256
# A parsed file holds about 1.4 KiB per line: the least recently used files go once the cache holds more
# lines than this (about 80 MiB), so memory stays bounded however large the project files a suite imports.
# SQLAlchemy's async tests reach 109,000 lines of the package: 60,000 re-parses one file of them, 36,000
# re-parsed 59 (+12 µs per linted line).
_FILE_CACHE_LINES = 60_000


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
    _evict_least_recently_used()
    _keep_out_of_collections(source.count("\n"))
    return facts


def _evict_least_recently_used() -> None:
    """Down to the cache's file and line budgets, keeping the newest file (asked for now) whatever its size.
    Run on a miss only, which has just paid for a parse: counting the cached lines again is cheap beside it."""
    total = sum(facts.source.count("\n") for facts in _FILE_CACHE.values())
    while len(_FILE_CACHE) > 1 and (len(_FILE_CACHE) > _FILE_CACHE_SIZE or total > _FILE_CACHE_LINES):
        _, evicted = _FILE_CACHE.popitem(last=False)
        total -= evicted.source.count("\n")


_FREEZE_EVERY_LINES = 2000  # each freeze costs one collection of what is not frozen yet: batch small files
_unfrozen_lines = 0


def _keep_out_of_collections(lines: int) -> None:
    """Move what is alive now to the collector's permanent generation (``gc.freeze``).

    A parsed project file is some seven tracked objects per line, kept for the whole run; every full
    collection of flake8's process would walk all of them again, which cost more than the analysis itself
    (90 against 33 µs per line on real async test suites, see benchmarks/README.md).  Frozen objects are
    still freed by reference counting: the cached records hold no reference cycles (tests/test_long_lived_caches
    checks that an evicted file is freed with the collector off), so eviction still returns the memory.  The
    garbage waiting at this moment is collected first (flake8 has just dropped the previous plugin's checker,
    whose cycles would otherwise stay frozen); that collection walks what is not frozen yet (the linted file,
    flake8's state), so it happens once per 2,000 lines of project files read, not per file."""
    global _unfrozen_lines
    _unfrozen_lines += lines
    if _unfrozen_lines >= _FREEZE_EVERY_LINES and gc.isenabled():
        _unfrozen_lines = 0
        gc.collect()  # garbage awaiting collection now (a finished checker's cycles) would be frozen with the rest
        gc.freeze()


_MENTIONS_CACHE: dict[tuple, bool] = {}


def mentions(path: str, word: bytes) -> bool:
    """Whether a file's bytes contain ``word``: a test that needs no parse (unreadable counts as no); asked
    again for every linted file, so answered once per stamp."""
    key = (path, file_stamp(path), word)
    if key not in _MENTIONS_CACHE:
        if len(_MENTIONS_CACHE) > 4 * _FILE_CACHE_SIZE:
            _MENTIONS_CACHE.clear()
        try:
            with open(path, "rb") as handle:
                _MENTIONS_CACHE[key] = word in handle.read()
        except OSError:
            _MENTIONS_CACHE[key] = False
    return _MENTIONS_CACHE[key]


def decode_source(data: bytes) -> str:
    """Decode the way Python does: BOM, then a coding cookie, else UTF-8."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)
