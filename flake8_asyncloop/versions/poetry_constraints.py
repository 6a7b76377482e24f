"""Poetry's version constraint syntax, translated to PEP 440 so that ``packaging`` does all the comparing.

``[tool.poetry.*dependencies]`` tables are not PEP 440: ``^1.2``, ``~1.2``, a bare ``1.2.3``, ``1.2.*``,
clauses joined by commas *or* spaces, and ``||`` between alternatives.  The rules followed here are the ones
Poetry documents under "Dependency specification" (caret, tilde, wildcard, inequality and exact
requirements; multiple requirements with commas; ``||`` alternatives):

====================  ===========================
Poetry                PEP 440
====================  ===========================
``^1.2.3``            ``>=1.2.3,<2.0.0``
``^1.2`` / ``^1``     ``>=1.2,<2.0`` / ``>=1,<2``
``^0.2.3``            ``>=0.2.3,<0.3.0``
``^0.0.3``            ``>=0.0.3,<0.0.4``
``^0.0`` / ``^0``     ``>=0.0,<0.1`` / ``>=0,<1``
``~1.2.3`` / ``~1.2``  ``>=1.2.3,<1.3.0`` / ``>=1.2,<1.3``
``~1``                ``>=1,<2``
``*`` / ``1.*``       any / ``==1.*``
``1.2.3`` / ``=1.2.3``  ``==1.2.3``
``>=1.2 <2``          ``>=1.2,<2``
``^1 || ^2``          ``>=1,<2`` or ``>=2,<3``
====================  ===========================

The upper bounds keep as many release segments as the constraint wrote (``^1.2`` → ``<2.0``), which PEP 440
compares equal to Poetry's padded form (``<2.0.0``).
"""
from __future__ import annotations

import re

from packaging.specifiers import SpecifierSet
from packaging.version import Version

_CLAUSE = re.compile(r"(?P<operator>\^|~=|~|===|==|!=|>=|<=|>|<|=)?\s*(?P<version>[0-9A-Za-z*][0-9A-Za-z.*+!_-]*)")
_SEPARATORS = re.compile(r"[\s,]*")


def poetry_constraint_to_pep440(constraint: str) -> tuple[str, ...]:
    """Translate one Poetry constraint into one PEP 440 specifier string per ``||`` alternative.

    An empty string stands for "any version" (``*``).  Raises ``ValueError`` for text that is neither.
    """
    alternatives = tuple(_translate_alternative(part) for part in constraint.split("||"))
    for alternative in alternatives:
        SpecifierSet(alternative)  # raises InvalidSpecifier (a ValueError) for a malformed translation
    return alternatives


def poetry_constraint_to_specifiers(constraint: str) -> tuple[SpecifierSet, ...]:
    """The same translation as specifier sets; ``()`` when the constraint admits any version."""
    alternatives = poetry_constraint_to_pep440(constraint)
    if any(alternative == "" for alternative in alternatives):
        return ()
    return tuple(SpecifierSet(alternative) for alternative in alternatives)


def _translate_alternative(text: str) -> str:
    clauses = []
    position = _SEPARATORS.match(text, 0).end()
    while position < len(text):
        match = _CLAUSE.match(text, position)
        if match is None:
            raise ValueError(f"not a Poetry version constraint: {text.strip()!r}")
        clauses.append(_translate_clause(match["operator"] or "", match["version"]))
        position = _SEPARATORS.match(text, match.end()).end()
    return ",".join(clause for clause in clauses if clause)


def _translate_clause(operator: str, version: str) -> str:
    if operator == "^":
        return _bounded(version, _caret_bump_index(Version(version).release))
    if operator == "~":
        return _bounded(version, 0 if len(Version(version).release) == 1 else 1)
    if operator == "~=" and len(Version(version).release) == 1:
        return _bounded(version, 0)  # PEP 440 needs two segments after ~=; Poetry reads ~=1 as ~1
    if operator in ("", "=", "=="):
        return "" if version == "*" else f"=={version}"
    return f"{operator}{version}"


def _caret_bump_index(release: tuple[int, ...]) -> int:
    """Caret allows changes that keep the leftmost non-zero segment; all zeros bump the last one written."""
    for index, segment in enumerate(release):
        if segment != 0:
            return index
    return len(release) - 1


def _bounded(version: str, bump_index: int) -> str:
    lower = Version(version)
    upper = list(lower.release[: bump_index + 1])
    upper[bump_index] += 1
    upper += [0] * (len(lower.release) - len(upper))
    return f">={lower},<{'.'.join(map(str, upper))}"
