"""The plugin's options through the real flake8 executable, from every place flake8 reads them.

One small project decides differently under each option, so a finding set proves the
option arrived: strict mode reports the unhandled fixture and test (ALP010, ALP011);
auto mode turns them into a loop mismatch (ALP003, ALP004: the session fixture's queue is
bound to the loop it was made on); a function fixture default makes the session fixture a
ScopeMismatch (ALP005); a session test default aligns it all.  The project lists
pytest-asyncio in its requirements, as a project that runs it does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .flake8_runner import findings, run_flake8, write_tree

REQUIREMENTS = {"requirements.txt": "pytest\npytest-asyncio\n"}

PROJECT = {
    **REQUIREMENTS,
    "pytest.ini": "[pytest]\n",
    "tests/test_stock.py": """
        import asyncio

        import pytest
        import pytest_asyncio


        @pytest.fixture(scope="session")
        async def warehouse():
            yield asyncio.Queue()


        async def test_stock(warehouse):
            assert warehouse.empty()
    """,
}

VERDICTS = [
    pytest.param({}, {"ALP010", "ALP011"}, id="pytest-config-defaults"),
    pytest.param({"asyncio-mode": "auto"}, {"ALP003", "ALP004"}, id="mode"),
    pytest.param({"asyncio-mode": "auto", "asyncio-default-fixture-loop-scope": "function"}, {"ALP005"},
                 id="fixture-loop-scope"),
    pytest.param({"asyncio-mode": "auto", "asyncio-default-test-loop-scope": "session"}, set(),
                 id="test-loop-scope"),
]

CONFIG_FILES = ("setup.cfg", "tox.ini", ".flake8")


def codes(result) -> set[str]:
    return {code for _path, _row, _col, code in findings(result)}


def flake8_section(options: dict[str, str], spelling: str = "-") -> str:
    lines = ["[flake8]"] + [f"{name.replace('-', spelling)} = {value}" for name, value in options.items()]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("config_file", CONFIG_FILES)
@pytest.mark.parametrize(("options", "expected"), VERDICTS)
def test_options_from_each_flake8_config_file(tmp_path, config_file, options, expected):
    write_tree(tmp_path, {**PROJECT, config_file: flake8_section(options)})
    assert codes(run_flake8(tmp_path, "tests/")) == expected


@pytest.mark.parametrize(("options", "expected"), VERDICTS)
def test_options_from_the_command_line(tmp_path, options, expected):
    write_tree(tmp_path, PROJECT)
    arguments = [f"--{name}={value}" for name, value in options.items()]
    assert codes(run_flake8(tmp_path, *arguments, "tests/")) == expected


def test_config_keys_may_use_underscores(tmp_path):
    options = {"asyncio-mode": "auto", "asyncio-default-fixture-loop-scope": "function"}
    write_tree(tmp_path, {**PROJECT, "setup.cfg": flake8_section(options, spelling="_")})
    assert codes(run_flake8(tmp_path, "tests/")) == {"ALP005"}


def test_command_line_beats_the_config_file(tmp_path):
    write_tree(tmp_path, {**PROJECT, ".flake8": flake8_section({"asyncio-mode": "auto"})})
    assert codes(run_flake8(tmp_path, "--asyncio-mode=strict", "tests/")) == {"ALP010", "ALP011"}


def test_options_beat_the_pytest_config(tmp_path):
    pytest_ini = "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
    write_tree(tmp_path, {**PROJECT, "pytest.ini": pytest_ini})
    assert codes(run_flake8(tmp_path, "tests/")) == {"ALP005"}
    unset = run_flake8(tmp_path, "--asyncio-default-fixture-loop-scope=unset", "tests/")
    assert codes(unset) == {"ALP003", "ALP004"}


def test_message_names_the_flake8_options_as_the_source(tmp_path):
    write_tree(tmp_path, PROJECT)
    options = ["--asyncio-mode=auto", "--asyncio-default-fixture-loop-scope=function"]
    result = run_flake8(tmp_path, *options, "tests/")
    assert "asyncio_default_fixture_loop_scope=function in the flake8 options" in result.stdout


@pytest.mark.parametrize("where", ["setup.cfg", "command line"])
def test_invalid_value_is_a_usage_error_naming_the_choices(tmp_path, where):
    write_tree(tmp_path, PROJECT)
    arguments = ["tests/"]
    if where == "command line":
        arguments.insert(0, "--asyncio-default-test-loop-scope=sesion")
    else:
        (tmp_path / "setup.cfg").write_text(flake8_section({"asyncio-default-test-loop-scope": "sesion"}))
    result = run_flake8(tmp_path, *arguments)
    assert result.returncode == 2
    assert "'sesion' is not one of: function, class, module, package, session" in result.stderr


FACTORY_PROJECT = {
    **REQUIREMENTS,
    "pytest.ini": "[pytest]\n",
    "shop/__init__.py": "",
    "shop/db.py": "def make_engine(url):\n    return url\n",
    "shop/cache.py": "def make_cache(url):\n    return url\n",
    "tests/conftest.py": """
        import pytest_asyncio

        from shop.cache import make_cache
        from shop.db import make_engine


        @pytest_asyncio.fixture
        async def engine():
            engine = make_engine("postgresql+asyncpg://localhost/test")
            yield engine
            engine.dispose()


        @pytest_asyncio.fixture
        async def cache():
            cache = make_cache("redis://localhost")
            yield cache
            cache.aclose()
    """,
}
FACTORIES = "shop.db.make_engine:dispose, shop.cache.make_cache:aclose"


def unawaited_cleanups(result) -> set[tuple[int, str]]:
    return {(row, code) for _path, row, _col, code in findings(result)}


@pytest.mark.parametrize("config_file", CONFIG_FILES)
def test_resource_factories_from_each_flake8_config_file(tmp_path, config_file):
    multi_line = "\n    ".join(FACTORIES.split(", "))
    section = f"[flake8]\nasyncloop-resource-factories =\n    {multi_line}\n"
    write_tree(tmp_path, {**FACTORY_PROJECT, config_file: section})
    assert unawaited_cleanups(run_flake8(tmp_path, "tests/")) == {(11, "ALP202"), (18, "ALP202")}


def test_resource_factories_from_the_command_line(tmp_path):
    write_tree(tmp_path, FACTORY_PROJECT)
    assert unawaited_cleanups(run_flake8(tmp_path, "tests/")) == set()
    with_option = run_flake8(tmp_path, f"--asyncloop-resource-factories={FACTORIES}", "tests/")
    assert unawaited_cleanups(with_option) == {(11, "ALP202"), (18, "ALP202")}


def plugin_options_in_help(tmp_path) -> tuple[list[str], str]:
    """The plugin's option names as ``flake8 --help`` lists them, and the help text on one line."""
    result = run_flake8(tmp_path, "--help")
    options = re.findall(r"^\s+(--asyncio[a-z-]+|--asyncloop[a-z-]+)", result.stdout, re.MULTILINE)
    return options, " ".join(result.stdout.split())


def test_every_option_documents_its_default_in_help(tmp_path):
    options, help_text = plugin_options_in_help(tmp_path)
    assert set(options) >= {
        "--asyncio-mode", "--asyncio-default-fixture-loop-scope", "--asyncio-default-test-loop-scope",
        "--asyncloop-resource-factories",
    }
    for option in options:
        described = help_text.split(option, 1)[1].split(" --", 1)[0]
        assert "Default:" in described, f"{option} help has no default"


def test_readme_documents_every_option(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    options, _help_text = plugin_options_in_help(tmp_path)
    assert [option for option in options if f"| `{option}`" not in readme] == []
