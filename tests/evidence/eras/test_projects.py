"""Era projects run for real in the era they pin and in the era they are upgraded to; flake8 tells the two apart.

A project is run once per era it lists (``projects.py``); flake8 runs with this repository's plugin from the
project's own directory, once as pinned and once with ``--asyncloop-target-versions`` naming the upgrade.
"""

from __future__ import annotations

import pytest

from .pins import declared_pins
from .projects import PASSES, PROJECTS, EraProject
from .runner import flake8_findings
from .venvs import Era

pytestmark = pytest.mark.evidence

# Warnings that mean a loop-bound resource outlived its loop even though every test passed.
LEAK_WARNINGS = ("builtins.ResourceWarning", "_pytest.warning_types.PytestUnraisableExceptionWarning")

by_project = pytest.mark.parametrize("project", PROJECTS, ids=lambda project: project.name)


@pytest.mark.parametrize(
    ("project", "era"),
    [(project, era) for project in PROJECTS for era in project.runs],
    ids=lambda value: value.name,
)
def test_project_runs_in_each_era_as_documented(project: EraProject, era: Era, era_run) -> None:
    run = era_run(project.path, era, project.services)
    story = f"{project.why}\n{run.describe()}"
    symptoms = project.runs[era]
    if symptoms == PASSES:
        assert set(run.outcomes().values()) == {"passed"}, story
        assert run.exit_status == pytest.ExitCode.OK, story
        assert not [warning for warning in run.warnings if warning["category"] in LEAK_WARNINGS], story
        if era == project.pinned:  # as its authors ran it: not even a deprecation
            assert not run.warnings, story
    else:
        assert run.exit_status == pytest.ExitCode.TESTS_FAILED, story
        missing = [
            symptom for symptom in symptoms
            if not any(failure.matches(symptom.exception, symptom.message) for failure in run.failures)
        ]
        assert not missing, f"symptoms not among the run's failures: {missing}\n{story}"


@by_project
def test_project_pins_what_its_pinned_era_installs(project: EraProject) -> None:
    pins = declared_pins(project.path)
    assert "pytest-asyncio" in pins
    assert {name: project.pinned.versions.get(name) for name in pins} == pins


@by_project
def test_flake8_is_silent_on_the_project_as_pinned(project: EraProject) -> None:
    assert [finding.place for finding in flake8_findings(project.path)] == []


@by_project
def test_flake8_reports_the_upgrade_under_the_target_versions(project: EraProject) -> None:
    findings = flake8_findings(project.path, [f"--asyncloop-target-versions={project.target}"])
    assert sorted(finding.place for finding in findings) == sorted(project.findings_under_target)
    name, version = project.target.split("==")
    unnamed = [finding for finding in findings if f"{name} {version}" not in finding.text]
    assert not unnamed, "each finding that holds only under the target must name it"
