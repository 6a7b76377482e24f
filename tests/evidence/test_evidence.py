"""Each rule's anti-pattern really fails at run time, its fix really passes, and flake8 tells them apart."""

from __future__ import annotations

import pytest

from .cases import EVIDENCE, Evidence
from .harness import ProjectRun, flake8_findings
from .table import VARIANTS, observed_symptoms, readme_table, render

pytestmark = pytest.mark.evidence

# Output that means a loop-bound resource outlived its loop even though every test passed.
TELLTALES = ("PytestUnraisableExceptionWarning", "ResourceWarning", "Event loop is closed", "never awaited")

by_code = pytest.mark.parametrize("evidence", EVIDENCE, ids=lambda evidence: evidence.code)


def _outcomes(run: ProjectRun) -> str:
    return "\n".join(
        f"{case.name}: {case.outcome} {[problem.message[:200] for problem in case.problems]}"
        for case in run.cases.values()
    )


@by_code
def test_bad_project_fails_with_the_documented_symptom(evidence: Evidence, project_run) -> None:
    run = project_run(evidence, "bad")
    assert run.exit_code == pytest.ExitCode.TESTS_FAILED, run.output
    missing = [symptom for symptom in evidence.symptoms if symptom not in observed_symptoms(run)]
    assert not missing, f"symptoms not in the junit report: {missing}\n{_outcomes(run)}"


@by_code
def test_good_project_passes_cleanly(evidence: Evidence, project_run) -> None:
    run = project_run(evidence, "good")
    assert run.cases, run.output
    assert {case.outcome for case in run.cases.values()} == {"passed"}, _outcomes(run)
    assert run.exit_code == pytest.ExitCode.OK, run.output
    assert not [telltale for telltale in TELLTALES if telltale in run.output], run.output


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
        for variant in VARIANTS
    }
    assert readme_table() == render(runs, postgres.version), (
        "README.md's evidence table differs from this run; regenerate it: python -m tests.evidence.table"
    )
