"""What the tracer answers about an expression: is it bound to an event loop, what is it, where was it
made, and the chain of steps that proves it."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from ..catalog import Factory, Kind
from ..verdict import Verdict

_MAX_CHAIN = 5


@dataclass(frozen=True)
class Value:
    """One traced value.

    ``bound``: YES when the value is tied to the loop it was made (or first used) on — a catalogue
    resource, something derived from one, an asyncio primitive or task, or an object holding one;
    NO for data (literals, strings, ``None``, containers of those, sync objects); UNKNOWN otherwise.
    ``chain`` holds the steps that make the answer true, outermost first, for messages.
    """

    bound: Verdict
    label: str = "a value"
    kind: Kind | None = None
    factory: Factory | None = None
    creation: ast.Call | None = None  # the call that made it, when known
    path: str | None = None  # the file ``creation`` is in
    chain: tuple[str, ...] = ()
    managed: bool = False  # entered with ``async with``/``with``: closed when the block ends
    made_on: object = None  # the Loop an async fixture made it on (set by fixture hops)
    binds_now: bool = False  # needs a running loop when constructed (aiohttp's ClientSession)
    makes: Factory | None = None  # calling this value makes a resource of that row (a session maker)
    loop_free_driver: bool = False  # its driver binds nothing to a loop (aiosqlite), nor does what it makes
    facts: object = field(default=None, compare=False, repr=False)  # FileFacts of ``creation``

    @property
    def is_resource(self) -> bool:
        return self.kind is not None

    def step(self, text: str) -> Value:
        """This value, reached through one more step (prepended to the chain)."""
        chain = (text, *self.chain)[:_MAX_CHAIN]
        return replace(self, chain=chain)

    def through(self, prefix: str) -> Value:
        """This value as handed on by something: ``'db' (conftest.py:10) yields`` + its first step."""
        if not self.chain:
            return replace(self, chain=(f"{prefix} {self.label}",))
        return replace(self, chain=(f"{prefix} {self.chain[0]}", *self.chain[1:])[:_MAX_CHAIN])

    def on(self, origin: Value, connector: str) -> Value:
        """This value made from ``origin`` (a session from an engine): its own step, then the origin's."""
        if not origin.chain:
            return self
        steps = (*self.chain[:1], f"{connector} {origin.chain[0]}", *origin.chain[1:])
        return replace(self, chain=steps[:_MAX_CHAIN])

    def with_loop(self, loop) -> Value:
        return replace(self, made_on=loop)

    def entered(self) -> Value:
        return replace(self, managed=True)

    def why(self) -> str:
        """The chain as one phrase for a message."""
        return " — ".join(self.chain) if self.chain else self.label


UNKNOWN_VALUE = Value(Verdict.UNKNOWN, "a value that cannot be followed")
DATA = Value(Verdict.NO, "plain data")
NONE = Value(Verdict.NO, "None")


def merge(values: list[Value]) -> Value:
    """The value of a name bound several times: ``None`` placeholders drop out, the rest must agree."""
    meaningful = [value for value in values if value is not NONE] or values
    if not meaningful:
        return UNKNOWN_VALUE
    verdicts = {value.bound for value in meaningful}
    if len(verdicts) != 1:
        return UNKNOWN_VALUE
    verdict = verdicts.pop()
    if verdict is Verdict.YES:
        kinds = {value.kind for value in meaningful}
        if len(kinds) != 1:
            return replace(meaningful[0], kind=None, factory=None)
        return next((value for value in meaningful if value.creation is not None), meaningful[0])
    return meaningful[0]


def holding(values: list[Value], label: str) -> Value:
    """A container or object holding ``values``: bound when any of them is."""
    if not values:
        return Value(Verdict.NO, label)
    bound = Verdict.any_of(value.bound for value in values)
    if bound is Verdict.YES:
        inner = next(value for value in values if value.bound is Verdict.YES)
        return replace(inner, label=label, kind=None, factory=None, managed=False).step(f"{label} holds {inner.label}")
    return Value(bound, label)
