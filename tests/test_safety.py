"""Linting never runs the linted project, and verdicts never depend on what the project installs.

Every file of the project below would write a marker and kill the process if it were
imported: conftests, the ``pytest_plugins`` module, the application a test imports and
the tests themselves.  flake8 runs for real, in this environment (pytest-asyncio,
SQLAlchemy, FastAPI... installed) and in a fresh virtual environment holding only the
plugin and its own dependencies.  The project's fixtures hand out loop-bound values (an
asyncpg pool, an SQLAlchemy session over the app's pooled engine) to tests on other loops, so
the verdicts need the tracer to read the application and the plugin module, never to run them.
"""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

from packaging.requirements import Requirement

from .flake8_runner import findings, run_flake8, trap, write_trapped_tree

DATA = Path(__file__).parent / "data"
PROJECT_DEPENDENCIES = ["pytest", "pytest_asyncio", "sqlalchemy", "fastapi", "starlette", "httpx", "anyio"]

TRAPPED_PROJECT = {
    "pyproject.toml": """
        [project]
        name = "shop"
        version = "1.0"
        dependencies = ["fastapi", "sqlalchemy[asyncio]", "asyncpg"]

        [dependency-groups]
        test = ["pytest", "pytest-asyncio", "httpx"]

        [tool.pytest.ini_options]
        asyncio_mode = "strict"
    """,
    "conftest.py": """
        pytest_plugins = ["fixtures.db"]
    """,
    "fixtures/__init__.py": "",
    "fixtures/db.py": """
        import asyncpg
        import pytest_asyncio


        @pytest_asyncio.fixture(scope="module", loop_scope="module")
        async def pool():
            pool = await asyncpg.create_pool("postgresql://localhost/shop")
            yield pool
            await pool.close()
    """,
    "app/__init__.py": "",
    "app/main.py": """
        from contextlib import asynccontextmanager

        from fastapi import FastAPI
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine("postgresql+asyncpg://localhost/shop")


        @asynccontextmanager
        async def lifespan(app):
            yield
            await engine.dispose()


        app = FastAPI(lifespan=lifespan)
    """,
    "tests/__init__.py": "",
    "tests/conftest.py": """
        import pytest_asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        from app.main import engine


        @pytest_asyncio.fixture(scope="session", loop_scope="session")
        async def session():
            async with AsyncSession(engine) as session:
                yield session
    """,
    "tests/test_shop.py": """
        import pytest
        from httpx import ASGITransport, AsyncClient

        from app.main import app, engine


        @pytest.mark.asyncio
        async def test_pool(pool):
            assert pool


        @pytest.mark.asyncio
        async def test_session(session):
            async with AsyncClient(transport=ASGITransport(app=app), base_url="http://shop") as client:
                assert (await client.get("/")).status_code == 404
            assert engine
    """,
}

EXPECTED_LOOP_MISMATCHES = {
    ("tests/test_shop.py", 8, 21, "ALP003"),
    ("tests/test_shop.py", 13, 24, "ALP003"),
}


def write_trapped_project(root: Path, marker: Path) -> Path:
    return write_trapped_tree(root, TRAPPED_PROJECT, marker)


def shifted(rows: set[tuple], lines: int) -> set[tuple]:
    return {(path, row + lines, col, code) for path, row, col, code in rows}


def test_linting_a_project_never_imports_it(tmp_path):
    marker = tmp_path / "imported.txt"
    project = write_trapped_project(tmp_path / "project", marker)
    result = run_flake8(project, ".")
    assert not marker.exists(), f"imported while linting: {marker.read_text()}"
    trap_lines = trap(marker).count("\n")
    reported = {row for row in findings(result) if row[3] == "ALP003"}
    assert reported == shifted(EXPECTED_LOOP_MISMATCHES, trap_lines)


def plugin_distributions() -> list[importlib.metadata.Distribution]:
    """flake8-asyncloop and what it requires on this Python, as installed in this environment."""
    paths = sysconfig.get_paths()
    site_packages = sorted({paths["purelib"], paths["platlib"]})
    found: dict[str, importlib.metadata.Distribution] = {}
    pending = [Requirement("flake8-asyncloop")]
    while pending:
        requirement = pending.pop()
        key = requirement.name.lower().replace("_", "-")
        if key in found or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        (distribution,) = importlib.metadata.distributions(name=requirement.name, path=site_packages)
        found[key] = distribution
        pending.extend(Requirement(line) for line in distribution.requires or ())
    return list(found.values())


def plugin_only_python(directory: Path) -> Path:
    """A fresh virtual environment holding the installed files of the plugin's distributions and nothing else.

    Linking the files each distribution's RECORD lists gives exactly the versions under
    test, offline; console scripts (outside site-packages) are left out: flake8 runs as
    ``python -m flake8``.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(directory)], check=True)
    python = directory / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    for distribution in plugin_distributions():
        assert distribution.files is not None, f"{distribution.metadata['Name']} has no RECORD"
        for file in distribution.files:
            if file.parts[0] == "..":
                continue
            target = Path(purelib, file)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(Path(distribution.locate_file(file)).resolve())
    return python


def importable(python: Path, modules: list[str]) -> list[str]:
    check = f"import importlib.util; print(' '.join(m for m in {modules!r} if importlib.util.find_spec(m)))"
    return subprocess.run([python, "-c", check], capture_output=True, text=True, check=True).stdout.split()


def test_verdicts_are_the_same_without_the_projects_dependencies(tmp_path):
    """The rule data of every family and the trapped project, linted in both environments."""
    bare_python = plugin_only_python(tmp_path / "venv")
    assert importable(bare_python, PROJECT_DEPENDENCIES) == []
    assert "pytest_asyncio" in importable(Path(sys.executable), PROJECT_DEPENDENCIES)
    marker = tmp_path / "imported.txt"
    write_trapped_project(tmp_path / "trapped", marker)
    shutil.copytree(DATA, tmp_path / "data")
    for project in (tmp_path / "trapped", tmp_path / "data"):
        installed = run_flake8(project, "-j2", ".")
        bare = run_flake8(project, "-j2", ".", launcher=(str(bare_python), "-m", "flake8"))
        assert findings(installed), f"{project.name}: the comparison needs findings"
        assert textwrap.indent(bare.stdout, "  ") == textwrap.indent(installed.stdout, "  ")
        assert bare.stderr == ""
    assert not marker.exists()
