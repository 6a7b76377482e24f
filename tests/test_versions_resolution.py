"""From declarations to one version: trust order, range resolution over the known releases, phrases."""
from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from flake8_asyncloop.versions import Basis, Declaration, Trust
from flake8_asyncloop.versions.declarations import declaration_from_pep508
from flake8_asyncloop.versions.known_releases import known_package_names, known_releases
from flake8_asyncloop.versions.resolution import resolve


def declared(text: str, origin: str = "requirements.txt:1") -> Declaration:
    declaration = declaration_from_pep508(text, origin)
    assert declaration is not None
    return declaration


@pytest.mark.parametrize(
    ("requirement", "resolved"),
    [
        ("pytest-asyncio>=0.21,<0.24", "0.23.8"),
        ("pytest-asyncio<0.23", "0.21.2"),  # 0.22.0 is yanked, so no range reaches it
        ("pytest-asyncio~=0.25.0", "0.25.3"),
        ("pytest-asyncio==0.23.*", "0.23.8"),
        ("pytest-asyncio!=1.5.0", "1.4.1.post1"),
        ("pytest-asyncio>=1.0.0a1", "1.5.0"),
        ("httpx<0.28", "0.27.2"),
        ("starlette<1", "0.52.1"),
        ("redis>=5,<5.0.1", "5.0.0"),
    ],
)
def test_a_range_resolves_to_the_newest_known_release_it_admits(requirement: str, resolved: str) -> None:
    declaration = declared(requirement)
    result = resolve(declaration.name, [declaration])
    assert result is not None and result.basis is Basis.RANGE
    assert result.version == Version(resolved)


def test_pre_releases_count_only_when_the_specifier_names_one() -> None:
    plain = Declaration("x", "o", (SpecifierSet(">=1.0"),))
    naming_one = Declaration("x", "o", (SpecifierSet(">=1.0rc1"),))
    assert not plain.admits(Version("2.0rc1"))
    assert naming_one.admits(Version("2.0rc1"))


def test_an_exact_pin_is_taken_as_written_even_when_unknown() -> None:
    result = resolve("pytest-asyncio", [declared("pytest-asyncio==0.22.0")])
    assert result.version == Version("0.22.0") and result.basis is Basis.PINNED
    assert result.phrase == "pytest-asyncio 0.22.0 from requirements.txt:1" == f"{result}"
    arbitrary = resolve("httpx", [declared("httpx===0.24.1")])
    assert arbitrary.version == Version("0.24.1") and arbitrary.basis is Basis.PINNED


def test_a_range_no_known_release_satisfies_falls_back_to_the_newest_known() -> None:
    result = resolve("httpx", [declared("httpx>=9")])
    assert result.basis is Basis.NEWEST_KNOWN and result.version == Version("0.28.1")
    assert result.phrase == (
        "httpx 0.28.1, newest known (no known release matches >=9 from requirements.txt:1)"
    )


def test_nothing_declared_means_newest_known() -> None:
    result = resolve("starlette", [])
    assert result.phrase == "starlette 1.10.0, newest known (no pin found)"
    assert resolve("not-a-known-package", []) is None
    assert resolve("not-a-known-package", [declared("not-a-known-package>=1")]) is None
    assert resolve("not-a-known-package", [declared("not-a-known-package==1.2")]).version == Version("1.2")


@pytest.mark.parametrize(
    ("texts", "winner"),
    [
        (["pytest-asyncio>=0.21", "pytest-asyncio==0.21.2"], "pytest-asyncio==0.21.2"),
        (["pytest-asyncio", "pytest-asyncio<0.24"], "pytest-asyncio<0.24"),
        (["pytest-asyncio==0.23.8", "pytest-asyncio==0.21.2"], "pytest-asyncio==0.23.8"),
    ],
)
def test_trust_order_then_reading_order(texts: list[str], winner: str) -> None:
    declarations = [declared(text, origin=text) for text in texts]
    assert resolve("pytest-asyncio", declarations).origin == winner


def test_a_lock_outranks_every_declaration() -> None:
    lock = Declaration("pytest-asyncio", "poetry.lock", locked=Version("0.21.1"))
    result = resolve("pytest-asyncio", [declared("pytest-asyncio==0.23.8"), lock])
    assert result.phrase == "pytest-asyncio 0.21.1 from poetry.lock" and result.basis is Basis.LOCKED


@pytest.mark.parametrize(
    ("text", "trust"),
    [
        ("x==1.0", Trust.PINNED),
        ("x===1.0", Trust.PINNED),
        ("x==1.*", Trust.RANGE),
        ("x>=1,<2", Trust.RANGE),
        ("x", Trust.UNCONSTRAINED),
        ("x @ https://example.invalid/x.tar.gz", Trust.UNCONSTRAINED),
        ("x[extra]==1.0; python_version < '3.8'", Trust.PINNED),
    ],
)
def test_trust_of_a_requirement(text: str, trust: Trust) -> None:
    assert declared(text).trust is trust


def test_known_release_lists_exclude_pre_releases_and_are_newest_first() -> None:
    assert {"pytest", "pytest-asyncio", "anyio", "httpx", "httpx2", "starlette", "fastapi", "redis", "aioredis",
            "sqlalchemy", "asyncpg", "pytest-trio"} <= known_package_names()
    for name in known_package_names():
        releases = known_releases(name)
        assert releases == tuple(sorted(releases, reverse=True))
        assert not any(release.is_prerelease for release in releases)
    assert known_releases("SQLAlchemy") == known_releases("sqlalchemy")
    assert Version("0.22.0") not in known_releases("pytest-asyncio")
