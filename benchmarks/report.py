"""From raw runs to the Markdown report: marginal costs, ratios, sweeps and the three targets.

A checker's own cost on a corpus is, per repeat, (its run - its startup run) minus the
same for the base environment; the reported figure is the median over repeats. The base
environment's own cost is its run minus its startup. Pairing by repeat cancels drift.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from envs import ASYNCLOOP, BASE, Checker
from measure import Outcome

STARTUP = "startup"
BUGBEAR = "bugbear"
ASYNC_HEAVY_SHARE = 0.5
NO_ASYNC_FACTOR = 0.1
MEMORY_GROWTH_MIB = 5.0


@dataclass(frozen=True)
class CorpusInfo:
    name: str
    description: str
    files: int
    lines: int
    async_share: float  # share of files with async def / await / async for / async with


@dataclass(frozen=True)
class Cost:
    """A checker's own cost on one corpus, medians over repeats."""

    us_per_line: float
    half_range: float  # half the spread of the per-repeat figures, µs/line
    cpu_us_per_line: float
    files_per_s: float | None
    peak_rss_mib: float
    findings: int


class Results:
    """Outcomes indexed by (checker name, corpus name)."""

    def __init__(self, outcomes: list[Outcome]) -> None:
        self._by_key = {(outcome.job.checker.name, outcome.job.corpus): outcome for outcome in outcomes}

    def outcome(self, checker: Checker, corpus: str) -> Outcome | None:
        return self._by_key.get((checker.name, corpus))

    def error(self, checker: Checker, corpus: str) -> str | None:
        outcome = self.outcome(checker, corpus)
        if outcome is None:
            return "not measured"
        return outcome.error if outcome.error or outcome.runs else "no runs"

    def _own(self, checker: Checker, corpus: str, attribute: str) -> list[float]:
        """Per-repeat own seconds: this checker's run net of startup, net of base for plugins."""
        def net(of: Checker) -> list[float]:
            runs, starts = self.outcome(of, corpus).runs, self.outcome(of, STARTUP).runs
            return [getattr(run, attribute) - getattr(start, attribute) for run, start in zip(runs, starts)]
        own = net(checker)
        if checker != BASE:
            own = [mine - base for mine, base in zip(own, net(BASE))]
        return own

    def cost(self, checker: Checker, corpus: CorpusInfo) -> Cost | None:
        if self.error(checker, corpus.name) or self.error(checker, STARTUP):
            return None
        if checker != BASE and (self.error(BASE, corpus.name) or self.error(BASE, STARTUP)):
            return None
        wall = [seconds * 1e6 / corpus.lines for seconds in self._own(checker, corpus.name, "wall_s")]
        cpu = [seconds * 1e6 / corpus.lines for seconds in self._own(checker, corpus.name, "cpu_s")]
        runs = self.outcome(checker, corpus.name).runs
        median = statistics.median(wall)
        return Cost(
            us_per_line=median,
            half_range=(max(wall) - min(wall)) / 2,
            cpu_us_per_line=statistics.median(cpu),
            files_per_s=corpus.files * 1e6 / (median * corpus.lines) if median > 0 else None,
            peak_rss_mib=statistics.median(run.peak_rss_mib for run in runs),
            findings=int(statistics.median(run.findings for run in runs)),
        )

    def startup_ms(self, checker: Checker) -> float | None:
        if self.error(checker, STARTUP) or self.error(BASE, STARTUP):
            return None
        mine = [run.wall_s for run in self.outcome(checker, STARTUP).runs]
        if checker == BASE:
            return statistics.median(mine) * 1000
        base = [run.wall_s for run in self.outcome(BASE, STARTUP).runs]
        return statistics.median(m - b for m, b in zip(mine, base)) * 1000


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def corpus_table(corpora: list[CorpusInfo]) -> list[str]:
    rows = [[c.name, c.description, f"{c.files:,}", f"{c.lines:,}", f"{c.async_share:.0%}"] for c in corpora]
    return _table(["corpus", "what", "files", "lines", "files with async"], rows)


def cost_table(results: Results, corpora: list[CorpusInfo], checkers: list[Checker]) -> list[str]:
    """One row per corpus and checker: its own cost, memory, startup and ALP's ratio to it."""
    rows = []
    for corpus in corpora:
        alp = results.cost(ASYNCLOOP, corpus)
        for checker in checkers:
            cost = results.cost(checker, corpus)
            if cost is None:
                reason = results.error(checker, corpus.name) or results.error(checker, STARTUP)
                reason = reason or "the base environment failed on it"
                rows.append([corpus.name, checker.label, f"not measured: {reason}"] + [""] * 7)
                continue
            base = results.cost(BASE, corpus)
            ratio = None
            if alp and checker != ASYNCLOOP and cost.us_per_line > 0 and alp.us_per_line > 0:
                ratio = alp.us_per_line / cost.us_per_line
            rows.append([
                corpus.name, checker.label,
                f"{cost.us_per_line:,.1f} ± {cost.half_range:,.1f}", _num(cost.cpu_us_per_line),
                _num(cost.files_per_s, 0), _num(cost.peak_rss_mib),
                _num(cost.peak_rss_mib - base.peak_rss_mib) if checker != BASE and base else "",
                _num(results.startup_ms(checker), 0), f"{cost.findings:,}",
                _num(ratio, 2) if ratio is not None else "",
            ])
    header = ["corpus", "checker", "µs/line (wall)", "µs/line (CPU)", "files/s", "peak RSS MiB",
              "Δ RSS vs base", "startup ms", "findings", "ALP ÷ this"]
    return _table(header, rows)


def size_table(results: Results, sweep: list[tuple[int, CorpusInfo]]) -> list[str]:
    rows = []
    for size, corpus in sweep:
        alp, base = results.cost(ASYNCLOOP, corpus), results.cost(BASE, corpus)
        rows.append([
            f"{size:,}", f"{corpus.files:,}", f"{corpus.lines:,}",
            f"{alp.us_per_line:,.1f} ± {alp.half_range:,.1f}" if alp else "—",
            _num(alp.us_per_line * corpus.lines / corpus.files / 1000 if alp else None),
            _num(base.us_per_line if base else None),
            _num(alp.peak_rss_mib if alp else None),
            _num(alp.peak_rss_mib - base.peak_rss_mib if alp and base else None),
        ])
    header = ["lines per file", "files", "lines", "ALP µs/line", "ALP ms/file", "base µs/line",
              "ALP peak RSS MiB", "ALP Δ RSS vs base"]
    return _table(header, rows)


def depth_table(results: Results, sweep: list[tuple[int, CorpusInfo, int]]) -> list[str]:
    rows = []
    for depth, corpus, chain_lines in sweep:
        alp = results.cost(ASYNCLOOP, corpus)
        rows.append([
            str(depth), f"{corpus.files:,}", f"{corpus.lines:,}", f"{chain_lines:,}",
            f"{alp.us_per_line:,.1f} ± {alp.half_range:,.1f}" if alp else "—",
            _num(alp.us_per_line * corpus.lines / corpus.files / 1000 if alp else None, 2),
            f"{alp.findings:,}" if alp else "—",
        ])
    header = ["conftest depth", "test files", "test lines", "conftest lines in chain", "ALP µs/line",
              "ALP ms/file", "ALP findings"]
    return _table(header, rows)


def memory_table(results: Results, sweep: list[tuple[int, CorpusInfo]]) -> list[str]:
    rows = []
    for count, corpus in sweep:
        alp, base = results.cost(ASYNCLOOP, corpus), results.cost(BASE, corpus)
        rows.append([
            f"{count:,}", f"{corpus.lines:,}", _num(base.peak_rss_mib if base else None),
            _num(alp.peak_rss_mib if alp else None),
            _num(alp.peak_rss_mib - base.peak_rss_mib if alp and base else None),
            _num(alp.us_per_line if alp else None),
        ])
    header = ["test files", "lines (all files)", "base peak RSS MiB", "ALP peak RSS MiB", "ALP − base MiB",
              "ALP µs/line"]
    return _table(header, rows)


def _verdict(passed: bool | None) -> str:
    return {True: "**met**", False: "**missed**", None: "not measured"}[passed]


def _against_bugbear(results: Results, corpora: list[CorpusInfo], bugbear: Checker | None,
                     factor: float) -> tuple[str, str]:
    """ALP's cost against factor × bugbear's on each corpus: (figures, verdict).

    The verdict is judged on wall time, as the issue asks; where CPU time would judge
    otherwise (a busy machine inflates wall time), the verdict says so.
    """
    figures, wall_ok, cpu_ok = [], [], []
    for corpus in corpora:
        alp = results.cost(ASYNCLOOP, corpus)
        bug = results.cost(bugbear, corpus) if bugbear else None
        if alp and bug:
            figures.append(
                f"{corpus.name}: ALP {alp.us_per_line:.1f} vs bugbear {bug.us_per_line:.1f} µs/line, "
                f"limit {bug.us_per_line * factor:.1f} (CPU: {alp.cpu_us_per_line:.1f} vs "
                f"{bug.cpu_us_per_line:.1f}, limit {bug.cpu_us_per_line * factor:.1f})"
            )
            wall_ok.append(alp.us_per_line <= bug.us_per_line * factor)
            cpu_ok.append(alp.cpu_us_per_line <= bug.cpu_us_per_line * factor)
    if not figures:
        return "—", _verdict(None)
    verdict = _verdict(all(wall_ok))
    if all(cpu_ok) != all(wall_ok):
        verdict += f" (on CPU time: {_verdict(all(cpu_ok))})"
    return "; ".join(figures), verdict


def targets(results: Results, corpora: list[CorpusInfo], bugbear: Checker | None,
            memory: list[tuple[int, CorpusInfo]]) -> list[str]:
    """The issue's three targets, each with the figures it was judged on."""
    heavy = [c for c in corpora if "tests" in c.name and c.async_share >= ASYNC_HEAVY_SHARE]
    no_async = [c for c in corpora if c.async_share == 0]
    rows = []
    rows.append([f"async-heavy test code (≥ {ASYNC_HEAVY_SHARE:.0%} of files async): ALP ≤ bugbear",
                 *_against_bugbear(results, heavy, bugbear, 1.0)])
    rows.append([f"no async constructs: ALP ≤ {NO_ASYNC_FACTOR:g} × bugbear",
                 *_against_bugbear(results, no_async, bugbear, NO_ASYNC_FACTOR)])
    deltas = [(count, results.cost(ASYNCLOOP, c), results.cost(BASE, c)) for count, c in memory]
    deltas = [(count, alp.peak_rss_mib - base.peak_rss_mib) for count, alp, base in deltas if alp and base]
    figures, passed = "—", None
    if len(deltas) >= 2:
        growth = deltas[-1][1] - deltas[0][1]
        figures = (f"ALP − base: {deltas[0][1]:.1f} MiB at {deltas[0][0]:,} files, {deltas[-1][1]:.1f} MiB "
                   f"at {deltas[-1][0]:,} files (growth {growth:+.1f} MiB, limit {MEMORY_GROWTH_MIB:g})")
        passed = growth <= MEMORY_GROWTH_MIB
    rows.append(["peak memory does not grow with the number of files", figures, _verdict(passed)])
    return _table(["target", "measured", "verdict"], rows)
