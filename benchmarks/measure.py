"""Timed flake8 runs, interleaved round-robin across repeats so that drift hits every checker alike.

Each run is one ``flake8 -j1`` process: wall time comes from perf_counter around it, CPU
time from ``os.wait4`` (the rusage of that child alone). Peak RSS cannot come from wait4:
on Linux a child's ru_maxrss starts from its parent's high-water mark at fork, so every run
would report this script's own size. The child therefore reports its VmHWM, which belongs
to the address space exec created, from an atexit hook in a shim that is otherwise
flake8's console script (``-I`` keeps the working directory off sys.path, as the script does).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from envs import Checker


@dataclass(frozen=True)
class Job:
    """One checker on one file set; files are relative to cwd, which is the project's root."""

    checker: Checker
    corpus: str
    cwd: Path
    files: tuple[str, ...]
    max_repeats: int | None = None  # memory sweeps need fewer repeats than timings


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float
    peak_rss_mib: float
    findings: int


@dataclass
class Outcome:
    """The runs of one job across repeats, or why it stopped."""

    job: Job
    runs: list[Run] = field(default_factory=list)
    error: str | None = None


PEAK_FILE_VARIABLE = "BENCH_PEAK_RSS_FILE"
FLAKE8_WITH_PEAK_RSS = f"""
import atexit, os, sys

def report_peak_rss():
    with open("/proc/self/status") as status:
        peak_kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["{PEAK_FILE_VARIABLE}"], "w") as out:
        out.write(peak_kib)

atexit.register(report_peak_rss)
sys.argv[0] = "flake8"
from flake8.main.cli import main
sys.exit(main())
"""


def run_flake8(job: Job) -> Run:
    """Lint the job's files once; raises RuntimeError with flake8's last stderr line on failure."""
    command = [str(job.checker.python), "-I", "-c", FLAKE8_WITH_PEAK_RSS, "--isolated", "-j1", "--exit-zero",
               f"--select={job.checker.select}", *job.files]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=job.cwd, stdout=out, stderr=err,
                                   env={**os.environ, PEAK_FILE_VARIABLE: peak.name})
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        findings = sum(1 for _ in out)
        if process.returncode:
            err.seek(0)
            lines = [line for line in err.read().decode(errors="replace").splitlines() if line.strip()]
            raise RuntimeError(lines[-1] if lines else f"flake8 exited {process.returncode}")
        peak_kib = int(peak.read() or 0)
    return Run(wall, usage.ru_utime + usage.ru_stime, peak_kib / 1024, findings)


def warm_up(jobs: list[Job]) -> None:
    """Read every file once and start each interpreter once, so the first timed repeat is not cold."""
    for path in {job.cwd / name for job in jobs for name in job.files}:
        path.read_bytes()
    for checker in {job.checker for job in jobs}:
        subprocess.run([str(checker.flake8), "--version"], capture_output=True)


def _seconds_left(outcomes: list[Outcome], repeats: int, done: int) -> float:
    """Each job's mean time so far times the repeats it still has to run."""
    return sum(
        statistics.mean(run.wall_s for run in outcome.runs)
        * max(0, min(repeats, outcome.job.max_repeats or repeats) - done)
        for outcome in outcomes
        if outcome.runs and not outcome.error
    )


def interleaved(jobs: list[Job], repeats: int, log) -> list[Outcome]:
    """Run every job once per repeat, each repeat starting at a different job (round-robin)."""
    outcomes = [Outcome(job) for job in jobs]
    warm_up(jobs)
    started = time.perf_counter()
    for repeat in range(repeats):
        shift = repeat * len(jobs) // repeats
        for outcome in outcomes[shift:] + outcomes[:shift]:
            if outcome.error or repeat >= (outcome.job.max_repeats or repeats):
                continue
            try:
                outcome.runs.append(run_flake8(outcome.job))
            except RuntimeError as error:
                outcome.error = str(error)
                log(f"  {outcome.job.checker.name} on {outcome.job.corpus} failed: {error}")
        log(f"repeat {repeat + 1}/{repeats} done, {time.perf_counter() - started:.0f} s elapsed, "
            f"about {_seconds_left(outcomes, repeats, repeat + 1) / 60:.0f} min left")
    return outcomes
