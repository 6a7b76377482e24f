"""Generated programs, pytest-shaped modules and pytest config files: the plugin finishes on every one.

Hypothesis draws them derandomized, so CI sees the same examples on every run; every rule runs with its gate
opened (``check_source(..., contain=False)``), so a crash fails the test instead of being logged.
"""

from __future__ import annotations

import json
import tempfile
import textwrap
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from flake8_asyncloop.project.config import find_config
from flake8_asyncloop.rules import RULES
from flake8_asyncloop.verdict import UNKNOWN

from .flake8_runner import write_tree
from .robustness_support import lint, make_strict_project, parses


@pytest.fixture(scope="module")
def strict_project(tmp_path_factory) -> Path:
    return make_strict_project(tmp_path_factory)


FUZZ = settings(
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays reproducible
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


PYTHON_MODULES = hypothesmith.from_grammar()  # building the grammar takes most of a second: build it once


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles what it generates
@settings(FUZZ, max_examples=60)
@given(source=PYTHON_MODULES)
def test_programs_from_the_python_grammar_never_crash(strict_project, source):
    lint(strict_project / "tests/test_generated.py", source)


SCOPE_VALUES = st.sampled_from(["'function'", "'class'", "'module'", "'package'", "'session'",
                                "'fixture-scope'", "'bogus'", "None", "True", "1"])
NAMES = st.sampled_from(["value", "pytest", "pytest_asyncio", "asyncio", "event_loop", "app", "config",
                         "self"])
KEYWORDS = st.sampled_from(["scope", "loop_scope", "autouse", "name", "params", "append", "loop", "app"])


def _call(function: str, arguments: list[str], keywords: list[tuple[str, str]]) -> str:
    return f"{function}({', '.join([*arguments, *(f'{key}={value}' for key, value in keywords)])})"


def _keywords(keys: st.SearchStrategy[str], values: st.SearchStrategy[str]) -> st.SearchStrategy[list]:
    return st.lists(st.tuples(keys, values), max_size=2, unique_by=lambda pair: pair[0])


def _compound(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    inner = children.map(lambda expression: f"({expression})")
    return st.one_of(
        st.tuples(inner, NAMES).map(".".join),
        st.builds(_call, inner, st.lists(inner, max_size=2), _keywords(KEYWORDS, inner)),
        st.tuples(inner, inner).map(lambda pair: f"{pair[0]}[{pair[1]}]"),
        st.lists(inner, max_size=3).map(lambda items: f"[{', '.join(items)}]"),
        st.tuples(inner, inner).map(lambda pair: f"{{{pair[0]}: {pair[1]}}}"),
        inner.map(lambda expression: f"lambda: {expression}"),
        inner.map(lambda expression: f"await {expression}"),
    )


EXPRESSIONS = st.recursive(st.one_of(SCOPE_VALUES, NAMES), _compound, max_leaves=6)
MARK_SCOPE_KEYWORDS = st.sampled_from(["loop_scope", "scope"])
MARKS = st.one_of(
    st.sampled_from(["pytest.mark.asyncio", "pytest.mark.anyio", "pytest.mark.trio",
                     "pytest.mark.usefixtures('event_loop')"]),
    st.builds(_call, st.just("pytest.mark.asyncio"), st.lists(EXPRESSIONS, max_size=1),
              _keywords(MARK_SCOPE_KEYWORDS, EXPRESSIONS)),
    EXPRESSIONS,
)
STATEMENTS = st.one_of(
    EXPRESSIONS.map(lambda expression: f"value = {expression}"),
    EXPRESSIONS.map(lambda expression: f"await ({expression})"),
    EXPRESSIONS.map(lambda expression: f"yield ({expression})"),
    st.tuples(EXPRESSIONS, EXPRESSIONS).map(
        lambda pair: f"async with ({pair[0]}) as value:\n    await ({pair[1]})"),
    st.tuples(EXPRESSIONS, EXPRESSIONS).map(
        lambda pair: f"try:\n    yield ({pair[0]})\nfinally:\n    ({pair[1]}).close()"),
    EXPRESSIONS.map(lambda expression: f"setattr(config.option, {expression}, 'auto')"),
    EXPRESSIONS.map(lambda expression: f"config._inicache[{expression}] = 'auto'"),
    PYTHON_MODULES,
)
BODIES = st.lists(STATEMENTS, min_size=1, max_size=3).map(
    lambda statements: textwrap.indent("\n".join(statements), "    "))

PYTEST_MODULE = """\
import asyncio
import pytest
import pytest_asyncio
from pytest_asyncio import fixture as async_fixture

pytestmark = {module_marks}
pytest_plugins = {plugins}


@pytest_asyncio.fixture(scope={scope}, loop_scope={loop_scope})
async def resource({resource_parameters}):
{resource_body}


@async_fixture({fixture_arguments})
async def other(resource):
{other_body}


@pytest.fixture({fixture_arguments})
async def plain(event_loop):
    return {value}


@pytest.mark.asyncio(loop_scope={scope})
class TestGroup({base}):
    pytestmark = {class_marks}

    @pytest_asyncio.fixture(scope={loop_scope})
    async def member(self, resource):
        return resource

    async def test_method(self, member, other, plain):
{method_body}


@pytest.mark.asyncio({mark_arguments})
async def test_function(resource, other, loop={value}):
{test_body}


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.asyncio(loop_scope={loop_scope}), append={value})
"""

PYTEST_MODULES = st.builds(
    PYTEST_MODULE.format,
    module_marks=st.lists(MARKS, max_size=2).map(lambda marks: f"[{', '.join(marks)}]"),
    class_marks=MARKS,
    plugins=st.one_of(EXPRESSIONS, st.lists(st.sampled_from(["fixtures.db", ".relative", "", "a..b"]),
                                            max_size=2).map(repr)),
    scope=SCOPE_VALUES,
    loop_scope=st.one_of(SCOPE_VALUES, EXPRESSIONS),
    resource_parameters=st.sampled_from(["", "request", "event_loop", "resource", "*args, **kwargs",
                                         "request, /", "*, event_loop"]),
    fixture_arguments=_keywords(KEYWORDS, EXPRESSIONS).map(
        lambda keywords: ", ".join(f"{key}={value}" for key, value in keywords)),
    mark_arguments=_keywords(MARK_SCOPE_KEYWORDS, st.one_of(SCOPE_VALUES, EXPRESSIONS)).map(
        lambda keywords: ", ".join(f"{key}={value}" for key, value in keywords)),
    base=st.one_of(st.sampled_from(["object", "", "TestGroup", "unittest.IsolatedAsyncioTestCase"]),
                   EXPRESSIONS),
    value=EXPRESSIONS,
    resource_body=BODIES,
    other_body=BODIES,
    test_body=BODIES,
    method_body=BODIES.map(lambda body: textwrap.indent(body, "    ")),
)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(FUZZ, max_examples=80)
@given(source=PYTEST_MODULES, mode=st.sampled_from(["strict", "auto"]))
def test_pytest_shaped_programs_with_generated_parts_never_crash(source, mode):
    """The same generated module as a conftest and as a test module: fixtures, marks, hooks, plugins."""
    assume(parses(source))
    with tempfile.TemporaryDirectory() as directory:
        root = write_tree(Path(directory), {"pytest.ini": f"[pytest]\nasyncio_mode = {mode}\n"})
        (root / "tests").mkdir()
        (root / "tests/conftest.py").write_text(source, encoding="utf-8")
        lint(root / "tests/conftest.py", source)
        lint(root / "tests/test_generated.py", source)


CONFIG_KEYS = ["asyncio_mode", "asyncio_default_fixture_loop_scope", "asyncio_default_test_loop_scope",
               "python_files", "python_functions", "python_classes", "pythonpath", "addopts"]
INI_VALUES = st.one_of(
    st.sampled_from(["auto", "strict", "'auto'", "session", "fixture-scope", "-p no:asyncio",
                     "--asyncio-mode", "--asyncio-mode=auto", "-o asyncio_mode=auto", "-p", "-o",
                     "test_*.py check_*.py", "%(here)s"]),
    st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=20),
)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return f"[{', '.join(map(_toml, value))}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(key)} = {_toml(item)}" for key, item in value.items()) + "}"
    return json.dumps(value)  # strings and integers are spelled the same in TOML


TOML_VALUES = st.recursive(
    st.one_of(INI_VALUES, st.integers(), st.booleans()),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(CONFIG_KEYS), children, max_size=2),
    max_leaves=5,
).map(_toml)


def _document(headers: list[str], values: st.SearchStrategy[str], separator: str) -> st.SearchStrategy[str]:
    """Sections under the given headers with pytest keys (and a few table names) set to ``values``."""
    keys = st.sampled_from([*CONFIG_KEYS, "pytest", "tool", "ini_options"])
    section = st.tuples(st.sampled_from(headers), st.lists(st.tuples(keys, values), max_size=4))
    return st.lists(section, min_size=1, max_size=3).map(lambda sections: "\n".join(
        header + "\n" + "".join(f"{key}{separator}{value}\n" for key, value in pairs)
        for header, pairs in sections))


CONFIG_FILES = st.one_of(
    st.tuples(st.sampled_from(["pytest.ini", ".pytest.ini", "tox.ini", "setup.cfg"]),
              _document(["[pytest]", "[tool:pytest]", "[other]", ""], INI_VALUES, " = ")),
    st.tuples(st.sampled_from(["pyproject.toml", "pytest.toml", ".pytest.toml"]),
              _document(["", "[pytest]", "[tool]", "[tool.pytest]", "[tool.pytest.ini_options]"], TOML_VALUES,
                        " = ")),
    st.tuples(st.sampled_from(["pytest.ini", "pyproject.toml", "setup.cfg"]), st.text(max_size=60)),
)

CONFIG_DEPENDENT_MODULE = """\
import pytest
import pytest_asyncio


@pytest_asyncio.fixture(scope="session")
async def engine():
    yield 1


@pytest.fixture
async def plain():
    return 1


async def test_unmarked(engine, plain):
    pass


@pytest.mark.asyncio
async def test_marked(engine):
    pass
"""


@settings(FUZZ, max_examples=150)
@given(config_file=CONFIG_FILES)
def test_any_pytest_config_file_never_crashes(config_file):
    """Every setting read from the config decides some verdict of this module."""
    name, text = config_file
    with tempfile.TemporaryDirectory() as directory:
        (Path(directory) / name).write_text(text, encoding="utf-8")
        lint(Path(directory) / "test_config.py", CONFIG_DEPENDENT_MODULE, rules=RULES)


@pytest.mark.parametrize(("name", "text"), [
    ("pytest.toml", "pytest = 1\n"),
    ("pytest.toml", "pytest = []\n"),
    ("pyproject.toml", "tool = 1\n"),
    ("pyproject.toml", "[tool.pytest]\nini_options = 1\n"),
])
def test_toml_config_that_is_not_a_table_makes_the_settings_unknown(tmp_path, name, text):
    """pytest itself fails on these files, so nothing about its settings can be known."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert find_config(str(tmp_path)).asyncio_mode is UNKNOWN
