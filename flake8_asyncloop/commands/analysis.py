"""The analysis of one file as the commands read it: the checker's context and findings.

The context is assembled exactly as ``checker.check_source`` assembles it for the rules, so
what the loop map shows and what a fix relies on are the facts the findings came from.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import replace

from ..checker import check_source
from ..context import FileContext, build_context
from ..registry import Finding
from ..settings import Settings
from ..versions import project_versions


def file_context(path: str, source: str, settings: Settings, tree: ast.Module | None = None) -> FileContext:
    """The rules' view of ``path`` holding ``source``, judged by the target versions when they are given (the
    map previews an upgrade that way) and by the installed ones otherwise."""
    targets = settings.target_versions

    def versions_for(root: str):
        model = project_versions(root, settings.versions, targets)
        return model.target if targets else model

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarnings of the linted file are flake8's business, not ours
        tree = tree if tree is not None else ast.parse(source, filename=path)
        return build_context(path, source, tree, settings, versions_for)


def current_findings(path: str, source: str, settings: Settings, tree: ast.Module | None = None) -> list[Finding]:
    """What the plugin reports for ``source`` under the versions the tests run with.

    Findings that hold only under ``--asyncloop-target-versions`` are left out: a fix written for a
    library version the project does not run yet (``aclose()`` on redis-py 4) would break it today.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return check_source(path, source, tree, replace(settings, target_versions=None), contain=True)
