"""The loop map agrees with the plugin: every ALP003/ALP004 finding shows up as a crossing in a test's map.

- ALP003 on a test: a crossing in that test's map, at the position flake8 reports.
- ALP003 on an async fixture: the same crossing in the map of every test using that fixture (a fixture no
  test requests has no map to show it in: those findings are counted apart, and must be exactly that).
- ALP004 on a fixture: in the map of a test using it, a crossing through which its value reaches the
  test: at the fixture itself, or at a fixture that (transitively) requests it.

Checked on the sample project, on every runtime-evidence project (each variant, the era projects too)
and on the rule data of ALP003 and ALP004, read with their ``asyncloop-options`` headers.
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path

import pytest

from flake8_asyncloop.checker import check_source
from flake8_asyncloop.commands.cli import main
from flake8_asyncloop.settings import Settings

from .expectations import header_options, settings_for

ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = ROOT / "tests" / "evidence"
PROJECTS = sorted([ROOT / "sample", *(EVIDENCE / "projects").glob("*/*"), *(EVIDENCE / "eras" / "sample").glob("*"),
                   *(EVIDENCE / "eras" / "sample" / "probes").glob("*")])
PROJECTS = [project for project in PROJECTS if project.is_dir() and project.name != "probes"]
DATA = ROOT / "tests" / "data"
DATA_FILES = sorted([*(DATA / "ALP003").glob("*.py"), *(DATA / "ALP004").glob("*.py")])
PINNED_DEFAULTS = ("--asyncio-mode=strict", "--asyncio-default-fixture-loop-scope=unset",
                   "--asyncio-default-test-loop-scope=function")


def project_map(capsys, *arguments: str) -> list[dict]:
    assert main(["map", "--isolated", "--format=json", *arguments]) == 0
    return json.loads(capsys.readouterr().out)["tests"]


def findings_in(paths: list[str], settings_of) -> list[tuple[str, object]]:
    found = []
    for path in paths:
        source = Path(path).read_text(encoding="utf-8")
        found += [(path, finding) for finding in check_source(path, source, ast.parse(source), settings_of(source))
                  if finding.code in ("ALP003", "ALP004")]
    return found


def unmatched(findings, maps: list[dict]) -> tuple[list, list]:
    """(findings without their crossing, ALP003 findings on fixtures no mapped test uses)."""
    crossings = {(c["at"]["path"], c["at"]["line"], c["at"]["column"]) for test in maps for c in test["crossings"]}
    missing, unused = [], []
    for path, finding in findings:
        where = (os.path.normpath(path), finding.line, finding.col + 1)
        if finding.code == "ALP003" and where not in crossings:
            requester = re.search(r"'([^']+)' runs on", finding.message)[1]
            used = any(requester in {entry["name"] for entry in test["fixtures"]} for test in maps)
            (missing if used else unused).append((*where, finding.code))
        if finding.code == "ALP004":
            fixture = re.search(r"async fixture '([^']+)'", finding.message)[1]
            if not any(_reaches_through_crossing(test, fixture) for test in maps):
                missing.append((*where, finding.code))
    return missing, unused


def _reaches_through_crossing(test: dict, fixture: str) -> bool:
    requests: dict[str, set[str]] = {}
    for entry in test["fixtures"]:
        for requester in entry["requested_by"]:
            requests.setdefault(requester, set()).add(entry["name"])

    def reaches(name: str, seen: frozenset) -> bool:
        return name == fixture or any(reaches(d, seen | {name}) for d in requests.get(name, ()) if d not in seen)

    return any(reaches(crossing["fixture"], frozenset()) for crossing in test["crossings"])


def default_settings(source: str) -> Settings:
    return Settings()


def python_files(root: Path) -> list[str]:
    return sorted(os.path.relpath(path, root) for path in root.rglob("*.py"))


@pytest.mark.parametrize("project", PROJECTS, ids=[str(p.relative_to(ROOT)) for p in PROJECTS])
def test_every_loop_finding_of_a_project_is_a_crossing_in_its_map(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    maps = project_map(capsys, ".")
    findings = findings_in(python_files(project), default_settings)
    missing, unused = unmatched(findings, maps)
    assert (missing, unused) == ([], [])


def test_the_projects_have_loop_findings_to_agree_on(monkeypatch):
    """The agreement above is not vacuous: the sample and the ALP003/ALP004 evidence report both codes."""
    codes = set()
    for project in (ROOT / "sample", *(EVIDENCE / "projects" / code / "bad" for code in ("ALP003", "ALP004"))):
        monkeypatch.chdir(project)
        codes |= {finding.code for _path, finding in findings_in(python_files(project), default_settings)}
    assert codes == {"ALP003", "ALP004"}


@pytest.mark.parametrize("path", DATA_FILES, ids=[str(p.relative_to(DATA)) for p in DATA_FILES])
def test_every_loop_finding_of_the_rule_data_is_a_crossing_in_its_map(path, capsys, monkeypatch):
    monkeypatch.chdir(DATA)
    relative = str(path.relative_to(DATA))
    source = path.read_text(encoding="utf-8")
    maps = project_map(capsys, *PINNED_DEFAULTS, *header_options(source), relative)
    findings = findings_in([relative], lambda text: settings_for(text, pin_defaults=True))
    missing, unused = unmatched(findings, maps)
    assert missing == []
    assert all(code == "ALP003" for *_where, code in unused)
