"""pip requirements files: ``requirements*.txt`` and ``requirements/*.txt|*.in``, with their includes.

pip's file format (https://pip.pypa.io/en/stable/reference/requirements-file-format/) is followed as far as
a version can be read from it: ``#`` comments (at a line start or after whitespace), ``\\`` continuations,
``-r``/``--requirement`` and ``-c``/``--constraint`` includes resolved relative to the including file,
per-requirement options such as ``--hash=...`` dropped.  Lines that name no readable version are skipped:
other options, editables (``-e``), bare URLs or paths, and lines using ``${ENV}`` variables.
"""
from __future__ import annotations

import os.path
import re
from dataclasses import dataclass, field
from pathlib import Path

from .declarations import Declaration, declaration_from_pep508
from .discovery import StampLog

_COMMENT = re.compile(r"(^|\s+)#.*$")
_INCLUDE = re.compile(r"^(?:(?P<short>-[rc])\s*|(?P<long>--requirement|--constraint)(?:\s*=\s*|\s+))(?P<path>\S+)$")
_TRAILING_OPTIONS = re.compile(r"\s+--?[A-Za-z].*$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?://|/)")
_PATH = re.compile(r"^(?:\.{0,2}/|\.\.?$|[A-Za-z]:\\)")


@dataclass
class RequirementsReading:
    """What reading a set of requirements files produced; shared across the files one root reads."""

    root: Path
    stamps: StampLog
    declarations: list[Declaration] = field(default_factory=list)
    files_read: list[Path] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)
    _visited: set[Path] = field(default_factory=set)

    def read(self, path: Path, *, constrains_only: bool = False) -> None:
        """Read ``path`` and, depth first, the files it includes; each file once, whatever includes it."""
        resolved = path.resolve()
        if resolved in self._visited:
            return
        self._visited.add(resolved)
        self.stamps.take(path)  # a missing include too: it may appear later
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            self.unreadable.append(path)
            return
        self.files_read.append(path)
        origin_file = relative_origin(path, self.root)
        for line_number, line in _logical_lines(text):
            self._read_line(path, line, f"{origin_file}:{line_number}", constrains_only)

    def read_include_line(self, including_file: Path, line: str, *, constrains_only: bool = False) -> bool:
        """Follow a ``-r``/``-c`` line of ``including_file``; whether ``line`` was such an include at all."""
        include = _INCLUDE.match(line)
        if include is None:
            return False
        is_constraint = (include["short"] or include["long"]) in ("-c", "--constraint")
        target = include["path"]
        if "${" not in target and not _URL.match(target):
            self.read(including_file.parent / target, constrains_only=constrains_only or is_constraint)
        return True

    def _read_line(self, path: Path, line: str, origin: str, constrains_only: bool) -> None:
        if self.read_include_line(path, line, constrains_only=constrains_only):
            return
        if line.startswith("-") or "${" in line or _URL.match(line) or _PATH.match(line):
            return
        declaration = declaration_from_pep508(_TRAILING_OPTIONS.sub("", line), origin, constrains_only=constrains_only)
        if declaration is not None:
            self.declarations.append(declaration)


def relative_origin(path: Path, root: Path) -> str:
    """``path`` as messages show it: relative to the project root, with ``/`` separators."""
    try:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()  # "../../uv.lock" above the root
    except ValueError:  # Windows: another drive has no relative path
        return path.resolve().as_posix()


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with comments removed and ``\\`` continuations joined, each with the number of its first line."""
    logical: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate([*text.splitlines(), ""], start=1):  # the "" ends a trailing continuation
        if not pending:
            start = number
        line = _COMMENT.sub("", raw)
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        joined = " ".join(part.strip() for part in [*pending, line]).strip()
        pending = []
        if joined:
            logical.append((start, joined))
    return logical
