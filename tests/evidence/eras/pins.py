"""The exact pins a project declares in its own files, read the simple way: enough for the era projects."""

from __future__ import annotations

from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

try:
    import tomllib
except ImportError:  # Python 3.10: the project depends on tomli there
    import tomli as tomllib


def declared_pins(project_dir: Path) -> dict[str, str]:
    """``{canonical name: version}`` for every ``name==version`` in requirements*.txt and pyproject.toml."""
    lines: list[str] = []
    for requirements in sorted(project_dir.glob("requirements*.txt")):
        lines += [line.split("#")[0].strip() for line in requirements.read_text().splitlines()]
    pyproject = project_dir / "pyproject.toml"
    if pyproject.exists():
        project = tomllib.loads(pyproject.read_text()).get("project", {})
        lines += project.get("dependencies", [])
        lines += [line for group in project.get("optional-dependencies", {}).values() for line in group]
    pins = {}
    for line in filter(None, lines):
        requirement = Requirement(line)
        for specifier in requirement.specifier:
            if specifier.operator == "==":
                pins[canonicalize_name(requirement.name)] = specifier.version
    return pins
