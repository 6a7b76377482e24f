"""setup.cfg, tox.ini and Pipfile: the INI- and TOML-shaped dependency lists outside pyproject.toml."""
from __future__ import annotations

import configparser
import re
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from .declarations import Declaration, declaration_from_pep508
from .requirements_files import RequirementsReading
from .toml_compat import load_toml

# tox's factor-conditional line ``py311,py312: pytest-asyncio==0.21.2``; the colon of a URL is not one.
_TOX_FACTOR_PREFIX = re.compile(r"^!?[\w.-]+(?:,!?[\w.-]+)*:(?!//)\s*")


def read_setup_cfg(path: Path, origin_file: str) -> list[Declaration]:
    """``[options] install_requires`` and every ``[options.extras_require]`` entry."""
    parser = _ini(path)
    found = []
    if parser.has_option("options", "install_requires"):
        origin = f"{origin_file} [options] install_requires"
        found += _requirement_lines(parser.get("options", "install_requires"), origin)
    if parser.has_section("options.extras_require"):
        for extra, value in parser.items("options.extras_require"):
            found += _requirement_lines(value, f"{origin_file} [options.extras_require] {extra}")
    return found


def read_tox_ini(path: Path, origin_file: str, includes: RequirementsReading) -> list[Declaration]:
    """``deps`` of ``[testenv]`` and ``[testenv:*]``.

    ``-r`` includes are read through ``includes`` (``{toxinidir}`` is the tox.ini directory; any other
    ``{...}`` substitution cannot be resolved without running tox, so such lines are skipped).  A factor
    prefix is dropped like an environment marker: the requirement is kept, the condition ignored.
    """
    parser = _ini(path)
    found = []
    for section in parser.sections():
        if section != "testenv" and not section.startswith("testenv:") or not parser.has_option(section, "deps"):
            continue
        for line in _lines(parser.get(section, "deps")):
            line = _TOX_FACTOR_PREFIX.sub("", line).replace("{toxinidir}", str(path.parent))
            if "{" in line:
                continue
            if line.startswith(("-r", "--requirement", "-c", "--constraint")):
                includes.read_include_line(path, line)
                continue
            declaration = declaration_from_pep508(line, f"{origin_file} [{section}] deps")
            if declaration is not None:
                found.append(declaration)
    return found


def read_pipfile(path: Path, origin_file: str) -> list[Declaration]:
    """``[packages]`` and ``[dev-packages]``: ``"*"``, a specifier string, or a table with ``version``."""
    document = load_toml(path)
    found = []
    for section in ("packages", "dev-packages"):
        table = document.get(section)
        if not isinstance(table, dict):
            continue
        for name, value in table.items():
            specifier = value.get("version", "*") if isinstance(value, dict) else value
            if not isinstance(specifier, str):
                continue
            try:
                alternatives = () if specifier.strip() in ("", "*") else (SpecifierSet(specifier),)
            except ValueError:
                continue
            found.append(Declaration(canonicalize_name(name), f"{origin_file} [{section}]", alternatives))
    return found


def _ini(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    with open(path, encoding="utf-8") as stream:
        parser.read_file(stream)
    return parser


def _lines(value: str) -> list[str]:
    """The non-empty lines of a multi-line INI value, ``#``/``;`` comments removed."""
    stripped = (re.sub(r"(^|\s+)[#;].*$", "", line).strip() for line in value.splitlines())
    return [line for line in stripped if line]


def _requirement_lines(value: str, origin: str) -> list[Declaration]:
    found = (declaration_from_pep508(line, origin) for line in _lines(value))
    return [declaration for declaration in found if declaration is not None]
