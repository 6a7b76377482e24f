"""The terminal excerpts of ``map`` and ``fix`` in README.md and docs/map.md are what the commands print.

Each ```console block holding a ``$ flake8-asyncloop ...`` line is replayed, command by command, on a
copy of ``sample/`` (so ``--write`` changes the copy only), and what the command prints (standard output,
then standard error, as a terminal shows them here) must be the lines that follow it in the block.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from flake8_asyncloop.commands.cli import main

ROOT = Path(__file__).resolve().parent.parent
CONSOLE = re.compile(r"^```console\n(.*?)^```$", re.MULTILINE | re.DOTALL)
DOCUMENTS = [ROOT / "README.md", ROOT / "docs" / "map.md"]


def excerpts(document: Path) -> list[list[tuple[str, str]]]:
    """(command, expected output) pairs of each console block that runs flake8-asyncloop."""
    found = []
    for block in CONSOLE.findall(document.read_text(encoding="utf-8")):
        if "$ flake8-asyncloop " not in block:
            continue
        pairs = []
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            pairs.append((command, output))
        found.append(pairs)
    return found


CASES = [(document, index) for document in DOCUMENTS for index in range(len(excerpts(document)))]


def test_the_documents_have_excerpts_to_check():
    assert [len(excerpts(document)) for document in DOCUMENTS] == [2, 1]


@pytest.mark.parametrize(("document", "index"), CASES, ids=[f"{d.name}-{i}" for d, i in CASES])
def test_an_excerpt_is_what_the_command_prints(document, index, tmp_path, capsys, monkeypatch):
    shutil.copytree(ROOT / "sample", tmp_path / "sample", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(tmp_path)
    for command, expected in excerpts(document)[index]:
        words = shlex.split(command)
        assert words[0] == "flake8-asyncloop"
        main(words[1:])
        captured = capsys.readouterr()
        assert captured.out + captured.err == expected, command
