"""The README's "Running the tests" names every marker pytest knows, and its fast command leaves them all out.

Each marker in ``pyproject.toml`` marks a slow group that needs more than Python (services,
PyPI).  A marker added without the README saying what it needs, or a fast command that
still runs it, fails here.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SECTION = re.compile(r"^### Running the tests$(.*?)(?=^#{2,3} |\Z)", re.MULTILINE | re.DOTALL)
FAST_COMMAND = re.compile(r'^python -m pytest -m "(?P<expression>[^"]+)"$', re.MULTILINE)


def registered_markers() -> set[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {line.split(":")[0].strip() for line in pyproject["tool"]["pytest"]["ini_options"]["markers"]}


def running_the_tests() -> str:
    section = SECTION.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert section, "README has no '### Running the tests' section"
    return section[1]


def excluded_markers(expression: str) -> set[str]:
    """The markers of a ``not a and not b`` expression; anything else is refused."""
    terms = expression.split(" and ")
    assert all(re.fullmatch(r"not \w+", term) for term in terms), expression
    return {term.removeprefix("not ") for term in terms}


def test_fast_command_leaves_out_every_marker() -> None:
    (expression,) = FAST_COMMAND.findall(running_the_tests())
    assert excluded_markers(expression) == registered_markers()


def test_every_marker_is_explained() -> None:
    section = running_the_tests()
    assert {marker for marker in registered_markers() if f"`{marker}`" not in section} == set()


@pytest.mark.parametrize("expression", ["evidence", "not evidence or not ledger", "not (evidence)"])
def test_the_expression_parser_refuses_what_it_cannot_read(expression: str) -> None:
    assert excluded_markers("not evidence and not ledger") == {"evidence", "ledger"}
    with pytest.raises(AssertionError):
        excluded_markers(expression)
