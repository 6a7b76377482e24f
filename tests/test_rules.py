"""Walks every file under tests/data and checks the plugin reports exactly what it says.

Files live in a directory per code (``tests/data/ALP003/``): ``# ALP003:30`` marks a finding
(1-based column), ``# silent: ALP003`` a trap that must stay clean, and every other line
must stay clean too.  Single files run with pytest-asyncio's defaults pinned (plus their
``asyncloop-options`` header); files under ``tests/data/projects/`` are real little project
trees read with their own pytest config, dependency files and conftests.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flake8_asyncloop.checker import check_source
from flake8_asyncloop.registry import CODES
from flake8_asyncloop.rules import RULES

from .expectations import data_files, expected_findings, settings_for, silent_lines

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
    source = path.read_text(encoding="utf-8")
    expected = expected_findings(source)
    actual = lint(path)
    unexpected = "\n".join(f"  line {line} col {col} {code}" for line, col, code in sorted(actual - expected))
    missing = "\n".join(f"  line {line} col {col} {code}" for line, col, code in sorted(expected - actual))
    traps = {(line, code) for line, _col, code in actual} & silent_lines(source)
    assert not unexpected and not missing and not traps, (
        f"reported but not expected:\n{unexpected}\nexpected but not reported:\n{missing}\n"
        f"reported on a trap marked silent: {sorted(traps)}"
    )


def _cases_by_code() -> tuple[dict[str, int], dict[str, int]]:
    positives: dict[str, int] = dict.fromkeys(CODES, 0)
    traps: dict[str, int] = dict.fromkeys(CODES, 0)
    for path in FILES:
        source = path.read_text(encoding="utf-8")
        for _line, _col, code in expected_findings(source):
            positives[code] += 1
        for _line, code in silent_lines(source):
            traps[code] += 1
    return positives, traps


def test_every_code_has_positive_cases_and_silent_traps() -> None:
    positives, traps = _cases_by_code()
    assert [code for code, count in positives.items() if count == 0] == [], "codes without a positive case"
    assert [code for code, count in traps.items() if count == 0] == [], "codes without a trap marked silent"


def test_every_code_has_a_directory_of_its_own() -> None:
    directories = {path.name for path in DATA.iterdir() if path.is_dir() and path.name.startswith("ALP")}
    assert sorted(directories) == sorted(CODES)
    for code in CODES:
        in_directory = [expected_findings(p.read_text(encoding="utf-8")) for p in (DATA / code).rglob("*.py")]
        assert any(code in {c for _l, _col, c in found} for found in in_directory), f"{code}/ has no {code} case"


def test_every_registry_code_is_reported_by_exactly_one_rule() -> None:
    declared = [code for rule in RULES for code in rule.codes]
    assert sorted(declared) == sorted(set(declared)), "a code is declared by two rules"
    assert sorted(declared) == sorted(CODES)


def test_a_trigger_whose_alternatives_cannot_be_searched_alone_is_refused() -> None:
    from flake8_asyncloop.rules.base import rule

    with pytest.raises(ValueError, match="searched alone"):
        rule("ALP001", trigger="(?i)event loop|loop")


def test_a_trigger_matches_as_its_pattern_does() -> None:
    """Split into alternatives, each rewritten to start with a literal, searched once per file: the same
    verdict as the pattern itself, on every rule and every file of the rule data."""
    import re

    from flake8_asyncloop.rules import RULES
    from flake8_asyncloop.rules.base import AnyCase

    sources = [path.read_text() for path in sorted(DATA.rglob("*.py"))]
    sources += ["x = 'Event Loop Is Closed'", "rerun()", "run()", "yield_", "_yield x", "httpx2", "xhttpx"]
    for rule in RULES:
        for group, pattern in zip(rule.trigger.groups, rule.trigger.patterns, strict=True):
            whole = re.compile(pattern, re.IGNORECASE if isinstance(pattern, AnyCase) else 0)
            for source in sources:
                assert any(word.found_in(source, {}) for word in group) == bool(whole.search(source)), \
                    (rule.name, pattern, source[:60])
