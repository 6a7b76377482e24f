"""The rule pages, the README rule table and the changelog agree with ``registry.py``.

Examples in ``docs/rules/ALPnnn.md`` are test data.  A fenced block whose info string
is ``<language> <role> [<path>]`` belongs to an example tree:

* role ``bad`` blocks sit under ``## Bad example``; linted together they must report
  the page's code.  Role ``fixed`` blocks sit under ``## Fix``; they must report nothing.
* ``<path>`` is where the block is written, relative to the tree root.  A ``python``
  block without a path is ``tests/test_example.py``; other languages need a path
  (```` ```ini bad pytest.ini ````, ```` ```python fixed app/main.py ````).
* A tree without a pytest config file gets an empty ``pytest.ini`` at its root, so
  pytest-asyncio's defaults apply (strict mode, fixture loop scope unset, test loop
  scope function) and nothing above ``tmp_path`` is discovered.
* A line ``<!-- asyncloop-options: --asyncio-mode=auto -->`` anywhere in a section passes
  those flake8 options when that section's tree is linted.

Every ``.py`` file of a tree is linted in-process, as flake8 would lint it from the tree.
Blocks without a role (plain ```` ```python ````) are illustrations and are not run.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from flake8_asyncloop.checker import check_source
from flake8_asyncloop.registry import CODES

from .expectations import settings_for

ROOT = Path(__file__).resolve().parent.parent
RULE_DOCS = ROOT / "docs" / "rules"
README = ROOT / "README.md"
CHANGELOG = ROOT / "CHANGELOG.md"

SECTIONS = (
    "## What it detects",
    "## Why it breaks",
    "## Bad example",
    "## Fix",
    "## Options",
    "## Version notes",
    "## References",
)
ROLE_SECTION = {"bad": "## Bad example", "fixed": "## Fix"}
DEFAULT_TEST_FILE = "tests/test_example.py"
PYTEST_CONFIG_NAMES = (
    "pytest.toml", ".pytest.toml", "pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg",
)
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
OPTIONS_COMMENT = re.compile(r"<!--\s*asyncloop-options:(?P<options>.*?)-->")


@dataclass
class ExampleTree:
    """The files of one role of one page, and the flake8 options to lint them with."""

    files: dict[str, str] = field(default_factory=dict)
    options: list[str] = field(default_factory=list)

    def write(self, root: Path) -> list[Path]:
        for relative, text in self.files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if not any(Path(relative).name in PYTEST_CONFIG_NAMES and Path(relative).parent == Path(".")
                   for relative in self.files):
            (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        return [root / relative for relative in self.files if relative.endswith(".py")]


def page_path(code: str) -> Path:
    return RULE_DOCS / f"{code}.md"


def sections_of(text: str) -> dict[str, str]:
    """``## Heading`` → the text up to the next ``## `` heading (fenced blocks never hold one)."""
    parts = re.split(r"^(## .+)$", text, flags=re.MULTILINE)
    return {heading.strip(): body for heading, body in zip(parts[1::2], parts[2::2])}


def example_tree(section: str, role: str) -> ExampleTree:
    tree = ExampleTree()
    for match in OPTIONS_COMMENT.finditer(section):
        tree.options.append(match["options"].strip())
    for match in FENCE.finditer(section):
        words = match["info"].split()
        if len(words) < 2 or words[1] != role:
            continue
        language, path = words[0], words[2] if len(words) > 2 else None
        if path is None:
            if language != "python":
                raise ValueError(f"a {language} {role} block needs a path")
            path = DEFAULT_TEST_FILE
        tree.files[path] = tree.files.get(path, "") + match["body"]
    return tree


def page_example(code: str, role: str) -> ExampleTree:
    return example_tree(sections_of(page_path(code).read_text(encoding="utf-8"))[ROLE_SECTION[role]], role)


def lint_tree(tree: ExampleTree, root: Path) -> set[str]:
    """``path:line:col: CODE`` for every finding in the tree's Python files."""
    settings = settings_for(f"# asyncloop-options: {' '.join(tree.options)}", pin_defaults=False)
    reports = set()
    for path in tree.write(root):
        source = path.read_text(encoding="utf-8")
        for finding in check_source(str(path), source, ast.parse(source), settings, contain=False):
            reports.add(f"{path.relative_to(root)}:{finding.line}:{finding.col + 1}: {finding.code}")
    return reports


def test_every_registry_code_has_a_page_and_every_page_a_code() -> None:
    pages = {path.stem for path in RULE_DOCS.glob("*.md")}
    assert sorted(set(CODES) - pages) == [], "codes without docs/rules/<code>.md"
    assert sorted(pages - set(CODES)) == [], "pages for codes that are not in registry.py"


@pytest.mark.parametrize("code", sorted(CODES))
def test_page_has_title_and_sections_in_order(code: str) -> None:
    text = page_path(code).read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# {code}: {CODES[code].slug}"
    headings = [line.strip() for line in text.splitlines() if line.startswith("## ")]
    assert headings == list(SECTIONS)
    sections = sections_of(text)
    for heading in SECTIONS:
        assert sections[heading].strip(), f"{heading} is empty"
    for heading in ("## Version notes", "## References"):
        assert re.search(r"\]\(https?://", sections[heading]), f"{heading} cites no source"


@pytest.mark.parametrize("code", sorted(CODES))
def test_page_options_say_how_to_enable_default_off_codes(code: str) -> None:
    options = sections_of(page_path(code).read_text(encoding="utf-8"))["## Options"].lower()
    if CODES[code].default_on:
        assert "on by default" in options
    else:
        assert "off by default" in options and "--extend-select" in options


def marked_findings(tree: ExampleTree) -> set[tuple[str, int, str]]:
    """(path, line, code) for every ``# ALPnnn`` comment in the Python files of an example: where the page
    says the finding lands."""
    marked = set()
    for relative, text in tree.files.items():
        if not relative.endswith(".py"):
            continue
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                marked.update((relative, token.start[0], code) for code in re.findall(r"\bALP\d{3}\b", token.string))
    return marked


@pytest.mark.parametrize("code", sorted(CODES))
def test_bad_example_is_reported_with_its_code_where_the_page_marks_it(code: str, tmp_path: Path) -> None:
    """The page marks the offending line with ``# ALPnnn``; flake8 reports exactly there, nothing else."""
    tree = page_example(code, "bad")
    assert any(path.endswith(".py") for path in tree.files), "no ```python bad block under ## Bad example"
    marked = marked_findings(tree)
    assert marked, "the bad example marks no line with a '# ALPnnn' comment"
    assert {marked_code for _path, _line, marked_code in marked} == {code}, f"only {code} may be marked: {marked}"
    reports = {(report.split(":")[0], int(report.split(":")[1]), report.rsplit(" ", 1)[1])
               for report in lint_tree(tree, tmp_path)}
    assert reports == marked, f"reported {sorted(reports)}, the page marks {sorted(marked)}"


@pytest.mark.parametrize("code", sorted(CODES))
def test_fixed_example_is_clean(code: str, tmp_path: Path) -> None:
    tree = page_example(code, "fixed")
    assert any(path.endswith(".py") for path in tree.files), "no ```python fixed block under ## Fix"
    assert sorted(lint_tree(tree, tmp_path)) == []


@pytest.mark.parametrize("code", sorted(CODES))
def test_examples_sit_in_their_own_section(code: str) -> None:
    text = page_path(code).read_text(encoding="utf-8")
    for heading, body in sections_of(text).items():
        for match in FENCE.finditer(body):
            words = match["info"].split()
            role = words[1] if len(words) > 1 else None
            if role in ROLE_SECTION:
                assert ROLE_SECTION[role] == heading, f"a {role} block sits under {heading}"


# -- README --------------------------------------------------------------------------------

RULE_TABLE_START = "<!-- rule-table:start -->"
RULE_TABLE_END = "<!-- rule-table:end -->"


def expected_rule_table() -> str:
    lines = ["| code | slug | what it detects | default |", "|---|---|---|---|"]
    for code in CODES.values():
        summary = code.summary.replace("|", "\\|")
        state = "on" if code.default_on else "off"
        lines.append(f"| [{code.code}](docs/rules/{code.code}.md) | `{code.slug}` | {summary} | {state} |")
    return "\n".join(lines)


def test_readme_rule_table_matches_the_registry() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(RULE_TABLE_START), text.index(RULE_TABLE_END)
    table = text[start + len(RULE_TABLE_START):end].strip()
    expected = expected_rule_table()
    assert table == expected, f"README rule table is stale; replace it with:\n{expected}"


def test_readme_keeps_the_sections_other_owners_fill() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.count("<!-- evidence-table:start -->") == 1
    assert text.count("<!-- evidence-table:end -->") == 1
    assert text.index("<!-- evidence-table:start -->") < text.index("<!-- evidence-table:end -->")
    assert re.search(r"^## Performance$", text, re.MULTILINE)


def test_readme_quick_start_has_exactly_two_commands() -> None:
    quick_start = sections_of(README.read_text(encoding="utf-8"))["## Quick start"]
    commands = [match["body"].strip() for match in FENCE.finditer(quick_start)]
    assert commands == [
        "python -m pip install . && flake8 --select ALP sample/",
        "python -m pip install -e '.[test]' && python -m pytest",
    ]


# -- CHANGELOG -------------------------------------------------------------------------------

def test_changelog_first_release_names_every_code_with_its_slug() -> None:
    from flake8_asyncloop import __version__

    text = CHANGELOG.read_text(encoding="utf-8")
    first_release = re.search(r"^## \[?0\.1\.0\]?.*?(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert first_release, "CHANGELOG.md has no 0.1.0 section"
    for code in CODES.values():
        assert f"{code.code}" in first_release[0] and code.slug in first_release[0], code.code
    assert re.search(rf"^## \[?{re.escape(__version__)}\]?", text, re.MULTILINE), \
        f"CHANGELOG.md has no section for the current version {__version__}"
