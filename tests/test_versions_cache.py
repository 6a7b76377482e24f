"""The per-root cache of a long-lived process notices every change that could alter the answer."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from flake8_asyncloop.versions import clear_cache, project_versions
from flake8_asyncloop.versions import project_dependencies


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    clear_cache()


@pytest.fixture()
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The directories whose sources were read from disk, to tell a cache hit from a re-read."""
    started: list[Path] = []
    real = project_dependencies.read_project_dependencies

    def counting(start: Path) -> project_dependencies.ProjectDependencies:
        started.append(start)
        return real(start)

    monkeypatch.setattr("flake8_asyncloop.versions.cache.read_project_dependencies", counting)
    return started


@pytest.fixture()
def repository(tmp_path: Path) -> Path:
    repository = tmp_path / "repository"
    (repository / ".git").mkdir(parents=True)
    (repository / "requirements.txt").write_text("pytest-asyncio==0.21.2\n")
    return repository


def asyncio_version(directory: Path) -> str:
    return str(project_versions(directory).version("pytest-asyncio").version)


def test_unchanged_files_give_the_same_model_without_reading_again(repository: Path, reads: list[Path]) -> None:
    first = project_versions(repository)
    assert project_versions(repository) is first
    assert project_versions(repository, overrides="httpx==0.24.1") is not first
    assert len(reads) == 1


def test_an_edit_is_noticed(repository: Path, reads: list[Path]) -> None:
    assert asyncio_version(repository) == "0.21.2"
    (repository / "requirements.txt").write_text("pytest-asyncio==0.23.8\n")
    assert asyncio_version(repository) == "0.23.8"
    assert len(reads) == 2


def test_an_edit_of_the_same_size_is_noticed_by_its_mtime(repository: Path) -> None:
    requirements = repository / "requirements.txt"
    assert asyncio_version(repository) == "0.21.2"
    before = requirements.stat()
    requirements.write_text("pytest-asyncio==0.21.1\n")
    os.utime(requirements, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert asyncio_version(repository) == "0.21.1"


def test_a_replaced_file_is_noticed_by_its_inode(repository: Path) -> None:
    requirements = repository / "requirements.txt"
    assert asyncio_version(repository) == "0.21.2"
    before, directory_before = requirements.stat(), repository.stat()
    replacement = repository / "replacement.tmp"
    replacement.write_text("pytest-asyncio==0.21.1\n")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, requirements)  # as editors save: same size, same mtime, new inode
    os.utime(repository, ns=(directory_before.st_atime_ns, directory_before.st_mtime_ns))
    assert asyncio_version(repository) == "0.21.1"


def test_a_new_source_file_is_noticed(repository: Path) -> None:
    assert asyncio_version(repository) == "0.21.2"
    (repository / "poetry.lock").write_text('[[package]]\nname = "pytest-asyncio"\nversion = "0.24.0"\n')
    assert asyncio_version(repository) == "0.24.0"
    (repository / "requirements").mkdir()
    (repository / "poetry.lock").unlink()
    (repository / "requirements" / "test.txt").write_text("httpx==0.24.1\n")
    assert str(project_versions(repository).version("httpx").version) == "0.24.1"


def test_a_new_file_in_the_requirements_directory_is_noticed(repository: Path) -> None:
    (repository / "requirements").mkdir()
    assert project_versions(repository).listed("httpx") is False
    (repository / "requirements" / "test.txt").write_text("httpx==0.24.1\n")
    assert project_versions(repository).listed("httpx") is True


def test_an_edit_of_an_included_file_is_noticed(repository: Path) -> None:
    (repository / "requirements.txt").write_text("-r ../shared/base.txt\n")
    assert asyncio_version(repository) == "1.5.0"  # the include does not exist yet
    (repository.parent / "shared").mkdir()
    (repository.parent / "shared" / "base.txt").write_text("pytest-asyncio==0.25.3\n")
    assert asyncio_version(repository) == "0.25.3"
    (repository.parent / "shared" / "base.txt").write_text("pytest-asyncio==0.26.0\n")
    assert asyncio_version(repository) == "0.26.0"


def test_a_workspace_lock_and_a_new_nearer_root_are_noticed(repository: Path) -> None:
    member = repository / "packages" / "app"
    (member / "tests").mkdir(parents=True)
    (repository / "requirements.txt").unlink()
    (repository / "pyproject.toml").write_text('[project]\nname = "root"\nversion = "1"\n')
    assert project_versions(member / "tests").root == repository
    (member / "pyproject.toml").write_text('[project]\nname = "app"\nversion = "1"\ndependencies = ["httpx"]\n')
    model = project_versions(member / "tests")
    assert model.root == member and model.listed("httpx") is True
    (repository / "uv.lock").write_text('version = 1\n[[package]]\nname = "httpx"\nversion = "0.25.0"\n')
    assert project_versions(member / "tests").version("httpx").phrase == "httpx 0.25.0 from ../../uv.lock"


def test_a_file_that_became_unreadable_and_readable_again(repository: Path) -> None:
    (repository / "pyproject.toml").write_text("[project\n")
    assert project_versions(repository).unreadable == ("pyproject.toml",)
    (repository / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1"\n')
    assert project_versions(repository).unreadable == ()
