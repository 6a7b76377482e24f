"""How a rule is declared: a small function of the file context, its codes, its gate words.

``@rule("ALP001", trigger=r"event_loop")`` registers the function.  The trigger is a regular
expression searched in the raw source (``all_of(...)`` for several, ``any_case(...)`` for one
that matches in any case): when it does not match, the rule cannot report in this file and is
skipped before any tree work happens.  Rules read the context and the
syntax helpers; they never import one another.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from ..context import FileContext
from ..registry import CODES, Finding, make_finding
from ..syntax.nodes import is_main_guard

Check = Callable[[FileContext], Iterable[Finding]]


class AnyCase(str):
    """A trigger pattern matched whatever the case of the source (searched, in lower case, in the lowered
    source: a case-insensitive regex gets no fast literal scan)."""


def any_case(pattern: str) -> AnyCase:
    return AnyCase(pattern.lower())


@dataclass(frozen=True)
class Word:
    pattern: re.Pattern
    any_case: bool = False

    def found_in(self, source: str, found: dict) -> bool:
        """Searched at most once per file: rules sharing a word share the answer through ``found``."""
        key = (self.pattern.pattern, self.any_case)
        if key not in found:
            text = source
            if self.any_case:
                if _LOWERED not in found:
                    found[_LOWERED] = source.lower()
                text = found[_LOWERED]
            found[key] = self.pattern.search(text) is not None
        return found[key]


_LOWERED = ("lowered source",)


@dataclass(frozen=True)
class Trigger:
    """Words a file must contain for a rule to be able to report there: each group somewhere in the source,
    a group being alternatives (a pattern's top-level ``a|b|c``).

    Each alternative is searched on its own, and starts with a literal where it can: the regex engine then
    scans for that literal at memchr speed, where one pattern of alternatives (or of lookaheads) is tried at
    every position of the file."""

    groups: tuple[tuple[Word, ...], ...]
    patterns: tuple[str, ...] = ()  # as declared, one per group

    def matches(self, source: str, found: dict) -> bool:
        return all(any(word.found_in(source, found) for word in group) for group in self.groups)

    @classmethod
    def of(cls, patterns: tuple[str, ...]) -> Trigger:
        return cls(tuple(tuple(Word(re.compile(_literal_first(alternative)), isinstance(pattern, AnyCase))
                               for alternative in _alternatives(pattern)) for pattern in patterns), patterns)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (``|`` outside groups and classes)."""
    found, current, depth, in_class, index = [], "", 0, False, 0
    while index < len(pattern):
        character = pattern[index]
        if character == "\\":
            current += pattern[index:index + 2]
            index += 2
            continue
        if in_class:
            in_class = character != "]"
        elif character == "[":
            in_class = True
        elif character in "()":
            depth += 1 if character == "(" else -1
        elif character == "|" and depth == 0:
            found.append(current)
            current = ""
            index += 1
            continue
        current += character
        index += 1
    return [*found, current]


@dataclass(frozen=True)
class Rule:
    codes: tuple[str, ...]
    trigger: Trigger
    check: Check
    every_conftest: bool = False  # also runs on every conftest.py (config-file problems are reported there)

    @property
    def name(self) -> str:
        return self.check.__name__


RULES: list[Rule] = []


def rule(*codes: str, trigger: str | tuple[str, ...], every_conftest: bool = False) -> Callable[[Check], Check]:
    """Register ``check`` as the rule that reports ``codes`` (each must be in the registry); ``trigger`` is a
    pattern, or ``all_of(...)`` patterns."""
    for code in codes:
        if code not in CODES:
            raise ValueError(f"{code} is not in the registry")
    patterns = (trigger,) if isinstance(trigger, str) else tuple(trigger)
    for pattern in patterns:
        try:  # no global flags such as (?i): use any_case(); each alternative is searched on its own
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # Python 3.10 only warns about a misplaced global flag
                for alternative in _alternatives(pattern):
                    re.compile(f"(?:{alternative})")
        except (re.error, DeprecationWarning) as error:
            raise ValueError(f"{codes}: trigger {pattern!r}: an alternative cannot be searched alone: {error}") \
                from error

    def register(check: Check) -> Check:
        RULES.append(Rule(codes, Trigger.of(patterns), check, every_conftest))
        return check

    return register


_WORD_AFTER_BOUNDARY = re.compile(r"\\b([A-Za-z_][A-Za-z0-9_]*)")


def _literal_first(pattern: str) -> str:
    """``\\bword`` rewritten as ``word(?<!\\wword)``: the same matches, but a pattern that starts with a
    literal is found by the regex engine's fast literal scan (about 25 times faster on real files)."""
    return _WORD_AFTER_BOUNDARY.sub(lambda m: f"{m.group(1)}(?<!\\w{m.group(1)})", pattern)


def all_of(*patterns: str) -> tuple[str, ...]:
    """A trigger that matches only when every pattern occurs somewhere in the source."""
    return patterns


ASYNC_WORDS = r"\basync\b|\bawait\b"
# Import roots of every catalogued library: a resource created in a file needs one of them imported there.
_RESOURCE_MODULE_NAMES = ("sqlalchemy", "sqlmodel", "asyncpg", "psycopg", "psycopg_pool", "redis", "aioredis",
                          "httpx2?", "aiohttp", "databases", "motor", "aiopg", "aiomysql", "asyncio", "aioboto3",
                          "aiobotocore")
RESOURCE_MODULES = "|".join(rf"\b{name}\b" for name in _RESOURCE_MODULE_NAMES)


def at(node: ast.AST, code: str, **fields: object) -> Finding:
    """A finding positioned at ``node``: for a ``def``/``class`` its own line (not a decorator's), which
    is where a reader looks and where a ``# noqa`` goes."""
    return make_finding(code, getattr(node, "lineno", 1) or 1, getattr(node, "col_offset", 0) or 0, **fields)


def at_line(line: int, code: str, **fields: object) -> Finding:
    return make_finding(code, line, 0, **fields)


def version_note(ctx: FileContext, package: str) -> str:
    """``pytest-asyncio 0.21.2 from poetry.lock``: the version a verdict depends on and where it was read, the
    file shown relative to the directory flake8 runs in."""
    return shown_phrase(ctx, ctx.versions.version(package))


def shown_phrase(ctx: FileContext, resolved) -> str:
    root = ctx.versions.root
    if root is None or resolved.basis.value not in _READ_FROM_FILES:
        return resolved.phrase
    prefix = ctx.relative(str(root))
    return resolved.phrase if prefix == "." else replace(resolved, origin=f"{prefix}/{resolved.origin}").phrase


_READ_FROM_FILES = frozenset({"locked", "pinned", "range", "unconstrained"})


_EXPECTING_WARNINGS = frozenset({"pytest.warns", "pytest.deprecated_call", "pytest.raises"})


def expects_warning(ctx: FileContext, node: ast.AST) -> bool:
    """Inside ``with pytest.warns(...)``/``pytest.deprecated_call()``/``pytest.raises(...)``: a deprecated or
    failing API exercised on purpose."""
    syntax = ctx.facts.syntax
    for ancestor in syntax.ancestors(node):
        if isinstance(ancestor, (ast.With, ast.AsyncWith)):
            for item in ancestor.items:
                call = item.context_expr
                if isinstance(call, ast.Call) and ctx.qualname(call.func) in _EXPECTING_WARNINGS:
                    return True
    return False


def in_main_guard(ctx: FileContext, node: ast.AST) -> bool:
    """Under ``if __name__ == "__main__":`` — a script that owns its loop, not test code."""
    return any(isinstance(a, ast.If) and is_main_guard(a.test) for a in ctx.facts.syntax.ancestors(node))


def subclass_of(ctx: FileContext, class_node: ast.ClassDef, qualname: str, depth: int = 0) -> bool:
    """``class_node`` derives from ``qualname``, directly or through classes of this file."""
    if depth > 8:
        return False
    for base in class_node.bases:
        if ctx.qualname(base) == qualname:
            return True
        if isinstance(base, ast.Name):
            _scope, bindings = ctx.facts.syntax.lookup(base)
            if len(bindings) == 1 and isinstance(bindings[0], ast.ClassDef) and \
                    subclass_of(ctx, bindings[0], qualname, depth + 1):
                return True
    return False


_CONTEXT_MANAGERS = frozenset({"contextlib.asynccontextmanager"})


def cleanup_generators(ctx: FileContext) -> Iterator[ast.AsyncFunctionDef]:
    """Async generators that are not fixtures: FastAPI dependencies, lifespans, async context managers."""
    for function in ctx.facts.syntax.nodes(ast.AsyncFunctionDef):
        if ctx.facts.fixture_of(function) is not None or not ctx.facts.syntax.own_nodes(function, ast.Yield):
            continue
        if all(ctx.qualname(decorator) in _CONTEXT_MANAGERS for decorator in function.decorator_list):
            yield function
