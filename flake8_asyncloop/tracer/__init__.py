"""The value tracer: one place that follows a name to its value, for every rule."""

from .apps import APP_CLASSES, ROUTER_CLASSES, AppDefinition, Lifespan, Read
from .core import Tracer
from .value import DATA, NONE, UNKNOWN_VALUE, Value

__all__ = ["APP_CLASSES", "ROUTER_CLASSES", "AppDefinition", "DATA", "Lifespan", "NONE", "Read", "Tracer",
           "UNKNOWN_VALUE", "Value"]
