"""Whatever Python flake8 hands over, the plugin finishes: no exception, no output, no stall.

In-process tests call ``check_source(..., contain=False)`` so that a crash fails the
test instead of being logged, and run every rule with its gate opened so each rule
sees each program.  Subprocess tests run the real flake8 executable.
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
import time
from pathlib import Path

import pytest

from flake8_asyncloop.checker import check_source
from flake8_asyncloop.project.loading import decode_source
from flake8_asyncloop.rules import RULES, Rule, Trigger

from .flake8_runner import findings, run_flake8, write_tree
from .robustness_support import STRICT_PROJECT, lint, make_strict_project, parse, parses


@pytest.fixture(scope="module")
def strict_project(tmp_path_factory) -> Path:
    return make_strict_project(tmp_path_factory)


# -- deep and long files -------------------------------------------------------------------

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
def test_deep_expressions_are_analysed_never_crash(strict_project, nesting, depth):
    """Every depth Python accepts is analysed: the walk is iterative and every recursion is bounded."""
    source = DEEP_TEST.format(expression=NESTINGS[nesting](depth))
    if not parses(source):
        pytest.skip("Python itself rejects this depth, so flake8 never calls plugins on it")
    reported = lint(strict_project / "tests/test_deep.py", source)
    assert [(finding.line, finding.code) for finding in reported] == [(4, "ALP011")]


@pytest.mark.parametrize("depth", range(300, 500, 40))
def test_deep_expressions_in_a_conftest_never_crash(tmp_path, depth):
    """A conftest is searched for config edits (``config._inicache[…]``) by printing subscripts."""
    deep_value = f"\nvalue = {NESTINGS['subscripts'](depth)}\n"
    conftest = textwrap.dedent(STRICT_PROJECT["tests/conftest.py"]) + deep_value
    write_tree(tmp_path, {**STRICT_PROJECT, "tests/conftest.py": conftest})
    lint(tmp_path / "tests/test_db.py", "import pytest_asyncio\n\n\nasync def test_db(engine):\n    pass\n")


def test_deep_statement_nesting_is_analysed(strict_project):
    """98 nested blocks (Python's limit is 100 indentation levels) inside an async test."""
    body = "".join("    " * level + "if value:\n" for level in range(1, 99)) + "    " * 99 + "pass\n"
    source = "import pytest_asyncio\n\n\nasync def test_nested(engine, value):\n" + body
    reported = lint(strict_project / "tests/test_nested.py", source)
    assert [(finding.line, finding.code) for finding in reported] == [(4, "ALP011")]


LONG_FILE_LINES_PER_SECOND = 3_000  # work per method growing with the class size missed this by far


@pytest.mark.parametrize("in_class", [False, True], ids=["module-level", "one-class"])
def test_very_long_files_are_linear(tmp_path, in_class):
    """3,000 class-loop fixtures and 3,000 tests in one file (~25k lines) lint in seconds."""
    count = 3000
    indent, receiver = ("    ", ["self"]) if in_class else ("", [])
    parts = ["import asyncio\n\nimport pytest\nimport pytest_asyncio\n\n\n", "class TestMany:\n" if in_class else ""]
    for index in range(count):
        parts.append(
            f"\n{indent}@pytest_asyncio.fixture(scope='class', loop_scope='class')\n"
            f"{indent}async def resource_{index}({', '.join(receiver)}):\n{indent}    yield asyncio.Queue({index})\n\n"
            f"\n{indent}@pytest.mark.asyncio\n"
            f"{indent}async def test_{index}({', '.join([*receiver, f'resource_{index}'])}):\n"
            f"{indent}    assert resource_{index}\n"
        )
    source = "".join(parts)
    write_tree(tmp_path, {"pytest.ini": "[pytest]\nasyncio_mode = strict\n"})
    started = time.perf_counter()
    reported = lint(tmp_path / "test_many.py", source, rules=RULES)
    elapsed = time.perf_counter() - started
    lines = source.count("\n")
    assert elapsed < lines / LONG_FILE_LINES_PER_SECOND, f"{lines} lines took {elapsed:.1f} s"
    assert sum(finding.code == "ALP003" for finding in reported) == count  # each queue: class loop vs function loop


# -- real code ---------------------------------------------------------------------------

CORPUS_PACKAGES = ["pytest", "_pytest", "asyncio", "pytest_asyncio", "anyio", "httpx", "starlette", "fastapi",
                   "sqlalchemy"]
FILES_PER_PACKAGE = 10


def corpus_sample(package: str) -> list[Path]:
    """``FILES_PER_PACKAGE`` files spread evenly over the package's sorted file list."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        pytest.skip(f"{package} is not installed")
    files = sorted(path for root in spec.submodule_search_locations for path in Path(root).rglob("*.py"))
    return files[:: max(1, len(files) // FILES_PER_PACKAGE)][:FILES_PER_PACKAGE]


@pytest.fixture(scope="module")
def auto_project(tmp_path_factory) -> Path:
    return write_tree(tmp_path_factory.mktemp("auto"), {"pytest.ini": "[pytest]\nasyncio_mode = auto\n"})


@pytest.mark.parametrize("package", CORPUS_PACKAGES)
def test_installed_packages_lint_without_an_exception(auto_project, package):
    """Real async code, read as if it were a test module of an auto-mode project (so every rule looks)."""
    for path in corpus_sample(package):
        source = decode_source(path.read_bytes())
        lint(auto_project / f"test_{path.stem}.py", source)


NEWER_SYNTAX = [
    pytest.param((3, 10), """
        match value:
            case {"scope": str(scope)} if scope:
                pass
            case [first, *rest]:
                pass
            case Point(x=0) | None:
                pass
    """, id="match"),
    pytest.param((3, 11), """
        try:
            pass
        except* (ValueError, TypeError) as group:
            pass
    """, id="except-star"),
    pytest.param((3, 12), """
        type Pair[T] = tuple[T, T]

        def first[T: (int, str), *Ts, **P](pair: Pair[T]) -> T:
            return pair[0]

        class Box[T]:
            value: T
    """, id="pep695-generics"),
    pytest.param((3, 12), """
        label = f"{'scope'!r:>{width}} {f"{f"{value}"}"}"
    """, id="pep701-f-strings"),
    pytest.param((3, 13), """
        def pick[T = int](value: T) -> T:
            return value
    """, id="pep696-type-defaults"),
    pytest.param((3, 14), """
        try:
            pass
        except ValueError, TypeError:
            pass
        template = t"{value}"
    """, id="pep758-pep750"),
]


@pytest.mark.parametrize(("version", "snippet"), NEWER_SYNTAX)
def test_newer_syntax_around_async_tests_is_analysed(strict_project, version, snippet):
    """New statements at module level, in a fixture and in a test; the unmarked test is still reported."""
    if sys.version_info < version:
        pytest.skip(f"Python {'.'.join(map(str, version))}+ syntax")
    code = textwrap.dedent(snippet)
    source = (
        "import pytest_asyncio\n\n" + code + "\n\n@pytest_asyncio.fixture\nasync def resource(value):\n"
        + textwrap.indent(code, "    ") + "    yield value\n\n\nasync def test_new_syntax(resource, value):\n"
        + textwrap.indent(code, "    ")
    )
    test_line = source.splitlines().index("async def test_new_syntax(resource, value):") + 1
    reported = lint(strict_project / "tests/test_new.py", source)
    assert (test_line, "ALP011") in {(finding.line, finding.code) for finding in reported}


# -- files as they come: encodings, empty files, warnings ----------------------------------

LATIN1_CONFTEST = '''# -*- coding: latin-1 -*-
"""Fixtures for the café's order service."""
import asyncio

import pytest_asyncio


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def till():
    yield asyncio.Queue()  # orders: crème brûlée
'''

TILL_TEST = '''import pytest


@pytest.mark.asyncio
async def test_till(till):
    assert till != "thé"
'''


def test_latin1_and_bom_files_are_read_as_python_reads_them(tmp_path):
    """A latin-1 conftest (coding cookie) read from disk; test modules in latin-1 and UTF-8 with a BOM."""
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests/conftest.py").write_bytes(LATIN1_CONFTEST.encode("latin-1"))
    latin1_test = "# -*- coding: latin-1 -*-\n" + TILL_TEST
    (tmp_path / "tests/test_latin1.py").write_bytes(latin1_test.encode("latin-1"))
    (tmp_path / "tests/test_bom.py").write_bytes(TILL_TEST.encode("utf-8-sig"))
    assert findings(run_flake8(tmp_path, "tests")) == [
        ("tests/test_bom.py", 5, 21, "ALP003"),
        ("tests/test_latin1.py", 6, 21, "ALP003"),
    ]


def test_undecodable_conftest_is_ignored(tmp_path):
    """Bytes that are not UTF-8 and no cookie: pytest could not import it, we cannot read it, no finding."""
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests/conftest.py").write_bytes(LATIN1_CONFTEST.split("\n", 1)[1].encode("latin-1"))
    (tmp_path / "tests/test_till.py").write_text(TILL_TEST)
    assert findings(run_flake8(tmp_path, "tests/test_till.py")) == []


def test_empty_files_everywhere_are_fine(tmp_path):
    empty = {"pytest.ini": "", "pyproject.toml": "", "setup.cfg": "", "tests/__init__.py": "",
             "tests/conftest.py": "", "tests/test_empty.py": "", "tests/test_blank.py": "\n\n   \n",
             "tests/test_comment.py": "# async\n",
             "tests/sub/conftest.py": "\ufeff", "tests/sub/test_bom_only.py": "\ufeff"}
    write_tree(tmp_path, empty)
    assert findings(run_flake8(tmp_path, ".")) == []
    for name, text in empty.items():
        if name.endswith(".py"):
            assert lint(tmp_path / name, text.lstrip("\ufeff")) == []


DEEP_LAMBDAS = DEEP_TEST.format(expression="lambda: " * 600 + "None")  # pyflakes copes, and so must we


def test_nothing_but_findings_reaches_flake8_output(tmp_path):
    """Python warns while we parse this conftest (only we read it); the deep file is analysed quietly."""
    write_tree(tmp_path, {
        "pytest.ini": "[pytest]\nasyncio_mode = strict\n",
        "tests/conftest.py": r'''
            import asyncio

            import pytest_asyncio


            @pytest_asyncio.fixture(scope="session", loop_scope="session")
            async def engine():
                queue = asyncio.Queue()
                yield queue if "\d" else queue
        ''',
        "tests/test_deep.py": DEEP_LAMBDAS,
        "tests/test_engine.py": TILL_TEST.replace("till", "engine"),
    })
    result = run_flake8(tmp_path, "tests/test_deep.py", "tests/test_engine.py")
    assert result.returncode == 1 and result.stderr == ""
    assert findings(result) == [("tests/test_deep.py", 4, 1, "ALP011"), ("tests/test_engine.py", 5, 23, "ALP003")]


# -- a rule that raises ----------------------------------------------------------------------

def rule_that_raises(context):
    raise RuntimeError("a bug in one rule")


def rule_that_recurses(context):
    return rule_that_recurses(context)


def rule_that_raises_while_iterating(context):
    yield from ()
    raise KeyError("fixture")


@pytest.mark.parametrize("failing", [rule_that_raises, rule_that_recurses, rule_that_raises_while_iterating])
def test_a_failing_rule_is_contained_and_the_others_still_report(strict_project, caplog, failing):
    source = TILL_TEST.replace("till", "engine")
    path = str(strict_project / "tests/test_engine.py")
    expected = check_source(path, source, parse(source))
    assert [finding.code for finding in expected] == ["ALP003"]
    rules = [Rule(("ALP001",), Trigger.of(("",)), failing), *RULES]
    assert check_source(path, source, parse(source), rules=rules) == expected
    assert f"rule {failing.__name__} failed on {path}" in caplog.text
    with pytest.raises((RuntimeError, KeyError)):
        check_source(path, source, parse(source), rules=rules, contain=False)


FLAKE8_WITH_A_FAILING_RULE = """
import sys

from flake8.main.cli import main

from flake8_asyncloop.rules import RULES, Rule, Trigger


def rule_that_raises(context):
    raise RuntimeError("a bug in one rule")


RULES.insert(0, Rule(("ALP001",), Trigger.of(("",)), rule_that_raises))
main(sys.argv[1:])
"""


@pytest.mark.parametrize("jobs", ["-j1", "-j2"])
def test_real_flake8_run_completes_when_a_rule_raises(tmp_path, jobs):
    """The raising rule is registered in the flake8 process itself, as a broken rule family would be."""
    write_tree(tmp_path, {**STRICT_PROJECT, "tests/test_engine.py": TILL_TEST.replace("till", "engine"),
                          "tests/test_other.py": TILL_TEST.replace("till", "engine")})
    expected = findings(run_flake8(tmp_path, jobs, "tests"))
    assert {code for *_, code in expected} == {"ALP003"}
    launcher = (sys.executable, "-c", FLAKE8_WITH_A_FAILING_RULE)
    assert findings(run_flake8(tmp_path, jobs, "tests", launcher=launcher)) == expected
    verbose = run_flake8(tmp_path, "-j1", "-v", "tests/test_engine.py", launcher=launcher)
    assert "rule rule_that_raises failed on tests/test_engine.py" in verbose.stderr
