"""What a user installs: every subpackage, ``py.typed``, the entry point and one version.

Packages are discovered by ``[tool.setuptools.packages.find]``: a subpackage its patterns or
``namespaces = false`` leave out (a directory of modules without ``__init__.py``, such as
``flake8_asyncloop/project``) would be missing from the wheel while every in-repo test still
passes, so the discovery is run here with setuptools' own finders.  The wheel test builds the
real thing (setuptools from PyPI, build isolation) and reads it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from flake8_asyncloop import __version__

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "flake8_asyncloop"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def source_packages() -> set[str]:
    """Every directory of the package that holds modules, with or without an ``__init__.py``."""
    return {
        ".".join(module.parent.relative_to(ROOT).parts)
        for module in PACKAGE.rglob("*.py")
        if "__pycache__" not in module.parts
    }


def packages_setuptools_ships() -> set[str]:
    """The packages the build puts in the wheel: the explicit ``packages`` list, or what
    ``packages.find`` discovers (``where``, ``include``, ``exclude``; ``namespaces`` true by default)."""
    import setuptools

    packages = PYPROJECT["tool"]["setuptools"]["packages"]
    if isinstance(packages, list):
        return set(packages)
    find = packages["find"]
    finder = setuptools.find_namespace_packages if find.get("namespaces", True) else setuptools.find_packages
    found = set()
    for where in find.get("where", ["."]):
        found.update(finder(where=str(ROOT / where), include=find.get("include", ["*"]),
                            exclude=find.get("exclude", [])))
    return found


def test_every_subpackage_is_listed_for_setuptools() -> None:
    assert packages_setuptools_ships() == source_packages()


def test_version_lives_only_in_the_package() -> None:
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "flake8_asyncloop.__version__"}


def test_typed_marker_is_shipped() -> None:
    assert (PACKAGE / "py.typed").is_file()
    assert "py.typed" in PYPROJECT["tool"]["setuptools"]["package-data"]["flake8_asyncloop"]


def test_wheel_holds_the_package_entry_point_and_metadata(tmp_path) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".nox", "build", "*.egg-info", "__pycache__", "tests", "benchmarks", "sample", ".benchmarks"))
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    backend_unreachable = "setuptools" in result.stderr and "No matching distribution" in result.stderr
    if result.returncode != 0 and backend_unreachable:
        pytest.skip(f"cannot fetch the build backend (offline?): {result.stderr[-500:]}")
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("flake8_asyncloop-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        dist_info = next(name.split("/")[0] for name in names if ".dist-info/" in name)
        metadata = Parser().parsestr(archive.read(f"{dist_info}/METADATA").decode())
        entry_points = archive.read(f"{dist_info}/entry_points.txt").decode()
    shipped_modules = {name for name in names if name.endswith(".py")}
    source_modules = {str(path.relative_to(ROOT).as_posix()) for path in PACKAGE.rglob("*.py")
                      if "__pycache__" not in path.parts}
    assert source_modules <= shipped_modules
    assert "flake8_asyncloop/py.typed" in names
    assert metadata["Version"] == __version__
    assert metadata["Requires-Python"] == ">=3.10"
    assert "ALP = flake8_asyncloop.plugin:Plugin" in entry_points
