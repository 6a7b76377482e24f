"""What a fixer hands back for a finding: a fix (edits of the file, imports, pytest config keys), or the
reason it leaves the finding alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # libcst is imported only once there is something to fix
    import libcst as cst

NodeEdit = Callable[["cst.CSTNode"], "cst.CSTNode | cst.RemovalSentinel"]


@dataclass(frozen=True)
class ImportNeed:
    """``import module``, or ``from module import name`` when ``name`` is given."""

    module: str
    name: str | None = None
    beside: str | None = None  # an imported local name the new import goes next to (pytest_asyncio beside pytest)


@dataclass(frozen=True)
class ConfigEdit:
    """One key to set in the project's pytest config file."""

    path: str
    key: str
    value: str


@dataclass
class Fix:
    code: str
    line: int
    column: int  # 1-based, as flake8 prints it
    safe: bool  # keeps what the tests do; an unsafe fix changes which loop runs what (ruff's meaning)
    title: str
    edits: list[tuple[cst.CSTNode, NodeEdit]] = field(default_factory=list)  # node of SourceFile.module, edit
    imports: list[ImportNeed] = field(default_factory=list)
    unused_after: list[str] = field(default_factory=list)  # imported names the edits may leave unused: dropped then
    config: list[ConfigEdit] = field(default_factory=list)


@dataclass(frozen=True)
class Declined:
    code: str
    line: int
    column: int
    reason: str
