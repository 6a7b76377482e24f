"""What several fixers need: how this file spells ``pytest``/``pytest_asyncio``, the decorator a finding
points at, the fixture or test behind it, and whether a pytest config key can be written."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator

import libcst as cst

from ...project.config import LOOP_SCOPES
from ...project.files import Fixture, TestFunction
from ...registry import Finding
from .model import ConfigEdit, Declined, Fix, ImportNeed
from .source import SourceFile
from .syntax_edits import expression, root_name


def new_fix(finding: Finding, safe: bool, title: str) -> Fix:
    return Fix(finding.code, finding.line, finding.col + 1, safe, title)


def declined(finding: Finding, reason: str) -> Declined:
    return Declined(finding.code, finding.line, finding.col + 1, reason)


class Unfixable(Exception):
    """Raised inside a fixer with the reason the finding is left alone."""


def each_finding(findings: Iterable[Finding], fix_one: Callable[[Finding], Fix]) -> Iterator[Fix | Declined]:
    """``fix_one`` of every finding, or the finding declined with the reason ``fix_one`` raised."""
    for finding in findings:
        try:
            yield fix_one(finding)
        except Unfixable as reason:
            yield declined(finding, str(reason))


def module_reference(file: SourceFile, module: str, beside: str | None = None) -> tuple[str, list[ImportNeed]]:
    """How to name ``module`` here: its existing alias, or its own name with the import to add."""
    alias = file.module_alias(module)
    if alias is not None:
        return alias, []
    if not file.is_free(module):
        raise Unfixable(f"'{module}' names something else in this module")
    return module, [ImportNeed(module, beside=file.module_alias(beside) if beside else None)]


def asyncio_fixture_decorator(file: SourceFile, fix: Fix, decorator: cst.Decorator,
                              current: cst.BaseExpression) -> None:
    """Make ``decorator`` (``@pytest.fixture(...)``, ``@fixture``) ``@pytest_asyncio.fixture(...)``, arguments
    kept; the import of what it used goes when nothing else uses it."""
    target = decorator.decorator
    if isinstance(target, cst.Call) and any(arg.keyword is None for arg in target.args):
        raise Unfixable("pytest_asyncio.fixture takes its options as keywords only")
    module, imports = module_reference(file, "pytest_asyncio", beside="pytest")
    fix.imports += imports
    old = current.func if isinstance(current, cst.Call) else current
    fix.unused_after += [name for name in [root_name(old)] if name]
    replacement = expression(f"{module}.fixture")

    def rename(node: cst.Decorator) -> cst.Decorator:
        inner = node.decorator
        if isinstance(inner, cst.Call):
            return node.with_changes(decorator=inner.with_changes(func=replacement))
        return node.with_changes(decorator=replacement)

    fix.edits.append((decorator, rename))


def where(node) -> Finding:
    """An analysed node's position, in the shape of a finding (to look the node up like one)."""
    return Finding(node.lineno, node.col_offset, "", "")


def decorator_at(file: SourceFile, finding: Finding) -> cst.Decorator:
    """The decorator whose expression starts where the finding is reported."""
    for node in file.nodes_at(finding, cst.Call, cst.Attribute, cst.Name):
        parent = file.parent(node)
        if isinstance(parent, cst.Decorator):
            return parent
    raise Unfixable("no decorator at the reported position")


def fixture_at(file: SourceFile, finding: Finding, by_decorator: bool) -> Fixture:
    """The fixture whose decorator (or ``def``) is where the finding is reported."""
    for fixture in file.context.facts.all_fixtures:
        node = fixture.decorator if by_decorator else fixture.node
        if (node.lineno, node.col_offset) == (finding.line, finding.col):
            return fixture
    raise Unfixable("no fixture at the reported position")


def requester_at(file: SourceFile, finding: Finding) -> tuple[Fixture | TestFunction, object]:
    """The test or fixture with a parameter where the finding is reported, and that parameter."""
    ctx = file.context
    for requester in (*ctx.facts.tests, *ctx.facts.all_fixtures):
        for parameter in requester.requests():
            if (parameter.lineno, parameter.col_offset) == (finding.line, finding.col):
                return requester, parameter
    raise Unfixable("no test or fixture parameter at the reported position")


def function_def(file: SourceFile, node) -> cst.FunctionDef:
    """The libcst ``def`` of an analysed test or fixture (found by its ``def`` line)."""
    found = file.node_at(where(node), cst.FunctionDef)
    if found is not None:
        return found
    raise Unfixable("the function is not where the analysis says")


def config_edits(file: SourceFile, values: dict[str, str]) -> list[ConfigEdit]:
    """Edits setting ``values`` in the pytest config file the project runs with, when each key can be written
    there (not pinned by the flake8 options or forced by ``addopts``)."""
    config = file.context.config
    if config.path is None:
        raise Unfixable("the project has no pytest config file to hold the setting")
    for key in values:
        source = config.sources.get(key, "")
        if source == "the flake8 options":
            raise Unfixable(f"{key} is set by the flake8 options, so the config the tests run with is elsewhere")
        if source.startswith("addopts"):
            raise Unfixable(f"{key} is forced by addopts in {config.shown_path}")
    return [ConfigEdit(config.path, key, value) for key, value in values.items()]


def known_scope(value: object) -> str | None:
    return value if isinstance(value, str) and value in LOOP_SCOPES else None


def covers_every_test(file: SourceFile, path: str) -> bool:
    """A conftest at ``path`` applies to every test pytest collects: it sits at the rootdir, or above every
    ``testpaths`` entry (so what it sets may become a project-wide setting)."""
    ctx = file.context
    directory = os.path.dirname(os.path.abspath(path))
    if directory == os.path.abspath(ctx.rootdir):
        return True
    roots = [os.path.abspath(os.path.join(ctx.rootdir, entry)) for entry in ctx.config.testpaths]
    return bool(roots) and all(root == directory or root.startswith(directory + os.sep) for root in roots)
