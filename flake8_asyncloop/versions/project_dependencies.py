"""Everything one root's dependency sources declare, read once and stamped so a cache can trust it.

Nothing of the linted project is imported or run: files are read as text, TOML, INI or JSON, and
setup.py through ``ast``.  A file that cannot be read or parsed is recorded in ``unreadable`` and skipped,
because a broken file in the linted project must not stop the linter.
"""
from __future__ import annotations

import configparser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .declarations import Declaration
from .discovery import Stamp, StampLog, find_lock_directory, find_root, lock_files, source_files, stamp
from .ini_readers import read_pipfile, read_setup_cfg, read_tox_ini
from .lock_readers import read_lock_file
from .pyproject_reader import read_pyproject
from .requirements_files import RequirementsReading, relative_origin
from .setup_py_reader import read_setup_py

# What a broken file can raise while being read or parsed: TOML, JSON, Unicode and requirement errors are
# ValueErrors; ast raises SyntaxError (or RecursionError for absurd nesting); configparser its own Error.
_UNREADABLE = (OSError, ValueError, SyntaxError, RecursionError, configparser.Error)

_SIMPLE_READERS: dict[str, Callable[[Path, str], list[Declaration]]] = {
    "pyproject.toml": read_pyproject,
    "setup.cfg": read_setup_cfg,
    "setup.py": read_setup_py,
    "Pipfile": read_pipfile,
}


@dataclass(frozen=True)
class ProjectDependencies:
    """The declarations of one root, most trusted source order first: lock files, then the other sources.

    ``root`` is ``None`` when no directory up to the repository boundary holds a dependency source.
    ``sources`` and ``unreadable`` are paths relative to the root, as messages show them.
    """

    root: Path | None
    declarations: tuple[Declaration, ...]
    sources: tuple[str, ...]
    unreadable: tuple[str, ...]
    stamps: tuple[tuple[Path, Stamp | None], ...]

    def is_current(self) -> bool:
        """Whether no file read, and no directory whose listing was used, changed since reading."""
        return all(stamp(path) == recorded for path, recorded in self.stamps)


def read_project_dependencies(start: Path) -> ProjectDependencies:
    """Find the root for ``start`` and read all its sources and its governing lock files."""
    stamps = StampLog()
    root = find_root(start, stamps)
    if root is None:
        return ProjectDependencies(None, (), (), (), stamps.items())
    lock_directory = find_lock_directory(root, stamps)
    reading = _Reading(root, stamps)
    for lock in lock_files(lock_directory) if lock_directory else []:
        reading.run(lock, read_lock_file)
    includes = RequirementsReading(root, stamps)
    for path in source_files(root):
        if path.name == "tox.ini":
            reading.run(path, lambda file, origin: read_tox_ini(file, origin, includes))
        elif path.name in _SIMPLE_READERS:
            reading.run(path, _SIMPLE_READERS[path.name])
        else:
            includes.read(path)
        reading.take_requirements(includes)
    return ProjectDependencies(
        root=root,
        declarations=tuple(reading.declarations),
        sources=tuple(relative_origin(path, root) for path in reading.files_read),
        unreadable=tuple(relative_origin(path, root) for path in reading.unreadable),
        stamps=stamps.items(),
    )


class _Reading:
    """Collects declarations, files read and unreadable files in reading order."""

    def __init__(self, root: Path, stamps: StampLog) -> None:
        self.root = root
        self.stamps = stamps
        self.declarations: list[Declaration] = []
        self.files_read: list[Path] = []
        self.unreadable: list[Path] = []

    def run(self, path: Path, reader: Callable[[Path, str], list[Declaration]]) -> None:
        self.stamps.take(path)
        try:
            found = reader(path, relative_origin(path, self.root))
        except _UNREADABLE:
            self.unreadable.append(path)
            return
        self.files_read.append(path)
        self.declarations += found

    def take_requirements(self, includes: RequirementsReading) -> None:
        """Move what requirements files (and tox ``-r`` includes) produced so far, keeping reading order."""
        self.declarations += includes.declarations
        self.files_read += includes.files_read
        self.unreadable += includes.unreadable
        includes.declarations.clear()
        includes.files_read.clear()
        includes.unreadable.clear()
