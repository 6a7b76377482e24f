"""Which files pytest loads, and which conftest files apply to them, the way pytest 8/9 decides.

A file is *collected* when pytest's default run (from the rootdir, no arguments) would import
it as a test module: inside ``testpaths`` when set, no directory on the way matching
``norecursedirs`` (or holding a virtualenv), its name (or path, when the pattern holds a
separator) matching ``python_files``, not listed in a conftest's ``collect_ignore``.
*Conftests* apply from the file's directory up to ``confcutdir`` (the config file's
directory, else the rootdir).  Code pytest never loads is not test code: rules that judge
tests and fixtures stay silent there.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from functools import cached_property

from .config import PytestConfig
from .files import FileFacts
from .loading import load_file

_PROJECT_MARKERS = ("setup.py", "setup.cfg", "pyproject.toml", ".git", "tox.ini")


def fnmatch_ex(pattern: str, path: str) -> bool:
    """pytest's ``fnmatch_ex``: a pattern with a path separator matches the whole path, else the name."""
    if os.sep not in pattern and "/" not in pattern:
        return fnmatch.fnmatch(os.path.basename(path), pattern)
    pattern = pattern.replace("/", os.sep)
    if os.path.isabs(path) and not os.path.isabs(pattern):
        pattern = f"*{os.sep}{pattern}"
    return fnmatch.fnmatch(path, pattern)


def top_directory(config: PytestConfig, path: str) -> str:
    """The rootdir: the config file's directory, else the nearest directory marking a project."""
    if config.rootdir:
        return config.rootdir
    directory = os.path.dirname(path)
    while True:
        if any(os.path.exists(os.path.join(directory, marker)) for marker in _PROJECT_MARKERS):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return os.path.dirname(path)
        directory = parent


class Collection:
    """What pytest loads under one rootdir, answered per file."""

    def __init__(self, config: PytestConfig, rootdir: str) -> None:
        self.config = config
        self.rootdir = rootdir
        self.confcutdir = config.confcutdir or rootdir

    @cached_property
    def _testpaths(self) -> tuple[str, ...]:
        found: list[str] = []
        for entry in self.config.testpaths:
            pattern = os.path.join(self.rootdir, entry)
            matched = glob.glob(pattern, recursive=True) if glob.has_magic(entry) else [pattern]
            found.extend(os.path.normpath(path) for path in matched)
        return tuple(found)

    def in_testpaths(self, path: str) -> bool:
        if not self.config.testpaths:
            return True
        return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in self._testpaths)

    def recursed_into(self, path: str) -> bool:
        """No directory between the rootdir and ``path`` is one pytest skips (norecursedirs, virtualenvs)."""
        relative = os.path.relpath(os.path.dirname(path), self.rootdir)
        if relative.startswith(".."):
            return True  # outside the rootdir: only an explicit argument would reach it; judge it as asked
        directory = self.rootdir
        for part in [] if relative == "." else relative.split(os.sep):
            directory = os.path.join(directory, part)
            if any(fnmatch.fnmatch(part, pattern) for pattern in self.config.norecursedirs):
                return False
            if os.path.isfile(os.path.join(directory, "pyvenv.cfg")):
                return False
        return True

    def is_collected(self, path: str) -> bool:
        """pytest's default run imports ``path`` as a test module."""
        if not any(fnmatch_ex(pattern, path) for pattern in self.config.python_files):
            return False
        if not (self.in_testpaths(path) and self.recursed_into(path)):
            return False
        return not self._ignored_by_conftest(path)

    def _ignored_by_conftest(self, path: str) -> bool:
        for conftest in self.conftest_chain(path):
            base = os.path.dirname(conftest.path)
            for entry in conftest.collect_ignore:
                full = os.path.normpath(os.path.join(base, entry))
                if path == full or path.startswith(full + os.sep) or fnmatch.fnmatch(path, full):
                    return True
        return False

    def conftest_chain(self, path: str) -> tuple[FileFacts, ...]:
        """conftest.py files pytest loads for ``path``, nearest first, down from ``confcutdir``."""
        chain = []
        directory = os.path.dirname(path)
        if os.path.basename(path) == "conftest.py":
            directory = os.path.dirname(directory) if directory != self.confcutdir else None
        while directory and self._within_confcutdir(directory):
            candidate = os.path.join(directory, "conftest.py")
            if candidate != path and os.path.isfile(candidate) and self.recursed_into(candidate):
                facts = load_file(candidate, self.test_patterns)
                if facts is not None:
                    chain.append(facts)
            parent = os.path.dirname(directory)
            directory = parent if parent != directory else None
        return tuple(chain)

    def _within_confcutdir(self, directory: str) -> bool:
        cut = self.confcutdir.rstrip(os.sep)
        return directory == cut or directory.startswith(cut + os.sep)

    @property
    def test_patterns(self) -> tuple:
        return (self.config.python_functions, self.config.python_classes)

    def is_conftest(self, path: str) -> bool:
        """A conftest.py pytest loads: under ``confcutdir`` and not in a directory it skips."""
        return (os.path.basename(path) == "conftest.py" and self._within_confcutdir(os.path.dirname(path))
                and self.recursed_into(path))
