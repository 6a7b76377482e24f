"""Whatever Python flake8 hands over, the plugin finishes: no exception, no output, no stall.

In-process tests call ``check_source(..., contain=False)`` so that a crash fails the
test instead of being logged, and run every rule with its gate opened so each rule
sees each program.  Subprocess tests run the real flake8 executable.
"""

from __future__ import annotations

import ast
import re
import textwrap
import time
import warnings
from pathlib import Path

import pytest

from flake8_asyncloop.checker import check_source
from flake8_asyncloop.rules import RULES, Rule

from .flake8_runner import write_tree

EVERY_RULE_UNGATED = [Rule(rule.codes, re.compile(""), rule.check) for rule in RULES]

STRICT_PROJECT = {
    "pytest.ini": "[pytest]\nasyncio_mode = strict\n",
    "tests/conftest.py": """
        import pytest_asyncio


        @pytest_asyncio.fixture(scope="session", loop_scope="session")
        async def engine():
            yield object()
    """,
}


def parse(source: str) -> ast.Module:
    """flake8's parse; generated code may draw SyntaxWarnings from Python itself, which are not ours."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source)


def lint(path: Path, source: str, rules=EVERY_RULE_UNGATED):
    return check_source(str(path), source, parse(source), rules=rules, contain=False)


@pytest.fixture(scope="module")
def strict_project(tmp_path_factory) -> Path:
    return write_tree(tmp_path_factory.mktemp("strict"), STRICT_PROJECT)


DEEP_TEST = """\
import pytest_asyncio


async def test_deep(engine):
    value = {expression}
"""

NESTINGS = {
    "operators": lambda depth: "+".join(["a"] * depth),
    "subscripts": lambda depth: "a" + "[0]" * depth,
    "calls": lambda depth: "a" + "()" * depth,
    "attributes": lambda depth: "a" + ".b" * depth,
    "conditionals": lambda depth: "a if b else " * depth + "a",
    "negations": lambda depth: "not " * depth + "a",
    "lambdas": lambda depth: "lambda: " * depth + "a",
}


@pytest.mark.parametrize("depth", [50, 350, 450, 500, 1000, 3000])
@pytest.mark.parametrize("nesting", NESTINGS)
def test_deep_expressions_are_analysed_or_skipped_never_crash(strict_project, nesting, depth):
    """Past astroid's recursion limit the file is skipped; below it, it is analysed as usual."""
    source = DEEP_TEST.format(expression=NESTINGS[nesting](depth))
    try:
        parse(source)
    except (RecursionError, MemoryError, SyntaxError):
        pytest.skip("Python itself rejects this depth, so flake8 never calls plugins on it")
    findings = lint(strict_project / "tests/test_deep.py", source)
    if depth <= 50:
        assert [(finding.line, finding.code) for finding in findings] == [(4, "ALP011")]


@pytest.mark.parametrize("depth", range(300, 500, 40))
def test_deep_expressions_in_a_conftest_never_crash(tmp_path, depth):
    """A conftest is searched for config edits (``config._inicache[…]``) by printing subscripts."""
    conftest = textwrap.dedent(STRICT_PROJECT["tests/conftest.py"]) + f"\n\nvalue = {NESTINGS['subscripts'](depth)}\n"
    write_tree(tmp_path, {**STRICT_PROJECT, "tests/conftest.py": conftest})
    lint(tmp_path / "tests/test_db.py", "import pytest_asyncio\n\n\nasync def test_db(engine):\n    pass\n")


def test_deep_statement_nesting_is_analysed(strict_project):
    """98 nested blocks (Python's limit is 100 indentation levels) inside an async test."""
    body = "".join("    " * level + "if value:\n" for level in range(1, 99)) + "    " * 99 + "pass\n"
    source = "import pytest_asyncio\n\n\nasync def test_nested(engine, value):\n" + body
    assert [(finding.line, finding.code) for finding in lint(strict_project / "tests/test_nested.py", source)] == [
        (4, "ALP011")
    ]


LONG_FILE_LINES_PER_SECOND = 3_000  # quadratic work per method of a large class missed this by 10x


@pytest.mark.parametrize("in_class", [False, True], ids=["module-level", "one-class"])
def test_very_long_files_are_linear(tmp_path, in_class):
    """4,000 session fixtures and 4,000 tests in one file (~30k lines) lint in seconds."""
    count = 4000
    indent = "    " if in_class else ""
    self_ = "self, " if in_class else ""
    parts = ["import pytest\nimport pytest_asyncio\n\n\n", "class TestMany:\n" if in_class else ""]
    for index in range(count):
        parts.append(
            f"\n{indent}@pytest_asyncio.fixture(scope='class', loop_scope='class')\n"
            f"{indent}async def resource_{index}({self_.rstrip(', ')}):\n{indent}    yield {index}\n\n"
            f"\n{indent}@pytest.mark.asyncio\n"
            f"{indent}async def test_{index}({self_}resource_{index}):\n{indent}    assert resource_{index}\n"
        )
    source = "".join(parts)
    write_tree(tmp_path, {"pytest.ini": "[pytest]\nasyncio_mode = strict\n"})
    started = time.perf_counter()
    findings = lint(tmp_path / "test_many.py", source, rules=RULES)
    elapsed = time.perf_counter() - started
    lines = source.count("\n")
    assert elapsed < lines / LONG_FILE_LINES_PER_SECOND, f"{lines} lines took {elapsed:.1f} s"
    assert sum(finding.code == "ALP003" for finding in findings) == count  # each test: function loop vs class loop
