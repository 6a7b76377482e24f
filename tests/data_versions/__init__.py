"""Small project trees for tests/test_versions_*.py, one per dependency-source format or situation.

The trees hold no test modules and no Python that would not pass flake8: a broken setup.py is written by
the test that needs it.  Tests work on copies, each under a fresh ``.git`` so that root and lock-file
discovery stop at the copy and never see files above it.
"""
from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent


def copy_project(name: str, destination: Path) -> Path:
    """Copy the tree ``name`` to ``destination/name``, mark it as a repository, and return the copy."""
    copy = destination / name
    shutil.copytree(HERE / name, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / ".git").mkdir()
    return copy
