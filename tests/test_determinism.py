"""The same findings, messages included, however flake8 is run over a project.

One process per file or one for all, one job or two, any order of the files on the
command line, any working directory: each file's findings depend only on the file, its
pytest config, its dependency files and its conftest chain.  Caches (config per directory,
conftests per path) are per process, so these runs exercise them cold, warm and in every
order.  The fixtures hand out loop-bound values (a pooled engine, an asyncpg pool and
connection), so the loop mismatches are harm the tracer follows across the conftests.

Messages name other files (a fixture's conftest, the pytest config, the requirements file a
version was read from) relative to the directory flake8 runs in, as flake8 names the
reported file itself; the comparisons rebase those paths on the project, exactly like the
reported path.
"""

from __future__ import annotations

import ast
import os
import random
import re
from pathlib import Path

import pytest

from flake8_asyncloop.checker import check_source

from .flake8_runner import findings, run_flake8, write_tree

PROJECT = {
    "requirements.txt": """
        pytest
        pytest-asyncio
        sqlalchemy[asyncio]
        asyncpg
    """,
    "pytest.ini": """
        [pytest]
        asyncio_mode = strict
    """,
    "tests/conftest.py": """
        import asyncpg
        import pytest_asyncio
        from sqlalchemy.ext.asyncio import create_async_engine


        @pytest_asyncio.fixture(scope="session")
        async def engine():
            engine = create_async_engine("postgresql+asyncpg://localhost/test")
            yield engine
            await engine.dispose()


        @pytest_asyncio.fixture(scope="session", loop_scope="session")
        async def pool():
            pool = await asyncpg.create_pool("postgresql://localhost/test")
            yield pool
            await pool.close()
    """,
    "tests/test_top.py": """
        import pytest


        @pytest.mark.asyncio
        async def test_engine(engine):
            assert engine


        async def test_unmarked(pool):
            assert pool
    """,
    "tests/sub/conftest.py": """
        import pytest_asyncio
        from sqlalchemy.ext.asyncio import create_async_engine


        @pytest_asyncio.fixture(scope="module", loop_scope="module")
        async def engine():
            engine = create_async_engine("postgresql+asyncpg://localhost/test")
            yield engine
            await engine.dispose()


        @pytest_asyncio.fixture(scope="module", loop_scope="module")
        async def connection(pool):
            async with pool.acquire() as connection:
                yield connection
    """,
    "tests/sub/test_nested.py": """
        import pytest

        pytestmark = pytest.mark.asyncio(loop_scope="module")


        async def test_engine(engine):
            assert engine


        async def test_connection(connection, pool):
            assert await connection.fetchval("select 1") == 1 and pool
    """,
    "tests/sub/test_unmarked.py": """
        import pytest_asyncio


        async def test_plain(engine):
            assert engine
    """,
}

EXPECTED = [
    ("tests/conftest.py", 6, 2, "ALP004"),
    ("tests/sub/conftest.py", 13, 22, "ALP003"),
    ("tests/sub/test_nested.py", 10, 39, "ALP003"),
    ("tests/sub/test_unmarked.py", 4, 1, "ALP011"),
    ("tests/test_top.py", 5, 23, "ALP003"),
    ("tests/test_top.py", 9, 1, "ALP011"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return write_tree(tmp_path_factory.mktemp("project"), PROJECT)


def python_files(project: Path) -> list[str]:
    return sorted(path.relative_to(project).as_posix() for path in project.rglob("*.py"))


# A file named in a message: ``tests/conftest.py:7``, ``../pytest.ini:2``, ``requirements.txt:2``.
PATH_IN_MESSAGE = re.compile(r"(?<![\w./-])((?:\.\./)*(?:[\w.-]+/)*[\w.-]+\.(?:py|txt|ini|toml|cfg))\b")


def in_the_project(path: str, cwd: Path, project: Path) -> str:
    """``path`` as seen from ``cwd``, rewritten relative to ``project``."""
    return Path(os.path.relpath(cwd / path, project)).as_posix()


def rebased(message: str, cwd: Path, project: Path) -> str:
    """The message with every existing file it names rewritten relative to ``project``."""
    def rebase(match: re.Match) -> str:
        return in_the_project(match[1], cwd, project) if (cwd / match[1]).is_file() else match[1]
    return PATH_IN_MESSAGE.sub(rebase, message)


def report(project: Path, *arguments: str, cwd: Path | None = None) -> list[str]:
    """flake8's report lines (path, position, code, message), sorted, paths relative to the project."""
    cwd = cwd or project
    result = run_flake8(cwd, *arguments)
    findings(result)  # a clean run: exit status, nothing on stderr, every line a finding
    lines = []
    for line in result.stdout.splitlines():
        path, rest = line.split(":", 1)
        lines.append(f"{in_the_project(path, cwd, project)}:{rebased(rest, cwd, project)}")
    return sorted(lines)


@pytest.fixture(scope="module")
def whole_tree_report(project) -> list[str]:
    lines = report(project, "-j1", ".")
    assert [tuple(line.split(":", 4)[:4]) for line in lines] == [
        (path, str(row), str(col), code) for path, row, col, code in EXPECTED]
    return lines


def test_one_job_and_two_jobs_report_the_same(project, whole_tree_report):
    assert report(project, "-j2", ".") == whole_tree_report


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("jobs", ["-j1", "-j2"])
def test_order_of_the_files_on_the_command_line_does_not_matter(project, whole_tree_report, seed, jobs):
    files = python_files(project)
    random.Random(seed).shuffle(files)
    assert report(project, jobs, *files) == whole_tree_report


def test_each_file_alone_reports_what_it_reports_in_the_whole_tree(project, whole_tree_report):
    alone = sorted(line for file in python_files(project) for line in report(project, file))
    assert alone == whole_tree_report


def test_working_directory_does_not_matter(project, whole_tree_report):
    assert report(project, "-j1", ".", cwd=project / "tests") == whole_tree_report


def test_one_process_reports_the_same_for_any_order_with_its_caches_warm(project, whole_tree_report, monkeypatch):
    """check_source's per-process caches (configs, conftests) must not carry one file's view into another.

    The process runs in the project, as flake8 did for the whole-tree report."""
    monkeypatch.chdir(project)

    def lint(order: list[str]) -> list[str]:
        lines = []
        for file in order:
            source = (project / file).read_text(encoding="utf-8")
            for finding in check_source(str(project / file), source, ast.parse(source)):
                lines.append(f"{file}:{finding.line}:{finding.col + 1}:{finding.code}:{finding.message}")
        return sorted(lines)

    files = python_files(project)
    for seed in range(5):
        random.Random(seed).shuffle(files)
        assert lint(files) == whole_tree_report


TWO_FINDINGS_ON_ONE_POSITION = {
    "pytest.ini": """
        [pytest]
        asyncio_mode = strict
        filterwarnings =
            ignore:Unclosed client session:ResourceWarning
            ignore:coroutine 'Connection.close' was never awaited:RuntimeWarning
    """,
    "requirements.txt": "pytest-asyncio\n",
    "conftest.py": "import pytest\n",
}


def test_findings_on_one_position_come_in_the_same_order_in_every_process(tmp_path, monkeypatch):
    """Two ALP902 findings share line 1 of the conftest; string hashing differs between processes, so an
    order taken from a set of findings would too (flake8 keeps a plugin's order for equal positions)."""
    project = write_tree(tmp_path, TWO_FINDINGS_ON_ONE_POSITION)
    outputs = set()
    for seed in range(8):
        monkeypatch.setenv("PYTHONHASHSEED", str(seed))
        result = run_flake8(project, "conftest.py")
        assert [code for _, _, _, code in findings(result)] == ["ALP902", "ALP902"]
        outputs.add(result.stdout)
    assert len(outputs) == 1
