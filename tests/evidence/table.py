"""The README's evidence table: what each bad/good project did on this machine, and with which versions.

Regenerate it (from the repository root) with ``python -m tests.evidence.table``; the evidence suite
fails when the README no longer matches what a run observes, so versions are never typed by hand.
Symptoms are the ones the recorder plugin saw, as exception (or warning) type and message.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Mapping

from .cases import EVIDENCE, KNOWN_SYMPTOMS, Evidence
from .harness import REPO_ROOT, ProjectRun, run_project
from .postgres import postgres_server
from .record import Symptom
from .redis_server import redis_server

README = REPO_ROOT / "README.md"
START_MARKER = "<!-- evidence-table:start -->"
END_MARKER = "<!-- evidence-table:end -->"
VERSIONED_DISTRIBUTIONS = ("pytest", "pytest-asyncio", "SQLAlchemy", "asyncpg", "anyio", "redis")

Runs = Mapping[tuple[str, str], ProjectRun]


def observed_symptoms(run: ProjectRun) -> list[Symptom]:
    """The known symptoms the recorder saw in the run."""
    return [symptom for symptom in KNOWN_SYMPTOMS if symptom.shown_by(run.record)]


def hidden_symptoms(evidence: Evidence, runs: Runs) -> list[Symptom]:
    """What the suppression hides: shown once it is removed (the unhidden run), absent from the bad run."""
    if not evidence.hidden:
        return []
    bad, unhidden = runs[evidence.code, "bad"].record, runs[evidence.code, "unhidden"].record
    return [symptom for symptom in evidence.hidden if symptom.shown_by(unhidden) and not symptom.shown_by(bad)]


def _symptom_cell(evidence: Evidence, runs: Runs) -> str:
    cell = "; ".join(f"`{symptom}`" for symptom in observed_symptoms(runs[evidence.code, "bad"])) or "none"
    hidden = hidden_symptoms(evidence, runs)
    if hidden:
        cell += "; hides " + "; ".join(f"`{symptom}`" for symptom in hidden) + " (seen once the suppression is removed)"
    return cell


def render(runs: Runs, postgres_version: str) -> str:
    lines = [
        "| code | reproduced | bad project | symptom the recorder saw (type: message) | fixed project |",
        "|---|---|---|---|---|",
    ]
    for evidence in EVIDENCE:
        bad, good = runs[evidence.code, "bad"], runs[evidence.code, "good"]
        lines.append(
            f"| {evidence.code} | {evidence.why} | {bad.tally()} | {_symptom_cell(evidence, runs)} | {good.tally()} |"
        )
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}" for name in VERSIONED_DISTRIBUTIONS
    )
    lines += [
        "",
        f"Observed with {versions}, PostgreSQL {postgres_version}. "
        "Regenerate with `python -m tests.evidence.table`.",
    ]
    return "\n".join(lines)


def readme_table() -> str | None:
    """The table currently between the README's markers, or None when there are no markers."""
    if not README.exists():
        return None
    text = README.read_text()
    start, end = text.find(START_MARKER), text.find(END_MARKER)
    if start < 0 or end < start:
        return None
    return text[start + len(START_MARKER):end].strip("\n")


def write_readme(table: str) -> None:
    """Replace what is between the markers; create a README holding only the markers if needed."""
    if not README.exists():
        README.write_text(f"# flake8-asyncloop\n\n## Runtime evidence\n\n{START_MARKER}\n{END_MARKER}\n")
    text = README.read_text()
    start, end = text.index(START_MARKER) + len(START_MARKER), text.index(END_MARKER)
    README.write_text(f"{text[:start]}\n{table}\n{text[end:]}")


def main() -> None:
    with postgres_server() as postgres, redis_server() as redis:
        runs = {
            (evidence.code, variant): run_project(
                evidence.project(variant),
                {
                    **(postgres.project_env() if evidence.needs_postgres else {}),
                    **(redis.project_env() if evidence.needs_redis else {}),
                } or None,
            )
            for evidence in EVIDENCE
            for variant in evidence.variants
        }
        write_readme(render(runs, postgres.version))
    print(f"updated {README}")


if __name__ == "__main__":
    main()
