"""Run the rules on one file: gate, context, containment, order.

This is the whole pipeline; ``plugin.Plugin`` only adapts it to flake8's API.
A rule that raises is contained: the file's other rules still report, and the
failure is logged on flake8's logger (visible with ``flake8 -v``).
"""

from __future__ import annotations

import ast
import logging
import re
import warnings
from collections.abc import Iterable
from functools import lru_cache

from .context import FileContext
from .context.module import NestedTooDeeply
from .settings import Settings
from .registry import Finding
from .rules import RULES, Rule

LOG = logging.getLogger("flake8.asyncloop")


@lru_cache(maxsize=8)
def _any_trigger(rules: tuple[Rule, ...]) -> re.Pattern:
    """One pattern matching wherever any rule's trigger matches."""
    return re.compile("|".join(f"(?:{rule.trigger.pattern})" for rule in rules))


def check_source(
    filename: str,
    source: str,
    tree: ast.Module | None = None,
    settings: Settings | None = None,
    rules: Iterable[Rule] = RULES,
    contain: bool = True,
) -> list[Finding]:
    """Findings for one file, sorted by position and code, each reported once."""
    rules = tuple(rules)
    if not _any_trigger(rules).search(source):
        return []  # the common case for code without async constructs: one regex scan, no astroid
    candidates = [rule for rule in rules if rule.trigger.search(source)]
    context = FileContext(filename, source, tree, settings)
    findings: set[Finding] = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # astroid's warnings must not reach flake8's output
        for rule in candidates:
            try:
                findings.update(rule.check(context))
            except NestedTooDeeply:
                LOG.info("flake8-asyncloop: %s is nested too deeply to analyse", filename)
                break  # no rule can read this file; the others would only fail the same way
            except Exception as error:  # noqa: BLE001 - includes RecursionError; one rule must not take flake8 down
                if not contain:
                    raise
                LOG.warning("flake8-asyncloop: rule %s failed on %s: %r", rule.name, filename, error)
    return sorted(findings, key=lambda finding: (finding.line, finding.col, finding.code))
