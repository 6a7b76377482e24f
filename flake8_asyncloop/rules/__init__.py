"""Rule families; importing a family module registers its rules in ``base.RULES``."""

from . import asgi  # noqa: F401
from . import loop_scopes  # noqa: F401
from . import manual_loops  # noqa: F401
from . import ownership  # noqa: F401
from . import resources  # noqa: F401
from . import sharing  # noqa: F401
from . import suppression  # noqa: F401
from .base import RULES, Rule, Trigger

__all__ = ["RULES", "Rule", "Trigger"]
