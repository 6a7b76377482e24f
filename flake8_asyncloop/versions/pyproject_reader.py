"""pyproject.toml: PEP 621 dependencies and extras, PEP 735 dependency groups, Poetry and PDM tables.

Each declaration's origin names the table (and group or extra) it was written in, e.g.
``pyproject.toml [dependency-groups] test``, so a message can point at the line a user would edit.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from .declarations import Declaration, declarations_from_pep508_list
from .poetry_constraints import poetry_constraint_to_specifiers
from .toml_compat import load_toml


def read_pyproject(path: Path, origin_file: str) -> list[Declaration]:
    """All declarations of one pyproject.toml; raises ``OSError``/``ValueError`` for an unreadable file."""
    document = load_toml(path)
    project = _table(document, "project")
    tool = _table(document, "tool")
    found: list[Declaration] = []
    found += declarations_from_pep508_list(project.get("dependencies"), f"{origin_file} [project] dependencies")
    for extra, items in _table(project, "optional-dependencies").items():
        found += declarations_from_pep508_list(items, f"{origin_file} [project.optional-dependencies] {extra}")
    found += _dependency_groups(_table(document, "dependency-groups"), f"{origin_file} [dependency-groups]")
    found += _poetry(_table(tool, "poetry"), origin_file)
    for group, items in _table(_table(tool, "pdm"), "dev-dependencies").items():
        found += declarations_from_pep508_list(items, f"{origin_file} [tool.pdm.dev-dependencies] {group}")
    found += _environment_tools(tool, origin_file)
    return found


def _environment_tools(tool: dict[str, Any], origin_file: str) -> list[Declaration]:
    """Test dependencies kept where the project's environment manager reads them: hatch environments
    (``dependencies`` and ``extra-dependencies`` of each ``[tool.hatch.envs.<env>]``), and the older
    ``[tool.uv] dev-dependencies`` and ``[tool.rye] dev-dependencies`` lists."""
    found: list[Declaration] = []
    for env, table in _table(_table(tool, "hatch"), "envs").items():
        for key in ("dependencies", "extra-dependencies"):
            if isinstance(table, dict):
                found += declarations_from_pep508_list(table.get(key), f"{origin_file} [tool.hatch.envs.{env}] {key}")
    for manager in ("uv", "rye"):
        found += declarations_from_pep508_list(_table(tool, manager).get("dev-dependencies"),
                                               f"{origin_file} [tool.{manager}] dev-dependencies")
    return found


def _table(container: object, key: str) -> dict[str, Any]:
    value = container.get(key) if isinstance(container, dict) else None
    return value if isinstance(value, dict) else {}


def _dependency_groups(groups: dict[str, Any], origin_table: str) -> list[Declaration]:
    """PEP 735 groups, each requirement once, with the group it is written in.

    Every group is read, so an ``{include-group = "..."}`` entry adds nothing that is not already read where it
    is written; such entries are skipped (which also keeps a cyclic, invalid file from looping).
    """
    found: list[Declaration] = []
    for group, items in groups.items():
        found += declarations_from_pep508_list(items, f"{origin_table} {group}")  # skips the include tables
    return found


def _poetry(poetry: dict[str, Any], origin_file: str) -> list[Declaration]:
    tables = [("tool.poetry.dependencies", _table(poetry, "dependencies"))]
    tables.append(("tool.poetry.dev-dependencies", _table(poetry, "dev-dependencies")))
    for group, group_table in _table(poetry, "group").items():
        tables.append((f"tool.poetry.group.{group}.dependencies", _table(group_table, "dependencies")))
    found = []
    for table_name, table in tables:
        for name, value in table.items():
            if canonicalize_name(name) == "python":  # the interpreter range, not a package
                continue
            declaration = _poetry_declaration(name, value, f"{origin_file} [{table_name}]")
            if declaration is not None:
                found.append(declaration)
    return found


def _poetry_declaration(name: str, value: object, origin: str) -> Declaration | None:
    """A Poetry dependency: ``"^1.2"``, ``{version = "^1.2", ...}``, a list of those, or a git/path/url table."""
    entries = value if isinstance(value, list) else [value]
    alternatives: list[SpecifierSet] = []
    for entry in entries:
        constraint = entry.get("version", "*") if isinstance(entry, dict) else entry
        if not isinstance(constraint, str):
            return None
        try:
            specifiers = poetry_constraint_to_specifiers(constraint)
        except ValueError:
            return None
        if not specifiers:  # one alternative admits any version, so the union does too
            return Declaration(name=canonicalize_name(name), origin=origin)
        alternatives += specifiers
    return Declaration(name=canonicalize_name(name), origin=origin, alternatives=tuple(alternatives))
