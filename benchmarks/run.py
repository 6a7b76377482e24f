"""Benchmark the marginal cost per source line of ``flake8 --select ALP`` against other plugins.

    python benchmarks/run.py            # full run (10-15 min on 2 idle cores), writes results.md
    python benchmarks/run.py --quick    # smaller corpora and sweeps, writes results-quick.md
    python benchmarks/run.py --whole-suites   # every async test file of the real projects, no sweeps
                                              # (about 6 min), writes results-whole-suites.md

Builds (and caches) one virtual environment per checker and the corpora under
benchmarks/corpus, runs every (checker, corpus) pair once per repeat in round-robin
order, and prints a Markdown report. See benchmarks/README.md for how to read it.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import corpus_gen
import corpus_real
import envs
import measure
import report


@dataclass(frozen=True)
class Plan:
    """How big a run is: repeats, corpus size and the points of each sweep."""

    repeats: int
    corpus_lines: int
    sizes: tuple[int, ...]
    size_min_total_lines: int
    depths: tuple[int, ...]
    depth_files: int
    file_counts: tuple[int, ...]
    memory_repeats: int


FULL = Plan(5, 4000, (100, 1000, 5000, 20000), 8000, (1, 3, 6, 10), 30, (100, 400, 1600), 2)
QUICK = Plan(3, 2000, (100, 1000, 5000), 3000, (1, 3, 6, 10), 10, (100, 400), 2)
WHOLE_SUITES = Plan(3, 0, (), 0, (), 0, (), 0)
WHOLE_SUITES_CHECKERS = "base,bugbear,asyncloop"  # flake8-async would take about 7 minutes per repeat


@dataclass(frozen=True)
class FileSet:
    """A corpus as flake8 sees it: a working directory (the project root) and files under it."""

    info: report.CorpusInfo
    cwd: Path
    files: tuple[str, ...]


@dataclass(frozen=True)
class Sweeps:
    """Sweep points, each (x, file set); depths also carry the lines of their conftest chain."""

    sizes: list[tuple[int, FileSet]]
    depths: list[tuple[int, FileSet, int]]
    counts: list[tuple[int, FileSet]]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def file_set(name: str, description: str, cwd: Path, sources: list[corpus_real.SourceFile]) -> FileSet:
    share = sum(source.has_async for source in sources) / len(sources) if sources else 0.0
    info = report.CorpusInfo(name, description, len(sources), sum(source.lines for source in sources), share)
    return FileSet(info, cwd, tuple(str(source.path.relative_to(cwd)) for source in sources))


def main_corpora(plan: Plan, seed: int) -> list[FileSet]:
    """Real async projects (async tests, sync tests, library), generated suites, sync stdlib."""
    for problem in corpus_real.ensure_projects(log):
        log(f"warning: {problem}")
    real = corpus_real.real_corpora(plan.corpus_lines, seed)
    real_dir, gen_dir, lines = corpus_real.REAL_DIR, corpus_gen.GEN_DIR, plan.corpus_lines
    return [
        file_set("real-async-tests", "test files with async syntax from the projects' own suites",
                 real_dir, real["real-async-tests"]),
        file_set("real-sync-tests", "test files without async syntax from the same suites",
                 real_dir, real["real-sync-tests"]),
        file_set("real-library", "library code of the same projects", real_dir, real["real-library"]),
        file_set("gen-async-tests", "generated pytest-asyncio suite, conftest chains of depth 1-6",
                 gen_dir / "async-tests", corpus_gen.suite_project("async-tests", lines, 6, seed, True)),
        file_set("gen-sync-tests", "generated sync pytest suite (TestClient, SQLAlchemy), depth 1-3",
                 gen_dir / "sync-tests", corpus_gen.suite_project("sync-tests", lines, 3, seed, False)),
        file_set("stdlib-sync", "CPython stdlib modules with no async syntax nor asyncio",
                 corpus_real.STDLIB_DIR, corpus_real.stdlib_sync_corpus(lines, seed)),
    ]


def whole_suites_corpus() -> list[FileSet]:
    for problem in corpus_real.ensure_projects(log):
        log(f"warning: {problem}")
    return [file_set("real-async-tests-whole", "every test file with async syntax in the projects' own suites",
                     corpus_real.REAL_DIR, corpus_real.whole_async_suites())]


def sweeps(plan: Plan, seed: int) -> Sweeps:
    """File sets for the size, conftest-depth and file-count sweeps (ALP and base only)."""
    gen_dir = corpus_gen.GEN_DIR
    by_size = corpus_gen.size_sweep(plan.sizes, plan.size_min_total_lines, seed)
    by_depth = corpus_gen.depth_sweep(plan.depths, plan.depth_files, seed)
    by_count = corpus_gen.files_sweep(plan.file_counts, seed)
    return Sweeps(
        sizes=[(size, file_set(f"size-{size}", "", gen_dir / "sizes", files))
               for size, files in by_size.items()],
        depths=[(depth, file_set(f"depth-{depth}", "", gen_dir / "depths" / f"depth_{depth}", tests), chain)
                for depth, (tests, chain) in by_depth.items()],
        counts=[(count, file_set(f"files-{count}", "", gen_dir / "files" / f"files_{count}", files))
                for count, files in by_count.items()],
    )


def startup_set() -> FileSet:
    """An empty file: what a checker costs before it lints anything (imports, option parsing)."""
    empty = corpus_real.CORPUS_DIR / "empty"
    empty.mkdir(parents=True, exist_ok=True)
    (empty / "empty.py").write_text("")
    return FileSet(report.CorpusInfo(report.STARTUP, "", 1, 0, 0.0), empty, ("empty.py",))


def plan_jobs(ready: list[envs.Checker], corpora: list[FileSet], sweep: Sweeps, plan: Plan):
    """Every checker on the startup file and main corpora; base and ALP alone on the sweeps."""
    def jobs(file_sets, checkers, max_repeats=None):
        return [measure.Job(checker, fs.info.name, fs.cwd, fs.files, max_repeats)
                for fs in file_sets for checker in checkers]
    sweep_checkers = [envs.BASE, envs.ASYNCLOOP] if envs.ASYNCLOOP in ready else []
    return (
        jobs([startup_set(), *corpora], ready)
        + jobs([fs for _, fs in sweep.sizes] + [fs for _, fs, _ in sweep.depths], sweep_checkers)
        + jobs([fs for _, fs in sweep.counts], sweep_checkers, plan.memory_repeats)
    )


def git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(envs.REPO_DIR), *args], capture_output=True, text=True)
    return done.stdout.strip()


def measured_source() -> str:
    """The commit and source digest of flake8-asyncloop, taken before its environment is prepared."""
    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--", "flake8_asyncloop") else ""
    return f"commit {git('rev-parse', '--short', 'HEAD')}{dirty}, source digest {envs.repo_source_hash()}"


def header(plan: Plan, statuses: list[envs.EnvStatus], source: str, loads: tuple[float, float],
           elapsed: float):
    finished = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    command = " ".join(["python benchmarks/run.py", *sys.argv[1:]])
    lines = [
        "# flake8-asyncloop benchmark results", "",
        f"- Command: `{command}`: {plan.repeats} repeats, round-robin, medians; "
        f"finished {finished}, took {elapsed / 60:.1f} min",
        f"- Machine: {platform.platform()}, {os.cpu_count()} CPUs, CPython {platform.python_version()}; "
        f"load average {loads[0]:.2f} before the measurements, {loads[1]:.2f} after",
        f"- flake8-asyncloop: {source}",
        f"- Real projects (pinned sdists): {', '.join(corpus_real.PROJECTS)}",
        "- Environments (each `flake8 -j1 --isolated`, alone with its plugin):",
    ]
    for status in statuses:
        state = ", ".join(status.packages) if status.ok else f"NOT MEASURED: {status.detail}"
        lines.append(f"  - `{status.checker.name}` (`--select {status.checker.select}`): {state}")
    return lines


def body(results: report.Results, corpora: list[FileSet], sweep: Sweeps, ready: list[envs.Checker]):
    infos = [fs.info for fs in corpora]
    bugbear = next((checker for checker in ready if checker.name == report.BUGBEAR), None)
    counts = [(count, fs.info) for count, fs in sweep.counts]
    lines = ["", "## Corpora", "", *report.corpus_table(infos)]
    lines += ["", "## Targets", "", *report.targets(results, infos, bugbear, counts)]
    lines += ["", "## Own cost per checker and corpus", "",
              "Own cost = run − startup run, minus the same for the base environment (plugins). "
              "± is half the spread over repeats.", "", *report.cost_table(results, infos, ready)]
    if not sweep.sizes:
        return lines
    if envs.ASYNCLOOP not in ready:
        return lines + ["", "Sweeps skipped: the flake8-asyncloop environment is not usable."]
    lines += ["", "## ALP cost vs file size", "",
              *report.size_table(results, [(size, fs.info) for size, fs in sweep.sizes])]
    lines += ["", "## ALP cost vs conftest-chain depth", "",
              "Only the test modules at the bottom of the chain are linted; "
              "their text is the same at every depth.", "",
              *report.depth_table(results, [(depth, fs.info, chain) for depth, fs, chain in sweep.depths])]
    lines += ["", "## Peak memory vs number of files linted", "", *report.memory_table(results, counts)]
    return lines


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller corpora and sweeps, 3 repeats")
    parser.add_argument("--whole-suites", action="store_true",
                        help="every async test file of the real projects instead of the main corpora, no "
                        f"sweeps, 3 repeats, checkers {WHOLE_SUITES_CHECKERS} unless --checkers says otherwise")
    parser.add_argument("--repeats", type=int, help="runs per (checker, corpus); the median is reported")
    parser.add_argument("--lines", type=int, help="lines per main corpus (default 4000, quick 2000)")
    parser.add_argument("--checkers", help="subset to measure, comma-separated: "
                        + ", ".join(checker.name for checker in envs.CHECKERS) + " (base is always in)")
    parser.add_argument("--seed", type=int, default=1, help="seed for corpus sampling and generation")
    parser.add_argument("--output", type=Path,
                        help="report file (default benchmarks/results.md; with --quick, results-quick.md; with "
                        "--whole-suites, results-whole-suites.md)")
    parser.add_argument("--list-files", metavar="CORPUS",
                        help="print a main corpus's directory and files (for a profiler), measure nothing")
    return parser.parse_args()


def list_files(plan: Plan, seed: int, name: str) -> int:
    """The directory to run in, then one file per line: ``cd`` there and hand the files to flake8."""
    found = {corpus.info.name: corpus for corpus in main_corpora(plan, seed)}
    if name not in found:
        log(f"no corpus {name!r}; choose from {', '.join(found)}")
        return 2
    print(found[name].cwd)
    print("\n".join(found[name].files))
    return 0


def main() -> int:
    args = parse_args()
    plan = WHOLE_SUITES if args.whole_suites else QUICK if args.quick else FULL
    plan = dataclasses.replace(plan, repeats=args.repeats or plan.repeats,
                               corpus_lines=args.lines or plan.corpus_lines)
    if args.list_files:
        return list_files(plan, args.seed, args.list_files)
    checkers = args.checkers or (WHOLE_SUITES_CHECKERS if args.whole_suites else None)
    wanted = set(checkers.split(",")) | {"base"} if checkers else {c.name for c in envs.CHECKERS}
    started = time.perf_counter()
    source = measured_source()
    statuses = [envs.prepare(checker, log) for checker in envs.CHECKERS if checker.name in wanted]
    for status in statuses:
        log(f"{status.checker.name}: {'ok' if status.ok else 'NOT MEASURED'}: {status.detail}")
    ready = [status.checker for status in statuses if status.ok]
    if envs.BASE not in ready:
        log("the base environment is not usable; nothing can be measured")
        return 1
    corpora = whole_suites_corpus() if args.whole_suites else main_corpora(plan, args.seed)
    sweep = Sweeps([], [], []) if args.whole_suites else sweeps(plan, args.seed)
    jobs = plan_jobs(ready, corpora, sweep, plan)
    log(f"{len(jobs)} jobs, {plan.repeats} repeats ...")
    load_before = os.getloadavg()[0]
    results = report.Results(measure.interleaved(jobs, plan.repeats, log))
    loads = (load_before, os.getloadavg()[0])
    text = "\n".join(header(plan, statuses, source, loads, time.perf_counter() - started)
                     + body(results, corpora, sweep, ready)) + "\n"
    print(text)
    default = "results-whole-suites.md" if args.whole_suites else "results-quick.md" if args.quick else "results.md"
    output = args.output or envs.BENCH_DIR / default
    output.write_text(text)
    log(f"written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
