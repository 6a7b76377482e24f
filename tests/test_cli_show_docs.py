"""``--asyncloop-show-docs`` ends each message with the URL of the code's page, for first-time readers."""

from __future__ import annotations

import sys
from pathlib import Path

from flake8_asyncloop.registry import CODES, docs_url

from .flake8_runner import findings, run_flake8, write_tree

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PROJECT = {
    "requirements.txt": "pytest-asyncio\n",
    "pytest.ini": "[pytest]\n",
    "conftest.py": """
        import pytest


        @pytest.fixture(scope="session")
        def event_loop():
            pass
    """,
}


def test_the_url_is_the_page_under_the_project_homepage() -> None:
    homepage = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Homepage"]
    for code in CODES:
        assert docs_url(code) == f"{homepage}/blob/main/docs/rules/{code}.md"
        assert (ROOT / "docs" / "rules" / f"{code}.md").is_file()


def test_off_by_default_on_with_the_option_or_the_config(tmp_path: Path) -> None:
    root = write_tree(tmp_path, PROJECT)
    plain = run_flake8(root, ".")
    assert findings(plain) == [("conftest.py", 5, 1, "ALP001")] and "(see https://" not in plain.stdout
    asked = run_flake8(root, "--asyncloop-show-docs", ".")
    assert findings(asked) == findings(plain)
    assert asked.stdout.rstrip().endswith(f"(see {docs_url('ALP001')})")
    (root / "setup.cfg").write_text("[flake8]\nasyncloop-show-docs = true\n")
    assert run_flake8(root, ".").stdout.rstrip().endswith(f"(see {docs_url('ALP001')})")
