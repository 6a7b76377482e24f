"""The README's evidence table: what each bad/good project did on this machine, and with which versions.

Regenerate it (from the repository root) with ``python -m tests.evidence.table``; the evidence suite
fails when the README no longer matches what a run observes, so versions are never typed by hand.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Mapping

from .cases import EVIDENCE, KNOWN_SYMPTOMS
from .harness import REPO_ROOT, ProjectRun, run_project
from .postgres import postgres_server
from .redis_server import redis_server

README = REPO_ROOT / "README.md"
START_MARKER = "<!-- evidence-table:start -->"
END_MARKER = "<!-- evidence-table:end -->"
VARIANTS = ("bad", "good")
VERSIONED_DISTRIBUTIONS = ("pytest", "pytest-asyncio", "SQLAlchemy", "asyncpg", "anyio", "redis")

Runs = Mapping[tuple[str, str], ProjectRun]


def observed_symptoms(run: ProjectRun) -> list[str]:
    """The known symptoms that appear in the run's junit failures and errors."""
    texts = [problem.text for problem in run.problems if problem.kind in ("failed", "error")]
    return [symptom for symptom in KNOWN_SYMPTOMS if any(symptom in text for text in texts)]


def render(runs: Runs, postgres_version: str) -> str:
    lines = [
        "| code | reproduced | bad project | symptom in its junit report | fixed project |",
        "|---|---|---|---|---|",
    ]
    for evidence in EVIDENCE:
        bad, good = runs[evidence.code, "bad"], runs[evidence.code, "good"]
        symptoms = "; ".join(f"`{symptom}`" for symptom in observed_symptoms(bad)) or "none"
        lines.append(f"| {evidence.code} | {evidence.why} | {bad.tally()} | {symptoms} | {good.tally()} |")
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
            for variant in VARIANTS
        }
        write_readme(render(runs, postgres.version))
    print(f"updated {README}")


if __name__ == "__main__":
    main()
