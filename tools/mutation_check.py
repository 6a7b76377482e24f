"""Break the plugin on purpose, one representative way at a time, and check the fast suite notices each.

    python tools/mutation_check.py            # every breakage (a few minutes)
    python tools/mutation_check.py --list     # what they are
    python tools/mutation_check.py 3 7        # only these

Each breakage is a small textual edit of one source file, applied to a fresh copy of the repository;
the copy's tests then run against the copy's package (``PYTHONPATH`` comes before the editable install).
A breakage the suite does not fail on is a missing test: the script exits 1 and names it.  The rule data
and the fast unit tests run first (seconds); only a breakage they miss pays for the rest of the fast
suite (everything but the runtime evidence and the precision ledger).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORED = shutil.ignore_patterns(".git", ".nox", ".venv*", "__pycache__", ".pytest_cache", "corpus", ".venvs",
                                 "*.egg-info", "build", "dist")
FAST_SELECTION = ["-m", "not evidence and not ledger", "-p", "no:cacheprovider", "-q", "-x", "-p", "no:randomly"]


@dataclass(frozen=True)
class Breakage:
    area: str
    what: str
    path: str
    old: str
    new: str


BREAKAGES = (
    Breakage("syntax", "class bodies visible to their methods", "flake8_asyncloop/syntax/scopes.py",
             'if name in scope.bindings and (innermost or scope.kind != "class"):', "if name in scope.bindings:"),
    Breakage("syntax", "re-exported names not canonicalised", "flake8_asyncloop/syntax/names.py",
             '    for prefix, replacement in _PREFIXES_BY_PACKAGE.get(qualname.split(".", 1)[0], ()):',
             "    for prefix, replacement in ():"),
    Breakage("config", "[tool.pytest.ini_options] ignored", "flake8_asyncloop/project/config.py",
             '        if "ini_options" in pytest_table:', '        if False:'),
    Breakage("config", "the config cache keyed by size and mtime only", "flake8_asyncloop/project/config.py",
             "status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)",
             "status.st_mtime_ns, status.st_size)"),
    Breakage("collection", "python_files path patterns matched against the name",
             "flake8_asyncloop/project/collection.py", 'if os.sep not in pattern and "/" not in pattern:', "if True:"),
    Breakage("fixtures", "fixtures imported into a conftest not registered", "flake8_asyncloop/project/fixtures.py",
             "        for module, names in self._imported_fixture_sources(facts):",
             "        for module, names in ():"),
    Breakage("fixtures", "a fixture requesting its own name gets itself", "flake8_asyncloop/project/fixtures.py",
             "skipping = isinstance(requester, Fixture) and requester.name == name", "skipping = False"),
    Breakage("loops", "the deprecated mark.asyncio(scope=) ignored", "flake8_asyncloop/project/loops.py",
             '        scope = mark.keyword("scope")', "        scope = None"),
    Breakage("versions", "event_loop removed only in 2.0", "flake8_asyncloop/versions/pytest_asyncio_facts.py",
             'Change("1.0.0", "removed", "1.0.0 Removed: The deprecated event_loop fixture (#1106)."),',
             'Change("2.0.0", "removed", "1.0.0 Removed: The deprecated event_loop fixture (#1106)."),'),
    Breakage("tracer", "disagreeing bindings merged to the first", "flake8_asyncloop/tracer/value.py",
             "    if len(verdicts) != 1:\n        return UNKNOWN_VALUE", "    if False:\n        return UNKNOWN_VALUE"),
    Breakage("tracer", "poolclass=NullPool ignored", "flake8_asyncloop/tracer/calls.py",
             "        for keyword in row.unbound_when:", "        for keyword in ():"),
    Breakage("tracer", "fixture values carry no loop", "flake8_asyncloop/tracer/core.py",
             "            value = value.with_loop(self.loops.fixture_loop(fixture, requester))",
             "            pass"),
    Breakage("loop scopes", "ALP003 without harm (any value crosses)", "flake8_asyncloop/rules/loop_scopes.py",
             "            if value.bound is not Verdict.YES and not ctx.tracer.leaves_running(fixture):\n"
             "                continue\n            yield at(parameter",
             "            yield at(parameter"),
    Breakage("loop scopes", "ALP001 under pytest-asyncio 0.21", "flake8_asyncloop/rules/loop_scopes.py",
             'if not _driven_by_pytest_asyncio(ctx) or era.event_loop_fixture == "the-loop":',
             "if not _driven_by_pytest_asyncio(ctx):"),
    Breakage("manual loops", "any fixture making a loop reported", "flake8_asyncloop/rules/manual_loops.py",
             "        if function is not None and (fixture is None or not _hands_out(ctx, function)):",
             "        if function is not None and fixture is None:"),
    Breakage("resources", "wait_closed() before close() accepted", "flake8_asyncloop/rules/resources.py",
             "and (call.lineno, call.col_offset) > (close.lineno, close.col_offset)", ""),
    Breakage("resources", "a session maker counts as closing the engine", "flake8_asyncloop/rules/ownership.py",
             "        if isinstance(node, ast.Call) and not _derives(ctx, facts, node):",
             "        if isinstance(node, ast.Call):"),
    Breakage("asgi", "state the tests provide ignored", "flake8_asyncloop/rules/asgi.py",
             '        if read.what[0] == "state" and read.what[1] in provided_by_tests:\n            continue\n', ""),
    Breakage("asgi", "lifespans entered by hand not recognised", "flake8_asyncloop/rules/asgi.py",
             '                if isinstance(node, ast.AsyncWith) and "lifespan" in name:', "                if False:"),
    Breakage("suppression", "error:: filters reported as hiding", "flake8_asyncloop/rules/suppression.py",
             '    if action != "ignore":\n        return None', "    if False:\n        return None"),
)


def apply(copy: Path, breakage: Breakage) -> None:
    path = copy / breakage.path
    text = path.read_text(encoding="utf-8")
    if text.count(breakage.old) != 1:
        raise SystemExit(f"{breakage.path}: the text to break is not there exactly once: {breakage.old!r}")
    path.write_text(text.replace(breakage.old, breakage.new), encoding="utf-8")


def fails(copy: Path, *arguments: str) -> bool:
    environment = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    environment = {key: value for key, value in environment.items() if not key.startswith("PYTEST_")}
    command = [sys.executable, "-m", "pytest", *FAST_SELECTION, *arguments]
    return subprocess.run(command, cwd=copy, env=environment, capture_output=True, check=False).returncode != 0


def killed(breakage: Breakage) -> bool:
    with tempfile.TemporaryDirectory(prefix="alp-mutant-") as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(ROOT, copy, ignore=IGNORED)
        apply(copy, breakage)
        unit_tests = sorted(str(path.relative_to(copy)) for path in (copy / "tests").glob("test_versions_*.py"))
        first = ["tests/test_rules.py", "tests/test_long_lived_caches.py", *unit_tests]
        return fails(copy, *first) or fails(copy, "tests")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("numbers", nargs="*", type=int, help="only these breakages (1-based)")
    parser.add_argument("--list", action="store_true", help="print the breakages and exit")
    arguments = parser.parse_args(argv)
    chosen = [(number, BREAKAGES[number - 1]) for number in arguments.numbers] or list(enumerate(BREAKAGES, 1))
    if arguments.list:
        for number, breakage in chosen:
            print(f"{number:2} {breakage.area:13} {breakage.what}")
        return 0
    survivors = []
    for number, breakage in chosen:
        started = time.perf_counter()
        verdict = "caught" if killed(breakage) else "SURVIVED"
        print(f"{number:2} {breakage.area:13} {breakage.what}: {verdict} ({time.perf_counter() - started:.0f} s)",
              flush=True)
        if verdict == "SURVIVED":
            survivors.append(breakage)
    print(f"{len(chosen) - len(survivors)} of {len(chosen)} breakages caught")
    return 1 if survivors else 0


if __name__ == "__main__":
    raise SystemExit(main())
