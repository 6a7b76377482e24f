"""The README's install recipes work today, and the index forms are marked as waiting for the first release.

Until a release is on PyPI and tagged, ``pip install flake8-asyncloop``, ``==0.1.0`` pins and
``rev: v0.1.0`` fail.  The forms that work are a VCS URL at a commit and pre-commit with a
commit SHA as ``rev``; both run here from a clone of this repository, with the GitHub URL
swapped for the clone (they need git and PyPI, and skip without them).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .flake8_runner import write_tree

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GITHUB_URL = "https://github.com/flake8-asyncloop/flake8-asyncloop"
AFTER_RELEASE = "after the first release"
INDEX_FORMS = re.compile(r"pip install flake8-asyncloop|flake8-asyncloop==|flake8-asyncloop\n\s+rev: v\d")
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
    "tests/test_orders.py": """
        async def test_orders(api):
            assert (await api.get("/orders")).status_code == 200
    """,
}

needs_git_checkout = pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                                        reason="needs git and a git checkout of this repository")


def readme_section(heading: str) -> str:
    text = README.read_text(encoding="utf-8")
    section = re.search(rf"^{re.escape(heading)}$(.*?)(?=^#{{2,3}} )", text, re.MULTILINE | re.DOTALL)
    assert section, f"README has no {heading!r} section"
    return section[1]


def unmarked_index_forms(text: str) -> list[str]:
    """Paragraphs (a fenced block is one, or several if it holds blank lines) naming an index form unmarked."""
    return [paragraph for paragraph in re.split(r"\n\s*\n", text)
            if INDEX_FORMS.search(paragraph) and AFTER_RELEASE not in " ".join(paragraph.split()).lower()]


def test_index_forms_appear_only_marked_as_after_the_first_release() -> None:
    assert unmarked_index_forms(README.read_text(encoding="utf-8")) == []
    # What the README said before: each of these is caught.
    assert unmarked_index_forms("```console\npython -m pip install flake8-asyncloop\n```")
    assert unmarked_index_forms("        additional_dependencies: [flake8-asyncloop==0.1.0]")
    assert unmarked_index_forms("  - repo: https://github.com/flake8-asyncloop/flake8-asyncloop\n    rev: v0.1.0")
    assert not unmarked_index_forms("  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.16.4")


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> tuple[Path, str]:
    """A clone of this repository's HEAD, as a user's pip or pre-commit would fetch it, and its commit."""
    target = tmp_path_factory.mktemp("hook-repository") / "flake8-asyncloop"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True, timeout=120)
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=target, check=True, capture_output=True, text=True)
    return target, sha.stdout.strip()


def from_the_clone(text: str, clone: tuple[Path, str], scheme: str = "") -> str:
    path, sha = clone
    return text.replace(GITHUB_URL, f"{scheme}{path}").replace("<commit sha>", sha)


@needs_git_checkout
def test_pip_install_from_a_vcs_url_at_a_commit(tmp_path, clone) -> None:
    (line,) = [line for line in readme_section("### Installing").splitlines() if "pip install" in line and "@" in line]
    # A host in the file URL, as the README's https URL has one: pip 23 refuses "git+file:///path" here.
    requirement = shlex.split(from_the_clone(line, clone, scheme="file://localhost"))[-1]
    assert requirement.startswith("flake8-asyncloop @ git+file://localhost/") and requirement.endswith(clone[1])
    target = tmp_path / "site"
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), requirement]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 and "setuptools" in result.stderr:
        pytest.skip(f"cannot fetch the build backend (offline?): {result.stderr[-500:]}")
    assert result.returncode == 0, result.stderr
    (entry_points,) = target.glob("flake8_asyncloop-*.dist-info/entry_points.txt")
    assert "ALP = flake8_asyncloop.plugin:Plugin" in entry_points.read_text(encoding="utf-8")
    assert (target / "flake8_asyncloop" / "plugin.py").is_file()


@needs_git_checkout
def test_pre_commit_with_a_commit_sha_as_rev(tmp_path, clone) -> None:
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the test extra)")
    (config, *_) = re.findall(r"^```yaml\n(.*?)^```$", readme_section("### pre-commit"), re.MULTILINE | re.DOTALL)
    assert "rev: <commit sha>" in config
    project = write_tree(tmp_path / "project", {**PROJECT, ".pre-commit-config.yaml": from_the_clone(config, clone)})
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=project,
                            capture_output=True, text=True, timeout=540, env=environment)
    output = result.stdout + result.stderr
    if "CalledProcessError" in output and "pip" in output:
        pytest.skip(f"pre-commit could not install the hook's environment (offline?):\n{output[-2000:]}")
    assert result.returncode == 1, output
    assert "flake8-asyncloop" in output and "Failed" in output and "ALP003" in output
