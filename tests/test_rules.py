"""Walks every file under tests/data and checks the plugin reports exactly what it says.

Single files under ``tests/data/<family>/`` run with pytest-asyncio's defaults
pinned (plus their ``asyncloop-options`` header); files under ``tests/data/projects/``
are real little project trees and are read with their own pytest config and conftests.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flake8_asyncloop.checker import check_source
from flake8_asyncloop.registry import CODES
from flake8_asyncloop.rules import RULES

from .expectations import data_files, expected_findings, settings_for

DATA = Path(__file__).parent / "data"
FILES = data_files(DATA)


def lint(path: Path) -> set[tuple[int, int, str]]:
    source = path.read_text(encoding="utf-8")
    in_project = DATA / "projects" in path.parents
    settings = settings_for(source, pin_defaults=not in_project)
    findings = check_source(str(path), source, ast.parse(source), settings, contain=False)
    for finding in findings:
        assert finding.message and "{" not in finding.message, finding
    return {(finding.line, finding.col + 1, finding.code) for finding in findings}


@pytest.mark.parametrize("path", FILES, ids=[str(path.relative_to(DATA)) for path in FILES])
def test_findings_match_inline_expectations(path: Path) -> None:
    expected = expected_findings(path.read_text(encoding="utf-8"))
    actual = lint(path)
    unexpected = "\n".join(f"  line {line} col {col} {code}" for line, col, code in sorted(actual - expected))
    missing = "\n".join(f"  line {line} col {col} {code}" for line, col, code in sorted(expected - actual))
    assert not unexpected and not missing, (
        f"reported but not expected:\n{unexpected}\nexpected but not reported:\n{missing}"
    )


def test_every_code_has_a_positive_case_and_every_family_a_clean_line() -> None:
    covered = {code for path in FILES for _, _, code in expected_findings(path.read_text(encoding="utf-8"))}
    assert sorted(set(CODES) - covered) == []


def test_every_registry_code_is_reported_by_exactly_one_rule() -> None:
    declared = [code for rule in RULES for code in rule.codes]
    assert sorted(declared) == sorted(set(declared)), "a code is declared by two rules"
    assert sorted(declared) == sorted(CODES)


def test_a_trigger_that_cannot_join_the_combined_gate_is_refused() -> None:
    from flake8_asyncloop.rules.base import rule

    with pytest.raises(ValueError, match="combined gate"):
        rule("ALP001", trigger="(?i)event loop")
