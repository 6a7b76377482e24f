"""Run the real flake8 executable, the way users and CI do, and read its findings."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

FORMAT = "%(path)s:%(row)d:%(col)d:%(code)s:%(text)s"


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Create ``files`` (relative path → dedented text) under ``root``."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def trap(marker: Path) -> str:
    """The first lines of every trapped project file: importing it leaves a trace and kills the process."""
    return f"import os\nopen({str(marker)!r}, 'a').write(__name__ + '\\n')\nos._exit(17)\n\n"


def write_trapped_tree(root: Path, files: dict[str, str], marker: Path) -> Path:
    """``write_tree`` with :func:`trap` before every Python file: what reads the project must not import it."""
    write_tree(root, files)
    for path in root.rglob("*.py"):
        path.write_text(trap(marker) + path.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def run_flake8(cwd: Path, *args: str, stdin: str | None = None, select: str = "ALP",
               launcher: Sequence[str] = (sys.executable, "-m", "flake8")) -> subprocess.CompletedProcess:
    """``launcher`` starts flake8: another interpreter, or a ``-c`` script that calls flake8's main."""
    command = [*launcher, f"--select={select}", f"--format={FORMAT}", *args]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120,
                          env=environment)


def findings(result: subprocess.CompletedProcess) -> list[tuple[str, int, int, str]]:
    """(path, row, col, code) per reported line; fails loudly on anything flake8 did not format."""
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == "", result.stderr
    rows = []
    for line in result.stdout.splitlines():
        path, row, col, code, _text = line.split(":", 4)
        rows.append((path.replace(os.sep, "/").removeprefix("./"), int(row), int(col), code))
    return rows
