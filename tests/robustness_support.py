"""What the robustness and fuzzing tests share: every rule with its gate opened, and a strict project."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

from flake8_asyncloop.checker import check_source
from flake8_asyncloop.rules import RULES, Rule, Trigger

from .flake8_runner import write_tree

EVERY_RULE_UNGATED = [Rule(rule.codes, Trigger.of(("",)), rule.check) for rule in RULES]

STRICT_PROJECT = {
    "pytest.ini": "[pytest]\nasyncio_mode = strict\n",
    "tests/conftest.py": """
        import asyncio

        import pytest_asyncio


        @pytest_asyncio.fixture(scope="session", loop_scope="session")
        async def engine():
            yield asyncio.Queue()
    """,
}


def parse(source: str) -> ast.Module:
    """flake8's parse; generated code may draw SyntaxWarnings from Python itself, which are not ours."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source)


def parses(source: str) -> bool:
    try:
        parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def lint(path: Path, source: str, rules=EVERY_RULE_UNGATED):
    return check_source(str(path), source, parse(source), rules=rules, contain=False)


def make_strict_project(tmp_path_factory) -> Path:
    """For a module-scoped ``strict_project`` fixture in each test module."""
    return write_tree(tmp_path_factory.mktemp("strict"), STRICT_PROJECT)
