"""ruff beside flake8: the README's ``[tool.ruff.lint] external`` setting keeps ``# noqa: ALP…`` alive.

ruff cannot run flake8 plugins, and its noqa rules delete suppressions for codes it does
not know: RUF100 (unused-noqa) up to ruff 0.15.2, RUF102 (invalid-rule-code) since 0.15.3.
Once ``ruff check --fix`` has deleted a ``# noqa: ALP003``, the next flake8 run reports the
finding someone had deliberately suppressed.  These tests run the pinned ruff (test extra)
and, for RUF100's older behaviour, ruff 0.15.2 fetched from PyPI (skipped offline).
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .flake8_runner import findings, run_flake8, write_tree

pytest.importorskip("ruff", reason="ruff is in the test extra")

README = Path(__file__).resolve().parent.parent / "README.md"
ORDERS_TEST = """
    async def test_orders(api):  # noqa: ALP003 -- reviewed: one client for the whole session
        assert (await api.get("/orders")).status_code == 200


    async def test_carts(api):
        assert (await api.get("/carts")).status_code == 200
"""
SUPPRESSED_LINE = textwrap.dedent(ORDERS_TEST).lstrip("\n").splitlines(keepends=True)[0]
PROJECT = {
    "pytest.ini": "[pytest]\nasyncio_mode = auto\n",
    "pyproject.toml": """
        [project]
        name = "shop"
        version = "1.0"
        dependencies = ["httpx"]

        [project.optional-dependencies]
        test = ["pytest-asyncio", "pytest"]
    """,
    "tests/conftest.py": """
        import httpx
        import pytest_asyncio


        @pytest_asyncio.fixture(scope="session", loop_scope="session")
        async def api():
            async with httpx.AsyncClient(base_url="http://shop.test") as client:
                yield client
    """,
    "tests/test_orders.py": ORDERS_TEST,
}
OLD_RUFF = "0.15.2"  # the last release whose RUF100 deletes unknown codes itself


def readme_ruff_config() -> str:
    """The ```toml block of the README's "ruff beside flake8" section: the config under test."""
    section = re.search(r"^### ruff beside flake8$(.*?)(?=^#{2,3} )", README.read_text(encoding="utf-8"),
                        re.MULTILINE | re.DOTALL)
    assert section, "README has no '### ruff beside flake8' section"
    (block,) = re.findall(r"^```toml\n(.*?)^```$", section[1], re.MULTILINE | re.DOTALL)
    return block


def project(root: Path, *, documented_config: bool) -> Path:
    """The project, its ``pyproject.toml`` with the README's ruff config appended or not."""
    write_tree(root, PROJECT)
    if documented_config:
        with (root / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
            pyproject.write("\n" + readme_ruff_config())
    return root


def ruff_fix(root: Path, select: str, ruff: tuple[str, ...] = (sys.executable, "-m", "ruff")) -> str:
    """``ruff check --fix`` the way a pre-commit hook runs it; returns the test file afterwards."""
    command = [*ruff, "check", "--no-cache", "--select", select, "--fix", "--exit-zero", "."]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return (root / "tests/test_orders.py").read_text(encoding="utf-8")


def alp_lines(root: Path) -> list[int]:
    return [row for _path, row, _col, _code in findings(run_flake8(root, "."))]


@pytest.mark.parametrize("select", ["RUF100", "RUF102", "RUF100,RUF102", "RUF"])
def test_with_the_documented_config_ruff_keeps_the_alp_noqa(tmp_path, select):
    root = project(tmp_path, documented_config=True)
    assert ruff_fix(root, select).startswith(SUPPRESSED_LINE)
    assert alp_lines(root) == [5], "flake8 still honours the suppression on line 1 and reports line 5"


def test_without_it_ruff_deletes_the_alp_noqa_and_the_finding_comes_back(tmp_path):
    root = project(tmp_path, documented_config=False)
    assert alp_lines(root) == [5]
    fixed = ruff_fix(root, "RUF")
    assert fixed.startswith("async def test_orders(api):\n"), fixed
    assert alp_lines(root) == [1, 5]


@pytest.fixture(scope="module")
def old_ruff(tmp_path_factory) -> tuple[str, ...]:
    target = tmp_path_factory.mktemp(f"ruff-{OLD_RUFF}")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
               f"ruff=={OLD_RUFF}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        pytest.skip(f"cannot install ruff {OLD_RUFF} (offline?): {result.stderr[-500:]}")
    return (str(target / "bin" / "ruff"),)


@pytest.mark.parametrize("documented_config", [True, False], ids=["external", "no-external"])
def test_older_ruff_deletes_it_under_ruf100_alone_unless_external(tmp_path, old_ruff, documented_config):
    root = project(tmp_path, documented_config=documented_config)
    kept = ruff_fix(root, "RUF100", old_ruff).startswith(SUPPRESSED_LINE)
    assert kept is documented_config
