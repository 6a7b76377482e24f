"""The one entry point the rules call, cached for long-lived processes (flake8 --jobs workers, editors).

Reading a root's sources once per linted file would cost more than the linting; keeping the result forever
would miss an edit made while an editor keeps the linter running.  So a result is kept per directory and
reused only while every file it read, and every directory whose listing it relied on, still has the same
(mtime_ns, size, inode) stamp (see discovery.py).
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from .model import VersionModel
from .pins_option import parse_version_pins
from .project_dependencies import ProjectDependencies, read_project_dependencies

_lock = threading.Lock()
_dependencies: dict[Path, ProjectDependencies] = {}
_models: dict[tuple[Path, str, str], tuple[ProjectDependencies, VersionModel]] = {}


def project_versions(
    root: str | os.PathLike[str], overrides: str | None = None, targets: str | None = None
) -> VersionModel:
    """The :class:`VersionModel` for the directory ``root`` (the pytest rootdir, or the linted file's directory).

    ``overrides`` and ``targets`` are the raw values of ``--asyncloop-versions`` and
    ``--asyncloop-target-versions`` (``NAME==VERSION,...``); a bad value raises ``ValueError``.  The same
    model object is returned for the same arguments until a file it depends on changes.
    """
    start = Path(root).resolve()
    override_pins = parse_version_pins(overrides, "--asyncloop-versions")
    target_pins = parse_version_pins(targets, "--asyncloop-target-versions")
    key = (start, overrides or "", targets or "")
    with _lock:
        dependencies = _current_dependencies(start)
        cached = _models.get(key)
        if cached is not None and cached[0] is dependencies:
            return cached[1]
        model = VersionModel(dependencies, override_pins, target_pins)
        _models[key] = (dependencies, model)
        return model


def clear_cache() -> None:
    """Forget every cached result (tests; a host that knows files changed under equal stamps)."""
    with _lock:
        _dependencies.clear()
        _models.clear()


def _current_dependencies(start: Path) -> ProjectDependencies:
    cached = _dependencies.get(start)
    if cached is not None and cached.is_current():
        return cached
    fresh = read_project_dependencies(start)
    _dependencies[start] = fresh
    return fresh
