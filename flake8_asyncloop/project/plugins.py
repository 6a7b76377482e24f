"""Modules pytest imports for their fixtures rather than collecting them: ``pytest_plugins`` modules,
the project's own ``pytest11`` entry points, and modules a conftest imports fixtures from.

Such a module is test code even though its name matches no ``python_files`` pattern
(``tests/fixtures/db.py``).  Entry points are read from the project's metadata files as data
(TOML, INI, or a literal ``setup.py`` read with ``ast``), never by running anything.
"""

from __future__ import annotations

import ast
import configparser
import os
from functools import lru_cache

from ..toml_documents import TOMLDecodeError, load_toml
from .loading import file_stamp, load_file, mentions
from .modules import find_module_file, search_roots


_MAX_DIRECTORIES = 5000
_SKIPPED = frozenset({".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "node_modules", "__pycache__",
                      "build", "dist", "site-packages"})


@lru_cache(maxsize=32)
def entry_point_plugins(rootdir: str) -> tuple[str, ...]:
    """Modules the project registers under the ``pytest11`` entry point group."""
    found: list[str] = []
    found += _from_pyproject(os.path.join(rootdir, "pyproject.toml"))
    found += _from_setup_cfg(os.path.join(rootdir, "setup.cfg"))
    found += _from_setup_py(os.path.join(rootdir, "setup.py"))
    return tuple(dict.fromkeys(value.split(":", 1)[0].strip() for value in found if value.strip()))


def _from_pyproject(path: str) -> list[str]:
    try:
        data = load_toml(path)
    except (OSError, TOMLDecodeError, UnicodeDecodeError):
        return []
    project = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
    group = project.get("entry-points", {}).get("pytest11", {}) if isinstance(project.get("entry-points"), dict) else {}
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    plugins = poetry.get("plugins", {}).get("pytest11", {}) if isinstance(poetry.get("plugins"), dict) else {}
    return [str(value) for table in (group, plugins) if isinstance(table, dict) for value in table.values()]


def _from_setup_cfg(path: str) -> list[str]:
    parser = configparser.RawConfigParser(strict=False)
    try:
        with open(path, encoding="utf-8") as handle:
            parser.read_file(handle)
        text = parser.get("options.entry_points", "pytest11", fallback="")
    except (OSError, configparser.Error, UnicodeDecodeError):
        return []
    return [line.split("=", 1)[1] for line in text.splitlines() if "=" in line]


def _from_setup_py(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "entry_points":
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return []
            entries = value.get("pytest11", []) if isinstance(value, dict) else []
            entries = [entries] if isinstance(entries, str) else entries
            return [entry.split("=", 1)[1] for entry in entries if isinstance(entry, str) and "=" in entry]
    return []


def is_fixture_module(path: str, rootdir: str, collection) -> bool:
    """Whether pytest imports the module at ``path`` (absolute) for fixtures (see the module docstring)."""
    pythonpath = tuple(collection.config.pythonpath)
    if path in _entry_point_modules(rootdir, pythonpath, entry_point_plugins(rootdir)):
        return True
    name = _module_word(path)
    for conftest_path in _conftests_under(rootdir):
        # A conftest that imports the module names it; most conftests need no parse to be ruled out.
        if mentions(conftest_path, name) and path in _imported_by(
                conftest_path, file_stamp(conftest_path), rootdir, pythonpath, collection.test_patterns):
            return True
    return False


def _module_word(path: str) -> bytes:
    """The last part of the module's dotted name: what any import of it spells out."""
    directory, file_name = os.path.split(path)
    stem = os.path.basename(directory) if file_name == "__init__.py" else os.path.splitext(file_name)[0]
    return stem.encode()


@lru_cache(maxsize=256)
def _imported_by(conftest_path: str, _stamp: tuple | None, rootdir: str, pythonpath: tuple[str, ...],
                 patterns: tuple) -> frozenset[str]:
    """Modules a conftest takes fixtures from: its ``pytest_plugins``, star imports and ``from m import x``."""
    conftest = load_file(conftest_path, patterns)
    if conftest is None:
        return frozenset()
    roots = search_roots(conftest_path, rootdir, pythonpath)
    dotted = [*conftest.pytest_plugins, *conftest.star_imports]
    dotted += [target.rpartition(".")[0] for target in conftest.imported_names.values()]
    found = (find_module_file(name, roots) for name in dotted)
    return frozenset(os.path.abspath(path) for path in found if path is not None)


@lru_cache(maxsize=16)
def _entry_point_modules(rootdir: str, pythonpath: tuple[str, ...], entry_points: tuple[str, ...]) -> frozenset[str]:
    roots = search_roots(os.path.join(rootdir, "conftest.py"), rootdir, pythonpath)
    found = (find_module_file(name, roots) for name in entry_points)
    return frozenset(os.path.abspath(path) for path in found if path is not None)


@lru_cache(maxsize=16)
def _conftests_under(rootdir: str) -> tuple[str, ...]:
    found: list[str] = []
    visited = 0
    for directory, subdirectories, files in os.walk(rootdir):
        visited += 1
        if visited > _MAX_DIRECTORIES:
            break
        subdirectories[:] = sorted(d for d in subdirectories if d not in _SKIPPED and not d.startswith("."))
        if "conftest.py" in files:
            found.append(os.path.join(directory, "conftest.py"))
    return tuple(found)
