"""Which root a directory belongs to, which lock governs it, and what happens with broken or missing sources."""
from __future__ import annotations

from pathlib import Path

import pytest

from flake8_asyncloop.versions import Basis, clear_cache, project_versions
from tests.data_versions import copy_project


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    clear_cache()


def test_a_directory_without_sources_walks_up_to_the_nearest_root(tmp_path: Path) -> None:
    monorepo = copy_project("monorepo", tmp_path)
    api_tests = monorepo / "services" / "api" / "tests" / "unit"
    api_tests.mkdir(parents=True)
    model = project_versions(api_tests)
    assert model.root == monorepo / "services" / "api"
    assert model.sources == ("pyproject.toml",)


def test_two_roots_in_one_repository_keep_their_own_versions(tmp_path: Path) -> None:
    monorepo = copy_project("monorepo", tmp_path)
    api = project_versions(monorepo / "services" / "api")
    worker = project_versions(monorepo / "services" / "worker")
    assert api.version("pytest-asyncio").phrase == (
        "pytest-asyncio 0.21.2 from pyproject.toml [project.optional-dependencies] test"
    )
    assert worker.version("pytest-asyncio").phrase == "pytest-asyncio 1.3.0 from requirements/test.txt:1"
    assert api.listed("fastapi") is True and worker.listed("fastapi") is False
    assert api.pytest_asyncio.event_loop_fixture == "the-loop"
    assert worker.pytest_asyncio.event_loop_fixture == "removed"


def test_a_workspace_member_uses_the_lock_at_the_workspace_root(tmp_path: Path) -> None:
    workspace = copy_project("uv_workspace", tmp_path)
    member_tests = workspace / "packages" / "app" / "tests"
    member_tests.mkdir()
    model = project_versions(member_tests)
    assert model.root == workspace / "packages" / "app"
    assert model.sources == ("../../uv.lock", "pyproject.toml")
    assert model.version("pytest-asyncio").phrase == "pytest-asyncio 0.24.0 from ../../uv.lock"
    assert model.version("httpx").phrase == "httpx 0.27.0 from ../../uv.lock"


def test_a_lock_with_forked_resolutions_gives_the_newest_entry(tmp_path: Path) -> None:
    workspace = copy_project("uv_workspace", tmp_path)
    model = project_versions(workspace / "packages" / "worker")
    assert model.version("pytest").phrase == "pytest 8.3.5 from ../../uv.lock"
    assert model.listed("pytest") is True  # the lock installs it, in the workspace's one environment


def test_lock_files_above_the_repository_boundary_are_not_used(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    project = copy_project("poetry_ranges", outer)
    (outer / "poetry.lock").write_text('[[package]]\nname = "pytest-asyncio"\nversion = "0.23.8"\n')
    assert project_versions(project).version("pytest-asyncio").basis is Basis.RANGE


def test_the_walk_for_a_root_stops_at_the_repository_boundary(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("pytest-asyncio==0.21.2\n")
    repository = tmp_path / "repository"
    (repository / ".git").mkdir(parents=True)
    (repository / "tests").mkdir()
    model = project_versions(repository / "tests")
    assert model.root is None and model.sources == ()
    assert model.listed("pytest-asyncio") is None
    assert model.version("pytest-asyncio").phrase == "pytest-asyncio 1.5.0, newest known (no pin found)"


def test_a_root_without_a_package_says_it_is_not_listed(tmp_path: Path) -> None:
    model = project_versions(copy_project("poetry_locked", tmp_path))
    assert model.listed("pytest-trio") is False
    assert model.version("pytest-trio").phrase == "pytest-trio 0.8.0, newest known (no pin found)"
    assert model.version("some-unknown-package") is None


def test_conflicting_sources_follow_the_order_of_trust(tmp_path: Path) -> None:
    model = project_versions(copy_project("conflicting", tmp_path))
    # lock > exact pin > range > bare name
    assert model.version("pytest-asyncio").phrase == "pytest-asyncio 0.23.8 from poetry.lock"
    assert model.version("httpx").phrase == "httpx 0.24.1 from requirements.txt:1"
    assert model.version("redis").phrase == (
        "redis 4.6.0 from pyproject.toml [project] dependencies (newest known release matching <5)"
    )
    # Equal trust: the first source read wins (pyproject.toml before requirements files).
    assert model.version("starlette").phrase == (
        "starlette 1.10.0, newest known (pyproject.toml [project] dependencies names no version)"
    )
    assert [declaration.trust.name for declaration in model.declarations("pytest-asyncio")] == [
        "LOCKED", "RANGE", "PINNED"
    ]


def test_broken_files_are_skipped_and_reported(tmp_path: Path) -> None:
    root = copy_project("broken", tmp_path)
    (root / "setup.py").write_text("from setuptools import setup\nsetup(install_requires=['pytest-asyncio==1.0.0'\n")
    model = project_versions(root)
    assert model.sources == ("requirements.txt",)
    assert sorted(model.unreadable) == sorted([
        "poetry.lock", "pyproject.toml", "setup.cfg", "setup.py", "requirements-bin.txt", "tox.ini", "Pipfile",
    ])
    assert model.version("pytest-asyncio").phrase == "pytest-asyncio 0.21.2 from requirements.txt:2"
