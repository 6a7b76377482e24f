"""Which directory's dependency sources describe a linted file, and which lock governs them.

The root is the first directory, from the one given upward, that holds any dependency source; the walk
stops at a directory containing ``.git`` (a repository boundary) or at the filesystem root.  Lock files
are then looked for from the root upward to the same boundary, because uv, Poetry and PDM workspaces keep
one lock at the workspace root while each member has its own pyproject.toml.

Every directory walked and every file read is *stamped* by (mtime_ns, size, inode), so a cached answer can
be proved current: a directory's mtime changes when an entry is created, removed or renamed in it (a new
requirements file, a new ``.git``), and a file's stamp changes when it is edited or replaced.
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


def source_files(directory: Path) -> list[Path]:
    """The dependency sources directly in ``directory`` (lock files excluded), in reading order."""
    found = [directory / name for name in PACKAGING_SOURCE_NAMES]
    found += sorted(path for path in _listing(directory) if _is_top_level_requirements(path.name))
    found += sorted(path for path in _listing(directory / REQUIREMENTS_DIRECTORY) if path.suffix in (".txt", ".in"))
    found += [directory / name for name in LATE_SOURCE_NAMES]
    return [path for path in found if path.is_file()]


def lock_files(directory: Path) -> list[Path]:
    return [directory / name for name in LOCK_FILE_NAMES if (directory / name).is_file()]


def find_root(start: Path) -> tuple[Path | None, list[Path]]:
    """The project root for ``start`` and the directories looked at to find it (all of them are stamped)."""
    walked = []
    for directory in _upward(start):
        walked.append(directory)
        if source_files(directory) or lock_files(directory):
            return directory, walked
        if (directory / ".git").exists():
            break
    return None, walked


def find_lock_directory(root: Path) -> tuple[Path | None, list[Path]]:
    """The nearest directory from ``root`` upward, within the repository, that holds a lock file."""
    walked = []
    for directory in _upward(root):
        walked.append(directory)
        if lock_files(directory):
            return directory, walked
        if (directory / ".git").exists():
            break
    return None, walked


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
