"""The README explains default-off codes exactly when ``registry.DEFAULT_OFF`` has some.

The checks must fail both ways: a section describing codes that do not exist, and a
default-off code the README never mentions.  The section's claims about flake8's
selection are checked against flake8's own decision engine with a made-up code.
"""

from __future__ import annotations

import argparse
import re

import pytest
from flake8.style_guide import Decision, DecisionEngine

from flake8_asyncloop.registry import DEFAULT_OFF

from .readme_default_off import README, block_of, is_current, section, with_block

HYPOTHETICAL = ("ALP999",)


def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_readme_block_matches_the_registry() -> None:
    assert is_current(readme(), DEFAULT_OFF), "stale: run python -m tests.readme_default_off"


def test_without_default_off_codes_there_is_no_section() -> None:
    assert section(()) == ""
    assert block_of(with_block(readme(), ())) == ""


def test_a_default_off_code_gets_the_section_listing_it() -> None:
    text = with_block(readme(), HYPOTHETICAL)
    assert "### Default-off rules" in block_of(text)
    assert "[ALP999](docs/rules/ALP999.md)" in block_of(text)
    assert is_current(text, HYPOTHETICAL)


def test_staleness_is_caught_both_ways() -> None:
    empty, listing = with_block(readme(), ()), with_block(readme(), HYPOTHETICAL)
    assert not is_current(empty, HYPOTHETICAL), "a default-off code the README does not explain"
    assert not is_current(listing, ()), "a section about default-off codes when there are none"
    assert not is_current(listing, ("ALP998",)), "a section listing the wrong codes"


def test_links_to_the_section_exist_only_with_it() -> None:
    text = readme()
    outside = text.replace(block_of(text), "")
    has_section = bool(re.search(r"^### Default-off rules$", text, re.MULTILINE))
    assert has_section is bool(DEFAULT_OFF)
    assert "#default-off-rules" not in outside or has_section
    assert "marked *off*" not in outside or has_section


def decision(code: str, **options: list[str]) -> Decision:
    """flake8's verdict on ``code`` when the plugin puts HYPOTHETICAL on the default ignore list."""
    namespace = argparse.Namespace(select=None, extend_select=None, ignore=None, extend_ignore=None,
                                   extended_default_select=["ALP", "C90", "E", "F", "W"],
                                   extended_default_ignore=list(HYPOTHETICAL), disable_noqa=False)
    for name, value in options.items():
        setattr(namespace, name, value)
    return DecisionEngine(namespace).decision_for(code)


@pytest.mark.parametrize(("options", "expected"), [
    ({}, Decision.Ignored),  # "a plain flake8 run skips them"
    ({"select": ["ALP"]}, Decision.Selected),  # "--select ALP ... turns them on"
    ({"extend_select": ["ALP"]}, Decision.Selected),  # "flake8 --extend-select ALP"
    ({"ignore": ["E501"]}, Decision.Selected),  # "ignore = replaces the default ignore list"
    ({"extend_ignore": ["E501"]}, Decision.Ignored),  # "prefer extend-ignore"
])
def test_the_section_describes_flake8s_selection(options, expected) -> None:
    assert decision(HYPOTHETICAL[0], **options) is expected
    assert decision("ALP003", **options) is Decision.Selected
