"""Lock files are read for two keys per package without parsing every wheel hash, and agree with tomllib."""
from __future__ import annotations

from pathlib import Path

import pytest

from flake8_asyncloop.versions.lock_readers import _package_headers, _toml_lock_pairs
from flake8_asyncloop.versions.toml_compat import load_toml

DATA = Path(__file__).parent / "data_versions"

UV_LOCK = '''version = 1
revision = 3
requires-python = ">=3.10"

[[package]]
name = "pytest-asyncio"
version = "0.25.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "pytest" },
]
sdist = { url = "https://files.pythonhosted.org/x.tar.gz", hash = "sha256:aa", size = 1 }
wheels = [
    { url = "https://files.pythonhosted.org/x.whl", hash = "sha256:bb", size = 2 },
]

[package.optional-dependencies]
docs = [
    { name = "sphinx" },
]

[[package]]
name = "my-app"
source = { editable = "." }

[package.metadata]
requires-dist = [
    { name = "pytest-asyncio", marker = "extra == 'test'" },
]

[[package]]
name = "redis"
version = '5.0.1'
source = { registry = "https://pypi.org/simple" }
'''


def full_parse(path: Path) -> list[tuple[str, str]]:
    packages = load_toml(path).get("package", [])
    return [(p["name"], p["version"]) for p in packages if all(isinstance(p.get(k), str) for k in ("name", "version"))]


@pytest.mark.parametrize("lock", sorted(p for p in DATA.glob("*/*.lock") if p.name != "Pipfile.lock" and
                                        p.parent.name != "broken"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_short_read_agrees_with_tomllib_on_every_lock_of_the_data(lock: Path) -> None:
    assert _package_headers(lock.read_text()) is not None  # the short read was taken
    assert _toml_lock_pairs(lock) == full_parse(lock)


def test_a_uv_lock_with_wheels_subtables_and_a_workspace_member(tmp_path: Path) -> None:
    lock = tmp_path / "uv.lock"
    lock.write_text(UV_LOCK)
    assert _package_headers(UV_LOCK) is not None
    assert _toml_lock_pairs(lock) == full_parse(lock) == [("pytest-asyncio", "0.25.3"), ("redis", "5.0.1")]


@pytest.mark.parametrize("damage", [
    ("[[package]]\nname = \"redis\"", "<<<<<<< HEAD\n[[package]]\nname = \"redis\""),  # a merge conflict
    ("version = '5.0.1'", "version = '''5.0.1'''"),  # a multi-line string form
    ("name = \"my-app\"\n", ""),  # a package table without a name
])
def test_a_lock_not_shaped_as_the_tools_write_it_gets_the_full_parse(tmp_path: Path, damage) -> None:
    text = UV_LOCK.replace(*damage)
    assert text != UV_LOCK
    assert _package_headers(text) is None


def test_a_conflicted_lock_is_still_rejected_by_the_full_parse(tmp_path: Path) -> None:
    lock = tmp_path / "uv.lock"
    lock.write_text(UV_LOCK.replace("[[package]]\nname = \"redis\"",
                                    "<<<<<<< HEAD\n[[package]]\nname = \"redis\"\n=======\n>>>>>>> other"))
    with pytest.raises(ValueError):
        _toml_lock_pairs(lock)
