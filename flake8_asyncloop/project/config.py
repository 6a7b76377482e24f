"""The pytest settings a test file runs under, found the way pytest 9 finds them.

Walking up from the file's directory, the first directory holding one of
``pytest.toml``, ``.pytest.toml``, ``pytest.ini``, ``.pytest.ini`` (these win even
when empty), ``pyproject.toml`` with ``[tool.pytest]`` or
``[tool.pytest.ini_options]``, ``tox.ini`` with ``[pytest]`` or ``setup.cfg`` with
``[tool:pytest]`` is the config file.  INI values keep their quotes (pytest does).
``addopts`` may set ``--asyncio-mode`` and ``-o key=value`` overrides.  Values we
cannot know statically (``-p no:asyncio``, unreadable files) become ``UNKNOWN``
and every verdict that depends on them stays silent.
"""

from __future__ import annotations

import configparser
import os
import shlex
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..toml_documents import TOMLDecodeError, load_toml
from ..verdict import UNKNOWN

LOOP_SCOPES = ("function", "class", "module", "package", "session")
DEFAULT_NORECURSEDIRS = ("*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}")
FIXTURE_SCOPE_DEFAULT = "fixture-scope"  # pytest-asyncio 1.5: loop scope follows the fixture's scope
ASYNC_KEYS = ("asyncio_mode", "asyncio_default_fixture_loop_scope", "asyncio_default_test_loop_scope")


@dataclass(frozen=True)
class PytestConfig:
    """Effective pytest(-asyncio) settings; ``None`` means unset, ``UNKNOWN`` means undecidable."""

    path: str | None = None
    rootdir: str | None = None
    asyncio_mode: object = "strict"
    fixture_loop_scope: object = None
    test_loop_scope: object = "function"
    python_files: tuple[str, ...] = ("test_*.py", "*_test.py")
    python_functions: tuple[str, ...] = ("test",)
    python_classes: tuple[str, ...] = ("Test",)
    pythonpath: tuple[str, ...] = ()
    testpaths: tuple[str, ...] = ()
    norecursedirs: tuple[str, ...] = DEFAULT_NORECURSEDIRS
    confcutdir: str | None = None
    filterwarnings: tuple[tuple[str, int], ...] = ()  # (filter, line in the config file)
    mentions_asyncio: bool = False
    disabled_plugins: frozenset[str] = frozenset()
    sources: dict = field(default_factory=dict, compare=False)
    key_lines: dict = field(default_factory=dict, compare=False)

    def where(self, key: str) -> str:
        """``pytest.ini:4`` for a key set in the config file (relative to the working directory), else where
        else it came from ('addopts in pytest.ini', 'the flake8 options')."""
        source = self.source_of(key)
        line = self.key_lines.get(key)
        return f"{source}:{line}" if line and source == self.shown_path else source

    def source_of(self, key: str) -> str:
        """Where a setting came from, for messages ('pytest.ini', 'the flake8 options')."""
        source = self.sources.get(key, "the default")
        base = os.path.basename(self.path or "")
        return source.replace(base, self.shown_path) if base and base in source else source

    @property
    def shown_path(self) -> str:
        """The config file as messages show it: relative to the directory flake8 runs in."""
        return _shown(self.path, os.getcwd()) if self.path else ""

    def with_unknown(self, keys: set[str]) -> PytestConfig:
        """Settings a conftest rewrites in code cannot be known statically."""
        if not keys:
            return self
        return replace(self, **{_ATTRIBUTE_OF[key]: UNKNOWN for key in keys})

    def with_overrides(self, overrides: dict[str, str]) -> PytestConfig:
        """Apply flake8 options (``--asyncio-mode`` …), which beat every file."""
        if not overrides:
            return self
        values = {}
        sources = dict(self.sources)
        for key, value in overrides.items():
            attribute = _ATTRIBUTE_OF[key]
            values[attribute] = None if value == "unset" else value
            sources[key] = "the flake8 options"
        return replace(self, sources=sources, **values)


_ATTRIBUTE_OF = {
    "asyncio_mode": "asyncio_mode",
    "asyncio_default_fixture_loop_scope": "fixture_loop_scope",
    "asyncio_default_test_loop_scope": "test_loop_scope",
}


@lru_cache(maxsize=64)
def _shown(path: str, cwd: str) -> str:
    """Every loop decision names where its setting comes from: computed once per file and directory."""
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return path


def find_config(directory: str) -> PytestConfig:
    """Effective config for test files in ``directory`` (absolute), cached per directory."""
    return _find_config_cached(os.path.abspath(directory), _directory_stamp(directory))


def _directory_stamp(directory: str) -> tuple:
    """Config files' stat stamps up the tree, so an edit invalidates the cache in a long-lived process."""
    stamps = []
    current = os.path.abspath(directory)
    while True:
        for name in _CONFIG_NAMES:
            try:
                status = os.stat(os.path.join(current, name))
            except OSError:
                continue
            # ctime and inode change on every write or replace, even when size and mtime do not.
            stamps.append((current, name, status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino))
        parent = os.path.dirname(current)
        if parent == current:
            return tuple(stamps)
        current = parent


_CONFIG_NAMES = ("pytest.toml", ".pytest.toml", "pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg")


@lru_cache(maxsize=256)
def _find_config_cached(directory: str, _stamp: tuple) -> PytestConfig:
    current = directory
    first_pyproject = None
    while True:
        for name in _CONFIG_NAMES:
            path = os.path.join(current, name)
            if not os.path.isfile(path):
                continue
            if name == "pyproject.toml" and first_pyproject is None:
                first_pyproject = path
            try:
                ini = _read_ini_section(path, name)
            except (OSError, ValueError, configparser.Error, TOMLDecodeError, UnicodeDecodeError):
                return PytestConfig(path=path, rootdir=current, asyncio_mode=UNKNOWN,
                                    fixture_loop_scope=UNKNOWN, test_loop_scope=UNKNOWN)
            if ini is not None:
                return _settings_from(ini, path, current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    if first_pyproject is not None:  # pytest >= 8.1: a bare pyproject.toml still marks the rootdir
        return PytestConfig(path=first_pyproject, rootdir=os.path.dirname(first_pyproject))
    return PytestConfig()


def _read_ini_section(path: str, name: str) -> dict | None:
    """The pytest section of one file as {key: value}, or None if this file is not pytest's."""
    if name.endswith(".toml"):
        data = load_toml(path)
        if name != "pyproject.toml":
            return _table(data.get("pytest", {}))
        tool = _table(data.get("tool", {}))
        pytest_table = tool.get("pytest")
        if not isinstance(pytest_table, dict):
            return None
        if "ini_options" in pytest_table:
            ini_options = _table(pytest_table["ini_options"])
            return {key: _ini_string(value) for key, value in ini_options.items()}
        return pytest_table
    parser = configparser.RawConfigParser(strict=False)
    with open(path, encoding="utf-8") as handle:
        parser.read_file(handle)
    section = {"pytest.ini": "pytest", ".pytest.ini": "pytest", "tox.ini": "pytest", "setup.cfg": "tool:pytest"}[name]
    if parser.has_section(section):
        return dict(parser.items(section))
    if name in ("pytest.ini", ".pytest.ini"):
        return {}  # these files are the config even without a [pytest] section
    return None


def _table(value: object) -> dict:
    """A TOML value pytest reads as a table; any other shape fails pytest, so the file is unreadable."""
    if not isinstance(value, dict):
        raise ValueError(f"expected a table, found {type(value).__name__}")
    return value


def _ini_string(value: object) -> object:
    """``[tool.pytest.ini_options]`` values are strings (or lists of them) to pytest."""
    return value if isinstance(value, (str, list)) else str(value)


def _settings_from(ini: dict, path: str, rootdir: str) -> PytestConfig:
    base = os.path.basename(path)
    values: dict[str, object] = {key: ini[key] for key in ASYNC_KEYS if key in ini}
    sources = {key: base for key in values}
    addopts = _split_opts(ini.get("addopts", ""))
    forced = _addopts_settings(addopts)
    for key, value in forced.items():
        if key in ASYNC_KEYS:
            values[key] = value
            sources[key] = f"addopts in {base}"
    text = _read_text(path)
    config = PytestConfig(
        path=path,
        rootdir=rootdir,
        asyncio_mode=values.get("asyncio_mode", "strict"),
        fixture_loop_scope=values.get("asyncio_default_fixture_loop_scope"),
        test_loop_scope=values.get("asyncio_default_test_loop_scope", "function"),
        python_files=_patterns(ini.get("python_files"), ("test_*.py", "*_test.py")),
        python_functions=_patterns(ini.get("python_functions"), ("test",)),
        python_classes=_patterns(ini.get("python_classes"), ("Test",)),
        pythonpath=_patterns(ini.get("pythonpath"), ()),
        testpaths=_patterns(ini.get("testpaths"), ()),
        norecursedirs=_patterns(ini.get("norecursedirs"), DEFAULT_NORECURSEDIRS),
        confcutdir=_absolute(forced.get("confcutdir"), rootdir),
        filterwarnings=tuple((entry, _line_of(text, entry)) for entry in _lines(ini.get("filterwarnings"))),
        mentions_asyncio=any(key.startswith("asyncio_") for key in ini) or "--asyncio-mode" in " ".join(addopts),
        disabled_plugins=frozenset(forced.get("disabled", ())),
        sources=sources,
        key_lines={key: _line_of(text, key, as_key=True) for key in (*ASYNC_KEYS, "filterwarnings") if key in ini},
    )
    return _validated(config)


def _read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def _line_of(text: str, needle: str, as_key: bool = False) -> int | None:
    """1-based line where a key is assigned (``key =``/``key:``) or where a value is written."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if as_key and (stripped.startswith(needle) and stripped[len(needle):].lstrip()[:1] in ("=", ":")):
            return number
        if not as_key and needle in line:
            return number
    return None


def _lines(value: object) -> tuple[str, ...]:
    """A multi-line INI value or a TOML list, one entry per item."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).splitlines()
    return tuple(str(item).strip() for item in items if str(item).strip())


def _absolute(directory: object, rootdir: str) -> str | None:
    if not isinstance(directory, str) or not directory:
        return None
    return os.path.normpath(os.path.join(rootdir, directory))


def _validated(config: PytestConfig) -> PytestConfig:
    """Values pytest-asyncio would reject (quoted INI strings, typos) make the setting unknown."""
    changes = {}
    if config.asyncio_mode not in ("strict", "auto"):
        changes["asyncio_mode"] = UNKNOWN
    if config.fixture_loop_scope not in (None, FIXTURE_SCOPE_DEFAULT, *LOOP_SCOPES):
        changes["fixture_loop_scope"] = UNKNOWN
    if config.test_loop_scope not in LOOP_SCOPES:
        changes["test_loop_scope"] = UNKNOWN
    return replace(config, **changes) if changes else config


def _addopts_settings(addopts: list[str]) -> dict[str, object]:
    """What ``addopts`` forces: ``--asyncio-mode``, ``-o key=value``, ``--confcutdir``, ``-p no:<plugin>``."""
    found: dict[str, object] = {}
    disabled: list[str] = []
    for index, option in enumerate(addopts):
        following = addopts[index + 1] if index + 1 < len(addopts) else ""
        if option.startswith("--asyncio-mode="):
            found["asyncio_mode"] = option.split("=", 1)[1]
        elif option == "--asyncio-mode":
            found["asyncio_mode"] = following
        elif option.startswith("--confcutdir="):
            found["confcutdir"] = option.split("=", 1)[1]
        elif option == "--confcutdir":
            found["confcutdir"] = following
        elif option in ("-o", "--override-ini") or option.startswith(("--override-ini=", "-o")):
            if option in ("-o", "--override-ini"):
                override = following
            elif option.startswith("--override-ini="):
                override = option.split("=", 1)[1]
            else:
                override = option[2:]
            key, _, value = override.partition("=")
            if key in ASYNC_KEYS:
                found[key] = value
        elif option == "-p" and following.replace(" ", "").startswith("no:"):
            disabled.append(following.replace(" ", "")[3:])
        elif option.startswith("-pno:"):
            disabled.append(option[5:])
    if any(f"no:{plugin}" in _NO_ASYNCIO for plugin in disabled):
        # pytest-asyncio switched off: nothing about its loops can be decided.
        found.update(dict.fromkeys(ASYNC_KEYS, UNKNOWN))
    found["disabled"] = tuple(disabled)
    return found


_NO_ASYNCIO = ("no:asyncio", "no:pytest_asyncio")


def _split_opts(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    try:
        return shlex.split(str(value))
    except ValueError:
        return str(value).split()


def _patterns(value: object, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    return tuple(str(value).split())
