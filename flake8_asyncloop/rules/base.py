"""How a rule is declared: a small function of the file context, its codes, its gate words.

``@rule("ALP001", trigger=r"event_loop")`` registers the function.  The trigger is
a regular expression searched in the raw source: when it does not match, the rule
cannot report in this file and is skipped before any astroid work happens.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from astroid import nodes

from ..context import FileContext
from ..registry import CODES, Finding, make_finding

Check = Callable[[FileContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    codes: tuple[str, ...]
    trigger: re.Pattern
    check: Check

    @property
    def name(self) -> str:
        return self.check.__name__


RULES: list[Rule] = []


def rule(*codes: str, trigger: str) -> Callable[[Check], Check]:
    """Register ``check`` as the rule that reports ``codes`` (each must be in the registry)."""
    for code in codes:
        if code not in CODES:
            raise ValueError(f"{code} is not in the registry")

    try:  # the trigger must embed in the combined gate: no global flags such as (?i)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # Python 3.10 only warns about a misplaced global flag
            re.compile(f"(?:{trigger})")
    except (re.error, DeprecationWarning) as error:
        raise ValueError(f"{codes}: trigger {trigger!r} cannot join the combined gate: {error}") from error

    def register(check: Check) -> Check:
        RULES.append(Rule(codes, re.compile(trigger), check))
        return check

    return register


def all_of(*patterns: str) -> str:
    """A trigger that matches only when every pattern occurs somewhere in the source."""
    return "(?s:^" + "".join(f"(?=.*?(?:{pattern}))" for pattern in patterns) + ")"


ASYNC_WORDS = r"\basync\b|\bawait\b"
# Import roots of every catalogued library: a resource created in a file needs one of them imported there.
RESOURCE_MODULES = (
    r"\b(?:sqlalchemy|sqlmodel|asyncpg|psycopg|psycopg_pool|redis|aioredis|httpx2?|aiohttp|databases|motor|aiopg"
    r"|aiomysql|asyncio)\b"
)


def at(node: nodes.NodeNG, code: str, **fields: object) -> Finding:
    """A finding positioned at ``node`` (its first line and column).

    For a function or class that is the ``def``/``class`` line, not its first decorator:
    that is where a reader looks and where a ``# noqa`` goes.
    """
    position = getattr(node, "position", None)
    if isinstance(node, (nodes.FunctionDef, nodes.ClassDef)) and position is not None:
        return make_finding(code, position.lineno, position.col_offset, **fields)
    return make_finding(code, node.lineno or 1, node.col_offset or 0, **fields)
