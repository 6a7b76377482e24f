"""Syntax helpers: the one layer that knows ``ast`` trees, scopes and imports; everything above asks it."""

from .names import NameResolver, canonical
from .tree import DEFINITIONS, FUNCTIONS, SyntaxTree

__all__ = ["DEFINITIONS", "FUNCTIONS", "NameResolver", "SyntaxTree", "canonical"]
