"""``flake8-asyncloop map`` and ``fix`` never import the project they read, like the plugin (test_safety.py).

Every Python file of the project below writes a marker and kills the process when imported: its
conftests, its ``pytest_plugins`` module, the app its tests import and the tests.  Each command runs
for real, in a subprocess, in every output format and with ``--write``; the map must still show the
crossing and the fix must still fix, so the commands had something to read.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .flake8_runner import write_trapped_tree

PROJECT = {
    "pyproject.toml": """
        [project]
        name = "shop"
        version = "1"
        dependencies = ["pytest-asyncio==1.5.0", "httpx==0.28.1", "asyncpg==0.32.0", "fastapi==0.165.0"]

        [tool.pytest.ini_options]
        asyncio_mode = "strict"
        asyncio_default_fixture_loop_scope = "function"
    """,
    "conftest.py": """
        pytest_plugins = ["fixtures.db"]
    """,
    "fixtures/__init__.py": "",
    "fixtures/db.py": """
        import asyncpg
        import pytest_asyncio


        @pytest_asyncio.fixture(scope="session", loop_scope="session")
        async def pool():
            pool = await asyncpg.create_pool("postgresql://localhost/shop")
            yield pool
            await pool.close()
    """,
    "app/__init__.py": "",
    "app/main.py": """
        from fastapi import FastAPI

        app = FastAPI()
    """,
    "tests/__init__.py": "",
    "tests/test_shop.py": """
        import pytest
        from httpx import AsyncClient

        from app.main import app


        @pytest.mark.asyncio
        async def test_pool(pool):
            async with AsyncClient(app=app, base_url="http://shop") as client:
                assert client and pool
    """,
}


def command(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8_asyncloop.commands", *arguments], cwd=project,
                          capture_output=True, text=True, timeout=120)


def test_map_and_fix_never_import_the_project(tmp_path):
    marker = tmp_path / "imported.txt"
    project = write_trapped_tree(tmp_path / "project", PROJECT, marker)
    mapped = command(project, "map", "--format=json", ".")
    assert mapped.returncode == 0, mapped.stderr
    (test,) = json.loads(mapped.stdout)["tests"]
    assert [(c["requester"], c["fixture"]) for c in test["crossings"]] == [("test_pool", "pool")]
    for output_format in ("text", "mermaid"):
        assert command(project, "map", f"--format={output_format}", ".").returncode == 0
    diff = command(project, "fix", ".")
    assert diff.returncode == 1 and "+    async with AsyncClient(transport=ASGITransport(app=app)" in diff.stdout
    written = command(project, "fix", "--write", "--unsafe-fixes", ".")
    assert written.returncode == 0, written.stderr
    assert "transport=ASGITransport(app=app)" in (project / "tests" / "test_shop.py").read_text(encoding="utf-8")
    assert not marker.exists(), f"imported: {marker.read_text()}"
