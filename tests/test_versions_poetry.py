"""Poetry's constraint syntax, translated to PEP 440 following Poetry's "Dependency specification" rules."""
from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from flake8_asyncloop.versions import poetry_constraint_to_pep440, poetry_constraint_to_specifiers


@pytest.mark.parametrize(
    ("poetry", "pep440"),
    [
        # Caret: keep the leftmost non-zero segment; all zeros bump the last segment written.
        ("^1.2.3", ">=1.2.3,<2.0.0"),
        ("^1.2", ">=1.2,<2.0"),
        ("^1", ">=1,<2"),
        ("^0.2.3", ">=0.2.3,<0.3.0"),
        ("^0.0.3", ">=0.0.3,<0.0.4"),
        ("^0.0", ">=0.0,<0.1"),
        ("^0", ">=0,<1"),
        ("^1.2.3b1", ">=1.2.3b1,<2.0.0"),
        # Tilde: one segment bumps the major, more bump the minor.
        ("~1.2.3", ">=1.2.3,<1.3.0"),
        ("~1.2", ">=1.2,<1.3"),
        ("~1", ">=1,<2"),
        # PEP 440 compatible release passes through; Poetry also reads ~=1 (invalid in PEP 440) as ~1.
        ("~=1.2", "~=1.2"),
        ("~=1", ">=1,<2"),
        # Wildcards and exact versions.
        ("*", ""),
        ("1.*", "==1.*"),
        ("1.2.*", "==1.2.*"),
        ("1.2.3", "==1.2.3"),
        ("=1.2.3", "==1.2.3"),
        ("==1.2.3", "==1.2.3"),
        # Inequalities, joined by commas or by spaces, with or without a space after the operator.
        (">=1.2", ">=1.2"),
        (">= 1.2, < 1.5", ">=1.2,<1.5"),
        (">=1.2 <2", ">=1.2,<2"),
        (">1,<=3,!=2.1", ">1,<=3,!=2.1"),
    ],
)
def test_one_alternative_translates(poetry: str, pep440: str) -> None:
    assert poetry_constraint_to_pep440(poetry) == (pep440,)


def test_alternatives_split_on_double_bar() -> None:
    assert poetry_constraint_to_pep440("^1.2 || ^2.0") == (">=1.2,<2.0", ">=2.0,<3.0")


@pytest.mark.parametrize(
    ("poetry", "admitted", "refused"),
    [
        ("^0.21", ["0.21.0", "0.21.2"], ["0.20.3", "0.22.0", "0.23.8"]),
        ("^1.2", ["1.2.0", "1.9.9"], ["1.1.9", "2.0.0"]),
        ("~0.26", ["0.26.0", "0.26.9"], ["0.27.0"]),
        ("^0.0.3", ["0.0.3"], ["0.0.4", "0.0.2"]),
        ("0.27.*", ["0.27.0", "0.27.9"], ["0.28.0", "0.26.1"]),
    ],
)
def test_translation_means_what_poetry_means(poetry: str, admitted: list[str], refused: list[str]) -> None:
    (specifier,) = poetry_constraint_to_specifiers(poetry)
    assert all(Version(version) in specifier for version in admitted)
    assert not any(Version(version) in specifier for version in refused)


def test_any_version_is_an_empty_tuple() -> None:
    assert poetry_constraint_to_specifiers("*") == ()
    assert poetry_constraint_to_specifiers("^1 || *") == ()
    assert poetry_constraint_to_specifiers(">=1") == (SpecifierSet(">=1"),)


@pytest.mark.parametrize("bad", ["^abc", ">=1.2.*", "1.2 ; python_version < '3.8'", "&&", "^"])
def test_malformed_constraints_raise_value_error(bad: str) -> None:
    with pytest.raises(ValueError):
        poetry_constraint_to_pep440(bad)
