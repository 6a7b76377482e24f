"""Which directory's dependency sources describe a linted file, and which lock governs them.

The root is the first directory, from the one given upward, that holds any dependency source; the walk
stops at a directory containing ``.git`` (a repository boundary) or at the filesystem root.  Lock files
are then looked for from the root upward to the same boundary, because uv, Poetry and PDM workspaces keep
one lock at the workspace root while each member has its own pyproject.toml.

Every directory walked and every file read is *stamped* by (mtime_ns, size, inode) before it is used, so a
cached answer can be proved current: a directory's mtime changes when an entry is created, removed or
renamed in it (a new requirements file, a new ``.git``), and a file's stamp changes when it is edited or
replaced.  Stamping before use means an edit made while the file is being read still shows as a change.
"""
from __future__ import annotations

import os
from pathlib import Path

from .lock_readers import LOCK_FILE_NAMES

# Sources are read in this order (packaging metadata, then requirements files, then test-runner and
# Pipenv files); within one trust rank the first declaration read wins (see resolution.py).
PACKAGING_SOURCE_NAMES = ("pyproject.toml", "setup.cfg", "setup.py")
LATE_SOURCE_NAMES = ("tox.ini", "Pipfile")
REQUIREMENTS_DIRECTORY = "requirements"

Stamp = tuple[int, int, int]


def stamp(path: Path) -> Stamp | None:
    """(mtime_ns, size, inode) of ``path``, or ``None`` when it does not exist (or cannot be seen)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


class StampLog:
    """The stamp of each path as it was just before its first use."""

    def __init__(self) -> None:
        self._stamps: dict[Path, Stamp | None] = {}

    def take(self, path: Path) -> None:
        resolved = path.resolve()
        if resolved not in self._stamps:
            self._stamps[resolved] = stamp(resolved)

    def items(self) -> tuple[tuple[Path, Stamp | None], ...]:
        return tuple(self._stamps.items())


def source_files(directory: Path) -> list[Path]:
    """The dependency sources directly in ``directory`` (lock files excluded), in reading order."""
    found = [directory / name for name in PACKAGING_SOURCE_NAMES]
    found += sorted(path for path in _listing(directory) if _is_top_level_requirements(path.name))
    found += sorted(path for path in _listing(directory / REQUIREMENTS_DIRECTORY) if path.suffix in (".txt", ".in"))
    found += [directory / name for name in LATE_SOURCE_NAMES]
    return [path for path in found if path.is_file()]


def lock_files(directory: Path) -> list[Path]:
    return [directory / name for name in LOCK_FILE_NAMES if (directory / name).is_file()]


def find_root(start: Path, stamps: StampLog) -> Path | None:
    """The project root for ``start``; every directory looked at is stamped first."""
    for directory in _upward(start):
        stamps.take(directory)
        stamps.take(directory / REQUIREMENTS_DIRECTORY)
        if source_files(directory) or lock_files(directory):
            return directory
        if (directory / ".git").exists():
            break
    return None


def find_lock_directory(root: Path, stamps: StampLog) -> Path | None:
    """The nearest directory from ``root`` upward, within the repository, that holds a lock file."""
    for directory in _upward(root):
        stamps.take(directory)
        if lock_files(directory):
            return directory
        if (directory / ".git").exists():
            break
    return None


def _upward(start: Path) -> list[Path]:
    start = start.resolve()
    return [start, *start.parents]


def _listing(directory: Path) -> list[Path]:
    try:
        return list(directory.iterdir())
    except OSError:
        return []


def _is_top_level_requirements(name: str) -> bool:
    return name.startswith("requirements") and name.endswith(".txt")
