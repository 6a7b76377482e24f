"""Each rule's anti-pattern really fails at run time, its fix really passes, and flake8 tells them apart.

Symptoms are matched on what the recorder plugin saw (exception types and messages), never on junit's
text, which holds the failing test's own source: a project failing for another reason must not pass.
"""

from __future__ import annotations

import pytest

from .cases import EVIDENCE, Evidence
from .harness import ProjectRun, flake8_findings
from .record import Entry
from .table import readme_table, render

pytestmark = pytest.mark.evidence

# Warnings that mean a loop-bound resource outlived its loop even though every test passed.
LEAK_WARNINGS = ("builtins.ResourceWarning", "builtins.RuntimeWarning", "pytest.PytestUnraisableExceptionWarning")

by_code = pytest.mark.parametrize("evidence", EVIDENCE, ids=lambda evidence: evidence.code)
with_hidden_cause = pytest.mark.parametrize(
    "evidence", [evidence for evidence in EVIDENCE if evidence.hidden], ids=lambda evidence: evidence.code
)


def _outcomes(run: ProjectRun) -> str:
    outcomes = "\n".join(f"{case.name}: {case.outcome}" for case in run.cases.values())
    return f"{outcomes}\nrecorded:\n{run.record.describe()}"


def _unexplained_failures(evidence: Evidence, run: ProjectRun) -> list[Entry]:
    return [
        entry for entry in run.record.on("failure")
        if not any(symptom.matches(entry) for symptom in evidence.symptoms)
    ]


@by_code
def test_bad_project_fails_with_the_documented_symptom(evidence: Evidence, project_run) -> None:
    run = project_run(evidence, "bad")
    assert run.exit_code == pytest.ExitCode.TESTS_FAILED, run.output
    missing = [str(symptom) for symptom in evidence.symptoms if not symptom.shown_by(run.record)]
    assert not missing, f"symptoms the recorder did not see: {missing}\n{_outcomes(run)}"
    unexplained = _unexplained_failures(evidence, run)
    assert not unexplained, "failures that are none of the documented symptoms:\n" + "\n".join(
        entry.describe() for entry in unexplained
    )


@by_code
def test_good_project_passes_cleanly(evidence: Evidence, project_run) -> None:
    run = project_run(evidence, "good")
    assert run.cases, run.output
    assert {case.outcome for case in run.cases.values()} == {"passed"}, _outcomes(run)
    assert run.exit_code == pytest.ExitCode.OK, run.output
    trouble = [
        entry for entry in run.record.entries
        if entry.channel in ("failure", "unraisable", "log") or entry.category in LEAK_WARNINGS
    ]
    assert not trouble, "\n".join(entry.describe() for entry in trouble)


@with_hidden_cause
def test_removing_the_suppression_shows_what_the_bad_project_hides(evidence: Evidence, project_run) -> None:
    """The ALP9xx mechanism: the unhidden run (the bad project minus the suppression) shows the real
    cause; the bad run does not, and fails only further downstream."""
    bad, unhidden = project_run(evidence, "bad"), project_run(evidence, "unhidden")
    for symptom in evidence.hidden:
        assert symptom.shown_by(unhidden.record), f"unhidden run does not show {symptom}\n{_outcomes(unhidden)}"
        assert not symptom.shown_by(bad.record), f"the bad run shows {symptom}: nothing is hidden\n{_outcomes(bad)}"


@by_code
def test_flake8_reports_the_bad_project(evidence: Evidence) -> None:
    assert sorted(flake8_findings(evidence.project("bad"))) == sorted(evidence.findings)


@by_code
def test_flake8_is_silent_on_the_good_project(evidence: Evidence) -> None:
    assert sorted(flake8_findings(evidence.project("good"))) == []


def test_readme_table_matches_this_run(project_run, postgres) -> None:
    runs = {
        (evidence.code, variant): project_run(evidence, variant)
        for evidence in EVIDENCE
        for variant in evidence.variants
    }
    assert readme_table() == render(runs, postgres.version), (
        "README.md's evidence table differs from this run; regenerate it: python -m tests.evidence.table"
    )
