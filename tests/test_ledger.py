"""The precision ledger (ledger/): merge logic on small fake data, and the real corpus against ledger.toml.

The corpus tests download the pinned sdists (cached under ~/.cache/flake8-asyncloop/ledger), lint them with
the real flake8 and fail when the plugin's findings drifted from the ledger or the labelled precision misses
the gate.  Without PyPI they skip, unless ASYNCLOOP_REQUIRE_SERVICES=1 (as in CI) makes that a failure.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import tarfile

import pytest

from ledger.corpus import drift, run_corpus
from ledger.fetch import FetchError, PyPIUnreachable, fetch_project
from ledger.lint import SEPARATOR, Finding, parse_output
from ledger.manifest import ManifestError, Project, load_manifest, parse_manifest
from ledger.merge import merge
from ledger.precision import family_of, gate_failures, overall
from ledger.store import RETIRED_PATH, UNLABELLED, Entry, LedgerError, dumps, load_ledger, loads

REQUIRE_SERVICES = "ASYNCLOOP_REQUIRE_SERVICES"


def finding(path: str = "tests/conftest.py", line: int = 10, code: str = "ALP003", nth: int = 0,
            message: str = "fixture runs on another loop", project: str = "demo") -> Finding:
    return Finding(project, path, line, code, nth, 5, message)


def labelled(label: str, line: int = 10, code: str = "ALP003", project: str = "demo",
             path: str = "tests/conftest.py") -> Entry:
    return Entry(project, path, line, code, 0, 5, "old wording", label, f"judged {label}")


# Merge logic -------------------------------------------------------------------------------------------------

def test_a_finding_that_still_exists_keeps_its_label_and_takes_the_new_message() -> None:
    result = merge([finding(message="new wording")], [labelled("FP")])
    assert [(entry.label, entry.reason, entry.message) for entry in result.entries] == [
        ("FP", "judged FP", "new wording")]
    assert result.new == () and result.gone == ()


def test_a_labelled_finding_the_plugin_no_longer_reports_is_gone() -> None:
    result = merge([], [labelled("TP", line=10), labelled(UNLABELLED, line=20)])
    assert result.entries == ()
    assert [entry.line for entry in result.gone] == [10, 20]
    assert [entry.line for entry in result.gone_labelled] == [10]
    assert len(drift(result)) == 2


def test_a_finding_the_ledger_lacks_is_new_and_unlabelled() -> None:
    result = merge([finding(line=10), finding(line=11)], [labelled("TP", line=10)])
    assert [(entry.line, entry.label) for entry in result.new] == [(11, UNLABELLED)]
    assert [(entry.line, entry.label) for entry in result.entries] == [(10, "TP"), (11, UNLABELLED)]
    assert drift(result) == ["new finding, not in the ledger: demo tests/conftest.py:11:5 ALP003 "
                             "fixture runs on another loop"]


def test_a_disappeared_verdict_is_retired_and_returns_with_its_finding() -> None:
    gone = merge([], [labelled("TP", line=10), labelled(UNLABELLED, line=20)])
    assert [(entry.line, entry.label) for entry in gone.retired] == [(10, "TP")]
    back = merge([finding(line=10, message="reworded")], [], retired=gone.retired)
    assert [(entry.label, entry.message) for entry in back.entries] == [("TP", "reworded")]
    assert back.retired == ()
    assert drift(back) == ["finding came back (its retired TP verdict will be restored): demo tests/conftest.py:10:5 "
                           "ALP003 reworded"]


def test_two_findings_of_one_code_on_one_line_keep_separate_labels() -> None:
    second = Entry("demo", "tests/conftest.py", 10, "ALP003", 1, 9, "m", "FP", "other fixture")
    result = merge([finding(nth=0), finding(nth=1)], [labelled("TP"), second])
    assert [(entry.nth, entry.label) for entry in result.entries] == [(0, "TP"), (1, "FP")]


def test_a_partial_merge_keeps_the_other_projects_entries() -> None:
    result = merge([], [labelled("TP", project="other")], projects={"demo"})
    assert [entry.project for entry in result.entries] == ["other"] and result.gone == ()


def test_entries_in_files_this_python_cannot_parse_are_kept_not_gone() -> None:
    result = merge([], [labelled("TP", path="tests/pep695.py")], unparsable={("demo", "tests/pep695.py")})
    assert result.gone == () and len(result.entries) == 1


# Ledger file -------------------------------------------------------------------------------------------------

def test_the_ledger_file_round_trips_awkward_text() -> None:
    entries = [Entry("odd.name", "tests/a b.py", 3, "ALP201", 1, 0, 'says "close" \\ then\ttab', "TP", "ok"),
               labelled("FP", project="demo")]
    assert loads(dumps(entries)) == sorted(entries)


def test_a_verdict_without_reason_or_with_an_unknown_label_is_refused() -> None:
    block = '[[demo]]\npath = "t.py"\nline = 1\ncode = "ALP001"\nlabel = "{label}"\nreason = "{reason}"\n'
    with pytest.raises(LedgerError, match="needs a reason"):
        loads(block.format(label="TP", reason=""))
    with pytest.raises(LedgerError, match="not one of"):
        loads(block.format(label="maybe", reason="x"))
    with pytest.raises(LedgerError, match="twice"):
        loads(block.format(label="FP", reason="x") * 2)


def test_flake8_output_is_parsed_and_numbered_per_line_and_code() -> None:
    lines = [SEPARATOR.join(fields) for fields in (
        ("./tests/t.py", "4", "9", "ALP003", "second fixture"),
        ("./tests/t.py", "4", "1", "ALP003", "first fixture"),
        ("./tests/new.py", "1", "2", "E999", "SyntaxError: invalid syntax"))]
    findings, unparsable = parse_output("demo", "\n".join(lines))
    assert [(f.path, f.line, f.nth, f.col, f.message) for f in findings] == [
        ("tests/t.py", 4, 0, 1, "first fixture"), ("tests/t.py", 4, 1, 9, "second fixture")]
    assert unparsable == {"tests/new.py"}


# Precision ---------------------------------------------------------------------------------------------------

def test_precision_ignores_unlabelled_findings() -> None:
    total = overall([labelled("TP"), labelled("TP"), labelled("FP"), labelled(UNLABELLED)])
    assert (total.tp, total.fp, total.unlabelled) == (2, 1, 1)
    assert total.precision == pytest.approx(2 / 3)


def test_the_gate_checks_overall_and_each_family_with_enough_labelled_findings() -> None:
    entries = [labelled("TP", line=line, code="ALP301") for line in range(20)]
    entries += [labelled("FP", line=line, code="ALP201") for line in range(2)]
    assert gate_failures(entries) == []  # 2 FP in a family of 2: too few to judge the family
    entries += [labelled("TP", line=line, code="ALP202") for line in range(100, 103)]
    failures = gate_failures(entries)
    assert len(failures) == 1 and failures[0].startswith("ALP2xx resources precision 60.0%")
    entries += [labelled("FP", line=line, code="ALP101") for line in range(10)]
    assert any(failure.startswith("overall precision") for failure in gate_failures(entries))


def test_families_follow_the_hundreds_digit() -> None:
    assert [family_of(code) for code in ("ALP005", "ALP104", "ALP205", "ALP303", "ALP903")] == [
        "ALP0xx loop scopes", "ALP1xx manual loops", "ALP2xx resources", "ALP3xx ASGI", "ALP9xx suppression"]


# Manifest and fetching ---------------------------------------------------------------------------------------

def test_the_manifest_pins_at_least_thirty_projects_with_test_paths() -> None:
    projects = load_manifest()
    assert len(projects) >= 30
    assert all(project.paths and project.why for project in projects)


def test_a_manifest_path_leaving_the_sdist_is_refused() -> None:
    text = ('[[project]]\nname = "x"\nversion = "1.0"\nurl = "https://h/x-1.0.tar.gz"\nsha256 = "' + "0" * 64
            + '"\npaths = ["../elsewhere"]\nwhy = "w"\n')
    with pytest.raises(ManifestError, match="inside the sdist"):
        parse_manifest(text)


def fake_sdist(directory) -> tuple[str, str]:
    """A NAME-VERSION/ tarball with one test file: its file:// URL and sha256."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as bundle:
        data = b"async def test_x():\n    pass\n"
        info = tarfile.TarInfo("demo-1.0/tests/test_x.py")
        info.size = len(data)
        bundle.addfile(info, io.BytesIO(data))
    archive = directory / "demo-1.0.tar.gz"
    archive.write_bytes(gzip.compress(buffer.getvalue()))
    return archive.as_uri(), hashlib.sha256(archive.read_bytes()).hexdigest()


def test_fetch_verifies_the_sha256_and_unpacks_to_the_sdist_root(tmp_path) -> None:
    url, sha = fake_sdist(tmp_path)
    project = Project("demo", "1.0", url, sha, ("tests",), "w")
    root = fetch_project(project, tmp_path / "cache")
    assert root.name == "demo-1.0" and (root / "tests" / "test_x.py").is_file()
    assert fetch_project(project, tmp_path / "cache") == root  # cached: no second download needed
    with pytest.raises(FetchError, match="differs from the pinned"):
        fetch_project(Project("demo", "1.0", url, "f" * 64, ("tests",), "w"), tmp_path / "other-cache")
    with pytest.raises(PyPIUnreachable):
        fetch_project(Project("demo", "1.0", url + ".missing", sha, ("tests",), "w"), tmp_path / "third")


# The real corpus ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus():
    try:
        return run_corpus()
    except PyPIUnreachable as error:
        if os.environ.get(REQUIRE_SERVICES) == "1":
            pytest.fail(f"PyPI unreachable and {REQUIRE_SERVICES}=1: {error}")
        pytest.skip(f"PyPI unreachable: {error}")


@pytest.mark.ledger
def test_the_plugin_reports_exactly_the_findings_in_the_ledger(corpus) -> None:
    problems = drift(corpus.merge)
    assert not problems, ("the findings drifted from ledger/ledger.toml; run `python ledger/run.py regenerate` "
                          "and label the new findings:\n" + "\n".join(problems[:50]))


@pytest.mark.ledger
def test_labelled_precision_meets_the_gate(corpus) -> None:
    failures = gate_failures(corpus.merge.entries)
    assert not failures, "\n".join(failures)


def test_the_committed_ledger_and_retired_verdicts_parse() -> None:
    assert load_ledger()
    load_ledger(RETIRED_PATH)
