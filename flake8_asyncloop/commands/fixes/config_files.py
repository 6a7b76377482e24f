"""Set pytest-asyncio keys in the project's pytest config file, keeping its comments and layout.

The file is the one the plugin read the settings from (pytest's own discovery, ``project.config``),
and the section is where pytest reads it there: ``[pytest]`` of ``pytest.ini``/``.pytest.ini``/
``tox.ini``, ``[tool:pytest]`` of ``setup.cfg``, ``[pytest]`` of ``pytest.toml``/``.pytest.toml``,
``[tool.pytest.ini_options]`` (or a native ``[tool.pytest]``) of ``pyproject.toml``.  TOML goes
through tomlkit and INI through configupdater, both round-trip editors: ``configparser`` would
drop every comment of the file.
"""

from __future__ import annotations

import os

_INI_SECTIONS = {"pytest.ini": "pytest", ".pytest.ini": "pytest", "tox.ini": "pytest", "setup.cfg": "tool:pytest"}


class ConfigNotEditable(Exception):
    """The file cannot be read back the way it was written (a syntax the round-trip editor rejects)."""


def edited_config(path: str, text: str, values: dict[str, str]) -> str:
    """``text`` of the config file at ``path`` with each key of ``values`` set."""
    name = os.path.basename(path)
    try:
        if name.endswith(".toml"):
            return _edited_toml(text, name, values)
        return _edited_ini(text, _INI_SECTIONS[name], values)
    except Exception as error:  # noqa: BLE001 - each editor has its own parse errors; all mean the same here
        raise ConfigNotEditable(f"{path}: {error}") from error


def _edited_toml(text: str, name: str, values: dict[str, str]) -> str:
    import tomlkit

    document = tomlkit.parse(text)
    if name != "pyproject.toml":
        if "pytest" not in document:
            document["pytest"] = tomlkit.table()
        table = document["pytest"]
    else:
        table = _pyproject_table(document, tomlkit)
    for key, value in values.items():
        table[key] = value
    return tomlkit.dumps(document)


def _pyproject_table(document, tomlkit):
    """``[tool.pytest.ini_options]``, or the native ``[tool.pytest]`` table pytest 9 reads when it has no
    ``ini_options``; created as ``[tool.pytest.ini_options]`` when the file has neither."""
    if "tool" not in document:
        document["tool"] = tomlkit.table(is_super_table=True)
    tool = document["tool"]
    if "pytest" not in tool:
        tool["pytest"] = tomlkit.table(is_super_table=True)
    pytest_table = tool["pytest"]
    if "ini_options" in pytest_table:
        return pytest_table["ini_options"]
    if any(key != "ini_options" for key in pytest_table):
        return pytest_table
    pytest_table["ini_options"] = tomlkit.table()
    return pytest_table["ini_options"]


def _edited_ini(text: str, section: str, values: dict[str, str]) -> str:
    from configupdater import ConfigUpdater

    if text and not text.endswith("\n"):
        text += "\n"
    updater = ConfigUpdater()
    updater.read_string(text)
    if not updater.has_section(section):
        text += ("\n" if text.strip() else "") + f"[{section}]\n"
        updater = ConfigUpdater()
        updater.read_string(text)
    for key, value in values.items():
        if key in updater[section]:
            updater[section][key].value = value
        else:
            updater[section].set(key, value)
    return str(updater)
