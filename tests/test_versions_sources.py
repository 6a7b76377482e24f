"""Each dependency-source format, read from a small project tree under tests/data_versions/."""
from __future__ import annotations

from pathlib import Path

import pytest

from flake8_asyncloop.versions import Basis, clear_cache, project_versions
from tests.data_versions import copy_project


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    clear_cache()


def phrases(root: Path, *names: str) -> dict[str, str]:
    model = project_versions(root)
    return {name: model.version(name).phrase for name in names}


def test_requirements_files_follow_includes_relative_to_the_including_file(tmp_path: Path) -> None:
    root = copy_project("requirements_includes", tmp_path)
    model = project_versions(root)
    assert model.sources == ("requirements.txt", "requirements/base.txt", "requirements/test.in", "constraints.txt")
    assert phrases(root, "pytest", "pytest-asyncio", "httpx", "redis") == {
        "pytest": "pytest 8.3.5 from requirements/base.txt:2",
        "pytest-asyncio": "pytest-asyncio 0.23.8 from requirements/test.in:1 "
                          "(newest known release matching <0.24,>=0.23)",
        "httpx": "httpx 0.24.1 from requirements.txt:8 (newest known release matching <0.25,>=0.24)",
        "redis": "redis 4.6.0 from requirements.txt:9",  # continued line, --hash dropped
    }


def test_requirements_constraints_pin_without_listing(tmp_path: Path) -> None:
    model = project_versions(copy_project("requirements_includes", tmp_path))
    assert model.version("anyio").phrase == "anyio 4.4.0 from constraints.txt:1"
    assert model.listed("anyio") is False


def test_requirements_skip_options_urls_paths_and_variables(tmp_path: Path) -> None:
    model = project_versions(copy_project("requirements_includes", tmp_path))
    assert model.listed("aioredis") is True  # "aioredis @ https://..." names the package without a version
    assert model.version("aioredis").basis is Basis.UNCONSTRAINED
    assert model.listed("starlette") is False  # starlette==${STARLETTE_VERSION}
    assert model.listed("thing") is False and model.listed("localpkg") is False
    assert model.unreadable == ()  # the missing -r target is not an unreadable file


def test_pep621_extras_and_pep735_groups_with_include_group(tmp_path: Path) -> None:
    root = copy_project("pep621_groups", tmp_path)
    assert phrases(root, "pytest-asyncio", "pytest", "anyio", "redis", "starlette", "asyncpg") == {
        "pytest-asyncio": "pytest-asyncio 0.21.2 from pyproject.toml [dependency-groups] test",
        "pytest": "pytest 7.4.4 from pyproject.toml [dependency-groups] base (newest known release matching <8,>=7)",
        "anyio": "anyio 3.7.1 from pyproject.toml [dependency-groups] dev (newest known release matching <4,>=3.7)",
        "redis": "redis 5.0.8 from pyproject.toml [project.optional-dependencies] cache "
                 "(newest known release matching ~=5.0.0)",
        "starlette": "starlette 0.26.1 from pyproject.toml [project] dependencies "
                     "(newest known release matching <0.27)",
        "asyncpg": "asyncpg 0.29.0 from pyproject.toml [dependency-groups] loop-b",  # cyclic includes end
    }


def test_an_included_group_is_declared_once_where_it_is_written(tmp_path: Path) -> None:
    model = project_versions(copy_project("pep621_groups", tmp_path))
    assert [declaration.origin for declaration in model.declarations("pytest-asyncio")] == [
        "pyproject.toml [dependency-groups] test"
    ]


def test_poetry_tables_use_poetry_constraint_syntax(tmp_path: Path) -> None:
    root = copy_project("poetry_ranges", tmp_path)
    assert phrases(root, "fastapi", "httpx", "pytest-asyncio", "pytest", "starlette", "redis", "asyncpg") == {
        "fastapi": "fastapi 0.100.1 from pyproject.toml [tool.poetry.dependencies] "
                   "(newest known release matching <0.101,>=0.100)",
        "httpx": "httpx 0.26.0 from pyproject.toml [tool.poetry.dependencies] "
                 "(newest known release matching <0.27,>=0.26)",
        "pytest-asyncio": "pytest-asyncio 0.21.2 from pyproject.toml [tool.poetry.group.test.dependencies] "
                          "(newest known release matching <0.22,>=0.21)",
        "pytest": "pytest 7.4.4 from pyproject.toml [tool.poetry.dev-dependencies] "
                  "(newest known release matching <8,>=7.2)",
        "starlette": "starlette 0.27.0 from pyproject.toml [tool.poetry.dependencies] "
                     "(newest known release matching ==0.27.*)",
        "redis": "redis 5.3.1 from pyproject.toml [tool.poetry.dependencies] "
                 "(newest known release matching <5.0,>=4.5 or <6.0,>=5.0)",
        "asyncpg": "asyncpg 0.28.0 from pyproject.toml [tool.poetry.group.test.dependencies]",
    }


def test_poetry_python_entry_and_git_dependencies(tmp_path: Path) -> None:
    model = project_versions(copy_project("poetry_ranges", tmp_path))
    assert model.listed("python") is False
    assert model.version("sqlalchemy").basis is Basis.UNCONSTRAINED


def test_poetry_lock_wins_and_its_names_are_canonical(tmp_path: Path) -> None:
    root = copy_project("poetry_locked", tmp_path)
    assert phrases(root, "pytest-asyncio", "pytest") == {
        "pytest-asyncio": "pytest-asyncio 0.21.2 from poetry.lock",
        "pytest": "pytest 7.4.4 from poetry.lock",  # written "Pytest" in the lock
    }


def test_pdm_dev_dependencies_and_pdm_lock(tmp_path: Path) -> None:
    root = copy_project("pdm_project", tmp_path)
    assert phrases(root, "pytest-asyncio", "anyio") == {
        "pytest-asyncio": "pytest-asyncio 0.24.0 from pyproject.toml [tool.pdm.dev-dependencies] test "
                          "(newest known release matching <0.25,>=0.24)",
        "anyio": "anyio 4.4.0 from pdm.lock",
    }


def test_setup_cfg_install_requires_and_extras(tmp_path: Path) -> None:
    root = copy_project("setup_cfg_project", tmp_path)
    assert phrases(root, "httpx", "redis", "pytest-asyncio") == {
        "httpx": "httpx 0.27.0 from setup.cfg [options] install_requires",
        "redis": "redis 4.6.0 from setup.cfg [options] install_requires (newest known release matching <5,>=4.2)",
        "pytest-asyncio": "pytest-asyncio 0.23.5 from setup.cfg [options.extras_require] test",
    }
    assert project_versions(root).version("pytest").basis is Basis.UNCONSTRAINED


def test_setup_py_literals_are_read_without_running_it(tmp_path: Path) -> None:
    root = copy_project("setup_py_project", tmp_path)
    assert phrases(root, "httpx", "pytest-asyncio", "redis", "pytest") == {
        "httpx": "httpx 0.25.2 from setup.py:9 (newest known release matching <0.26,>=0.25)",
        "pytest-asyncio": "pytest-asyncio 0.24.0 from setup.py:12",
        "redis": "redis 5.0.1 from setup.py:19",
        "pytest": "pytest 7.4.4 from setup.py:20 (newest known release matching <8)",
    }
    model = project_versions(root)
    assert model.listed("starlette") is True and model.listed("asyncpg") is False  # computed list skipped
    assert not (root / "SETUP_PY_WAS_RUN").exists()


def test_tox_deps_with_factors_includes_and_substitutions(tmp_path: Path) -> None:
    root = copy_project("tox_project", tmp_path)
    assert phrases(root, "pytest-asyncio", "httpx", "starlette", "redis") == {
        "pytest-asyncio": "pytest-asyncio 0.25.3 from tox.ini [testenv] deps",
        "httpx": "httpx 0.27.2 from tox-requirements.txt:1",
        "starlette": "starlette 0.36.0 from tox.ini [testenv] deps",  # "py311:" factor dropped
        "redis": "redis 5.3.1 from tox.ini [testenv:old] deps (newest known release matching <6,>=5)",
    }
    assert project_versions(root).listed("anyio") is False  # {[base]deps} is a substitution


def test_pipfile_packages_and_dev_packages(tmp_path: Path) -> None:
    root = copy_project("pipfile_project", tmp_path)
    assert phrases(root, "httpx", "pytest-asyncio") == {
        "httpx": "httpx 0.25.2 from Pipfile [packages]",
        "pytest-asyncio": "pytest-asyncio 0.23.8 from Pipfile [dev-packages] "
                          "(newest known release matching <0.24,>=0.23)",
    }
    model = project_versions(root)
    assert model.version("fastapi").basis is Basis.UNCONSTRAINED
    assert model.version("redis").basis is Basis.UNCONSTRAINED  # a git table


def test_pipfile_lock(tmp_path: Path) -> None:
    root = copy_project("pipfile_locked", tmp_path)
    assert phrases(root, "httpx", "pytest-asyncio") == {
        "httpx": "httpx 0.26.0 from Pipfile.lock",
        "pytest-asyncio": "pytest-asyncio 0.23.3 from Pipfile.lock",
    }


def test_hatch_environments_and_uv_dev_dependencies(tmp_path: Path) -> None:
    root = copy_project("hatch_envs", tmp_path)
    model = project_versions(root)
    assert model.listed("pytest-asyncio") is True
    assert phrases(root, "pytest-asyncio", "httpx") == {
        "pytest-asyncio": "pytest-asyncio 0.23.8 from pyproject.toml [tool.hatch.envs.default] dependencies",
        "httpx": "httpx 0.27.2 from pyproject.toml [tool.hatch.envs.test] extra-dependencies "
                 "(newest known release matching <0.28)",
    }
    assert model.version("redis").origin.startswith("pyproject.toml [tool.uv] dev-dependencies")
