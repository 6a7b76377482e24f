"""The resource catalogue against the rule data: every row has a reported case and a silent one.

A row is *exercised positively* when a finding in ``tests/data`` names its label
(``'engine' (create_async_engine())``, or the label first when the value has no name),
and *negatively* when the data creates it in a function or statement no finding points
into.  Module-level creations in application modules do not count as negatives: they may
be the far end of an ALP201 import finding.  The ``asyncloop-resource-factories`` syntax is checked here too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flake8_asyncloop.catalog import CLOSE_VOCABULARY, FACTORIES, parse_factory
from flake8_asyncloop.checker import check_source
from flake8_asyncloop.context import build_context
from flake8_asyncloop.versions import project_versions

from .expectations import data_files, settings_for

DATA = Path(__file__).parent / "data"


def _exercised() -> tuple[set[str], set[str]]:
    positive, negative = set(), set()
    for path in data_files(DATA):
        source = path.read_text(encoding="utf-8")
        settings = settings_for(source, pin_defaults=DATA / "projects" not in path.parents)
        findings = check_source(str(path), source, ast.parse(source), settings, contain=False)
        positive.update(row.label for row in FACTORIES for finding in findings if f"{row.label} at " in finding.message)
        context = build_context(str(path), source, ast.parse(source), settings,
                                lambda root: project_versions(root, settings.versions))
        lines = {finding.line for finding in findings}
        syntax = context.facts.syntax
        for call in syntax.nodes(ast.Call):
            row = context.tracer.made_by(call)
            if row is None:
                continue
            statement = _top_level_statement(syntax, call)
            if isinstance(syntax.owner(call), ast.Module) and not context.is_test_code:
                continue
            if not lines & set(range(statement.lineno, statement.end_lineno + 1)):
                negative.add(row.label)
    return positive, negative


def _top_level_statement(syntax, node: ast.AST) -> ast.AST:
    while not isinstance(syntax.parent(node), ast.Module):
        node = syntax.parent(node)
    return node


POSITIVE, NEGATIVE = _exercised()


@pytest.mark.parametrize("row", FACTORIES, ids=[row.label for row in FACTORIES])
def test_every_catalogue_row_has_a_reported_and_a_silent_case(row) -> None:
    assert row.label in POSITIVE, f"no finding in tests/data names {row.label}"
    assert row.label in NEGATIVE, f"no silent creation of {row.label} in tests/data"


def test_labels_identify_their_row() -> None:
    labels = [row.label for row in FACTORIES]
    assert len(labels) == len(set(labels))
    for label in labels:
        clashes = [other for other in labels
                   if other != label and (other.startswith(label) or f"({label}" in other)]
        assert clashes == []


def test_every_close_method_is_in_the_gate_vocabulary() -> None:
    methods = {close.method for row in FACTORIES for close in row.kind.closes}
    assert methods <= set(CLOSE_VOCABULARY)


@pytest.mark.parametrize(("spec", "method", "awaited"), [
    ("myapp.db.make_engine:dispose", "dispose", True),
    ("myapp.mongo.make_client:close:sync", "close", False),
    ("myapp.locks.make_lock", None, None),
])
def test_project_factory_syntax(spec, method, awaited) -> None:
    row = parse_factory(spec)
    assert row.name == spec.split(":")[0]
    closes = row.kind.closes
    assert [(close.method, close.awaited) for close in closes] == ([(method, awaited)] if method else [])


@pytest.mark.parametrize("spec", ["make_engine:dispose", "myapp.db.make:release", "myapp.db.make:close:async",
                                  "myapp.db.make:close:sync:extra", "my-app.db:close"])
def test_project_factory_syntax_errors(spec) -> None:
    with pytest.raises(ValueError):
        parse_factory(spec)
