"""``--asyncloop-versions`` overrides what was read; ``--asyncloop-target-versions`` gives a target view."""
from __future__ import annotations

from pathlib import Path

import pytest
from packaging.version import Version

from flake8_asyncloop.versions import Basis, clear_cache, parse_version_pins, project_versions
from tests.data_versions import copy_project


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    clear_cache()


def test_pins_parse_into_canonical_names() -> None:
    assert parse_version_pins(" pytest-asyncio==0.21.2 , HTTPX==0.24.1,Pytest_Asyncio==0.21.2") == {
        "pytest-asyncio": Version("0.21.2"),
        "httpx": Version("0.24.1"),
    }
    assert parse_version_pins(None) == {} and parse_version_pins(" , ") == {}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("pytest-asyncio>=0.21", "'pytest-asyncio>=0.21' uses '>='; only '==' with one version is accepted"),
        ("pytest-asyncio==0.21.*", "uses '=='; only '==' with one version"),
        ("pytest-asyncio===0.21.2", "uses '==='"),
        ("pytest-asyncio", "'pytest-asyncio' must pin exactly one version"),
        ("pytest-asyncio==0.21.2,<1", "'<1' is not a requirement"),  # commas separate items
        ("pytest-asyncio[testing]==0.21.2", "must pin exactly one version"),
        ("pytest-asyncio @ https://example.invalid/p.tar.gz", "must pin exactly one version"),
        ("pytest-asyncio==0.21.2;python_version<'3.9'", "must pin exactly one version"),
        ("pytest-asyncio==banana", "is not a requirement"),
        ("==0.21.2", "is not a requirement"),
        ("httpx==0.24.1,httpx==0.25.0", "httpx is given twice, as 0.24.1 and as 0.25.0"),
    ],
)
def test_bad_pins_raise_a_clear_value_error(value: str, message: str) -> None:
    with pytest.raises(ValueError, match="^--asyncloop-target-versions: ") as raised:
        parse_version_pins(value, "--asyncloop-target-versions")
    assert message in str(raised.value)


def test_project_versions_rejects_a_bad_option_value(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="^--asyncloop-versions: "):
        project_versions(tmp_path, overrides="pytest-asyncio>0.21")
    with pytest.raises(ValueError, match="^--asyncloop-target-versions: "):
        project_versions(tmp_path, targets="httpx")


def test_overrides_replace_what_was_read_even_a_lock(tmp_path: Path) -> None:
    root = copy_project("poetry_locked", tmp_path)
    model = project_versions(root, overrides="pytest-asyncio==0.25.3,pytest-trio==0.8.0")
    resolved = model.version("pytest-asyncio")
    assert resolved.phrase == "pytest-asyncio 0.25.3 from the --asyncloop-versions option"
    assert resolved.basis is Basis.OPTION and not resolved.from_target
    assert model.pytest_asyncio.loop_scope_keyword is True
    assert model.listed("pytest-trio") is True  # the option says it is installed
    assert model.version("pytest").phrase == "pytest 7.4.4 from poetry.lock"


def test_the_target_view_replaces_versions_and_says_so(tmp_path: Path) -> None:
    root = copy_project("poetry_locked", tmp_path)
    model = project_versions(root, overrides="httpx==0.26.0", targets="pytest-asyncio==1.0.0,redis==5.0.1")
    target = model.target
    assert target.is_target_view and not model.is_target_view
    assert target.target is target
    assert target.version("pytest-asyncio").phrase == "pytest-asyncio 1.0.0 from the --asyncloop-target-versions option"
    assert target.version("pytest-asyncio").from_target
    assert target.pytest_asyncio.event_loop_fixture == "removed"
    assert model.pytest_asyncio.event_loop_fixture == "the-loop"  # the project's view is unchanged
    assert not target.version("pytest").from_target  # not targeted: the project's version
    assert target.version("pytest").phrase == "pytest 7.4.4 from poetry.lock"
    assert target.version("httpx").basis is Basis.OPTION  # overrides still apply in the target view
    assert target.listed("redis") is True and model.listed("redis") is False


def test_without_targets_the_target_view_has_the_project_versions(tmp_path: Path) -> None:
    model = project_versions(copy_project("poetry_locked", tmp_path))
    assert model.target.version("pytest-asyncio") == model.version("pytest-asyncio")
    assert not model.target.version("pytest-asyncio").from_target


def test_a_target_overrides_an_override_of_the_same_package(tmp_path: Path) -> None:
    model = project_versions(tmp_path, overrides="pytest-asyncio==0.21.2", targets="pytest-asyncio==1.5.0")
    assert model.version("pytest-asyncio").version == Version("0.21.2")
    assert model.target.version("pytest-asyncio").version == Version("1.5.0")
