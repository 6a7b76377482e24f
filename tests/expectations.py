"""Inline expectations: ``# ALP003:22`` on a line means flake8 reports ALP003 there, at column 22;
``# silent: ALP003`` marks a trap, a line that looks like the mistake but must not be reported.

Columns are 1-based, as flake8 prints them.  A data file may pin pytest-asyncio
settings in a header comment, ``# asyncloop-options: --asyncio-mode=auto``, which the
harness turns into the plugin's flake8 options (the same ones users set).
"""

from __future__ import annotations

import io
import re
import shlex
import tokenize
from pathlib import Path

from flake8_asyncloop.settings import Settings

EXPECTATION = re.compile(r"\b(ALP\d{3})(?::(\d+))?\b")
SILENT = re.compile(r"\bsilent:\s*((?:ALP\d{3}[\s,]*)+)")
OPTIONS_HEADER = re.compile(r"^#\s*asyncloop-options:(.*)$", re.MULTILINE)

_OPTION_FIELDS = {
    "--asyncio-mode": "asyncio_mode",
    "--asyncio-default-fixture-loop-scope": "default_fixture_loop_scope",
    "--asyncio-default-test-loop-scope": "default_test_loop_scope",
    "--asyncloop-versions": "versions",
    "--asyncloop-target-versions": "target_versions",
}


def expected_findings(source: str) -> set[tuple[int, int, str]]:
    """(line, 1-based column, code) for every expectation comment in ``source``."""
    expected = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT or OPTIONS_HEADER.match(token.string):
            continue
        for code, column in EXPECTATION.findall(SILENT.sub("", token.string)):
            if not column:
                raise ValueError(f"line {token.start[0]}: expectation {code} has no column (write {code}:COL)")
            expected.add((token.start[0], int(column), code))
    return expected


def silent_lines(source: str) -> set[tuple[int, str]]:
    """(line, code) for every ``# silent: ALPnnn`` trap in ``source``."""
    found = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            for codes in SILENT.findall(token.string):
                found.update((token.start[0], code) for code in re.findall(r"ALP\d{3}", codes))
    return found


def header_options(source: str) -> list[str]:
    """The flake8 options a data file pins, as command-line words."""
    return [word for match in OPTIONS_HEADER.findall(source) for word in shlex.split(match)]


def settings_for(source: str, pin_defaults: bool) -> Settings:
    """Settings from the header; with ``pin_defaults`` unset ones get pytest-asyncio's defaults."""
    values = {"asyncio_mode": "strict", "default_fixture_loop_scope": "unset",
              "default_test_loop_scope": "function"} if pin_defaults else {}
    for word in header_options(source):
        option, _, value = word.partition("=")
        values[_OPTION_FIELDS[option]] = value
    return Settings(**values)


def data_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.py"))
