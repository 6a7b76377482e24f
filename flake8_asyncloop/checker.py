"""Run the rules on one file: gate, context, containment, order.

This is the whole pipeline; ``plugin.Plugin`` only adapts it to flake8's API.  A rule that
raises is contained: the file's other rules still report, and the failure is logged on
flake8's logger (visible with ``flake8 -v``).  With ``--asyncloop-target-versions`` the rules
run a second time as if those versions were installed; a finding that holds only then says so.
"""

from __future__ import annotations

import ast
import logging
import os
import warnings
from collections.abc import Iterable
from dataclasses import replace

from .context import FileContext, build_context
from .registry import Finding
from .rules import RULES, Rule
from .settings import Settings
from .versions import project_versions

LOG = logging.getLogger("flake8.asyncloop")


def check_source(
    filename: str,
    source: str,
    tree: ast.Module | None = None,
    settings: Settings | None = None,
    rules: Iterable[Rule] = RULES,
    contain: bool = True,
) -> list[Finding]:
    """Findings for one file, each reported once, sorted by position, code and message: flake8 keeps a
    plugin's order for equal positions, and the findings come from a set, whose order follows string
    hashing and so changes from one process to the next."""
    rules = tuple(rules)
    settings = settings or Settings()
    is_conftest = os.path.basename(filename) == "conftest.py"
    searched: dict = {}  # each trigger word is searched once per file, whichever rules share it
    candidates = [r for r in rules if r.trigger.matches(source, searched) or (is_conftest and r.every_conftest)]
    if not candidates:
        return []  # the common case for code without async constructs: a few literal scans, nothing parsed
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarnings of files read from disk must not reach flake8's output
        try:
            if tree is None:
                tree = ast.parse(source, filename=filename)
            found = _run(candidates, _context(filename, source, tree, settings, None), filename, contain)
            if settings.target_versions:
                target = _context(filename, source, tree, settings, settings.target_versions)
                known = {_key(finding) for finding in found}
                found |= {_only_under_target(finding, settings)
                          for finding in _run(candidates, target, filename, contain) if _key(finding) not in known}
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
            if not contain:
                raise
            LOG.info("flake8-asyncloop: %s cannot be analysed: %r", filename, error)
            return []
    return sorted(found, key=lambda finding: (finding.line, finding.col, finding.code, finding.message))


def _context(filename: str, source: str, tree: ast.Module, settings: Settings, targets: str | None) -> FileContext:
    def versions_for(root: str):
        model = project_versions(root, settings.versions, targets)
        return model.target if targets else model

    return build_context(filename, source, tree, settings, versions_for)


def _run(rules: list[Rule], context: FileContext, filename: str, contain: bool) -> set[Finding]:
    findings: set[Finding] = set()
    for rule in rules:
        try:
            findings.update(rule.check(context))
        except Exception as error:  # noqa: BLE001 - includes RecursionError; one rule must not take flake8 down
            if not contain:
                raise
            LOG.warning("flake8-asyncloop: rule %s failed on %s: %r", rule.name, filename, error)
    return findings


def _key(finding: Finding) -> tuple[int, int, str]:
    return (finding.line, finding.col, finding.code)


def _only_under_target(finding: Finding, settings: Settings) -> Finding:
    return replace(finding, message=f"{finding.message} [only with the target versions: {settings.target_versions}]")
