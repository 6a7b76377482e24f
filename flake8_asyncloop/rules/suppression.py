"""ALP9xx: code that hides the symptoms of a resource finalised on the wrong or a closed loop.

Each rule reads one literal intent: an ``except`` that matches the loop error's
message and lets it pass, a warning filter whose action is ``ignore``, a hook
replaced by one that drops what it receives.  ``error::`` filters, handlers that
re-raise and hooks that record or forward are the opposite and stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from astroid import nodes

from ..context import FileContext
from ..context.apps import argument, own_nodes, single_binding
from ..registry import Finding
from .base import at, rule

LOOP_ERROR_PHRASES = (
    "event loop is closed", "attached to a different loop", "different loop", "different event loop",
)
CATCHES_RUNTIME_ERROR = frozenset({"builtins.RuntimeError", "builtins.Exception", "builtins.BaseException"})
EVIDENCE_CATEGORIES = frozenset({"PytestUnraisableExceptionWarning", "ResourceWarning"})
EVIDENCE_CATEGORY_NAMES = frozenset({
    "pytest.PytestUnraisableExceptionWarning", "builtins.ResourceWarning",
})
EVIDENCE_MESSAGES = ("never awaited", "unclosed", *LOOP_ERROR_PHRASES)
NEGATING_OPERATORS = frozenset({"not in", "!=", "is not"})
FAILS_TEST = frozenset({"pytest.fail"})
TRANSPORT_INTERNALS = frozenset({"__del__", "_check_closed"})
UNRAISABLE_FIX = "remove it and close each resource before its loop closes"


@rule("ALP901", trigger=r"(?i:event loop is closed|different (?:event )?loop)")
def loop_error_swallowed(ctx: FileContext) -> Iterator[Finding]:
    for handler in ctx.facts.nodes_of(nodes.ExceptHandler):
        if not _catches_runtime_error(ctx, handler.type):
            continue
        for branch in own_nodes(handler):
            if isinstance(branch, nodes.If):
                phrase = _swallowed_phrase(ctx, branch, handler)
                if phrase:
                    yield at(handler, "ALP901", text=phrase)
                    break


def _catches_runtime_error(ctx: FileContext, caught: nodes.NodeNG | None) -> bool:
    if caught is None:
        return True  # bare except
    if isinstance(caught, nodes.Tuple):
        return any(_catches_runtime_error(ctx, element) for element in caught.elts)
    return ctx.qualname(caught) in CATCHES_RUNTIME_ERROR


def _swallowed_phrase(ctx: FileContext, branch: nodes.If, handler: nodes.ExceptHandler) -> str | None:
    """The loop-error phrase ``branch`` tests the message for, when the matching path does not re-raise."""
    for constant in branch.test.nodes_of_class(nodes.Const):
        phrase = _loop_phrase(constant.value)
        if phrase is None:
            continue
        matched_path = branch.body if _true_when_matched(constant, branch.test) else branch.orelse
        if not _reraises(ctx, matched_path, branch, handler):
            return phrase
    return None


def _loop_phrase(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    lowered = value.lower()
    return next((value for phrase in LOOP_ERROR_PHRASES if phrase in lowered), None)


def _true_when_matched(constant: nodes.Const, test: nodes.NodeNG) -> bool:
    """Whether ``test`` is true when the message contains ``constant`` (``in`` vs ``not in``, ``not``)."""
    positive = True
    node = constant
    while node is not test and node.parent is not None:
        parent = node.parent
        if isinstance(parent, nodes.UnaryOp) and parent.op == "not":
            positive = not positive
        elif isinstance(parent, nodes.Compare) and any(op in NEGATING_OPERATORS for op, _ in parent.ops):
            positive = not positive
        node = parent
    return positive


def _reraises(
    ctx: FileContext, path: list[nodes.NodeNG], branch: nodes.If, handler: nodes.ExceptHandler,
) -> bool:
    """The matched path raises (or fails the test), or falls through to a ``raise`` after the ``if``."""
    for statement in path:
        if any(_raises(ctx, node) for node in (statement, *own_nodes(statement))):
            return True
    if path and isinstance(path[-1], (nodes.Return, nodes.Continue, nodes.Break)):
        return False
    node: nodes.NodeNG = branch
    while node is not handler:
        sibling = node.next_sibling()
        while sibling is not None:
            if isinstance(sibling, nodes.Raise):
                return True
            sibling = sibling.next_sibling()
        node = node.parent
    return False


def _raises(ctx: FileContext, node: nodes.NodeNG) -> bool:
    if isinstance(node, nodes.Call):
        return ctx.qualname(node.func) in FAILS_TEST
    return isinstance(node, nodes.Raise)


@rule("ALP902", trigger=r"filterwarnings|simplefilter")
def loop_warning_filtered(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    for call in ctx.facts.nodes_of(nodes.Call):
        function = ctx.qualname(call.func)
        if function == "pytest.mark.filterwarnings":
            specs = [_hidden_by_spec(arg.value) for arg in call.args if _is_str(arg)]
            hidden = next(filter(None, specs), None)
        elif function == "warnings.filterwarnings":
            hidden = _hidden_by_call(ctx, call, category_position=2, message=argument(call, 1, "message"),
                                     module=argument(call, 3, "module"))
        elif function == "warnings.simplefilter":
            hidden = _hidden_by_call(ctx, call, category_position=1, message=None, module=None)
        else:
            continue
        if hidden:
            yield at(call, "ALP902", what=hidden)


def _hidden_by_spec(spec: str) -> str | None:
    """What a pytest filter ``action:message:category:module:lineno`` hides, if it ignores evidence."""
    action, message, category, module, _ = (spec.split(":", 4) + [""] * 5)[:5]
    return _hidden(action.strip(), message.strip(), category.strip().rsplit(".", 1)[-1], module.strip())


def _hidden_by_call(
    ctx: FileContext, call: nodes.Call, category_position: int, message: nodes.NodeNG | None,
    module: nodes.NodeNG | None,
) -> str | None:
    """What ``warnings.filterwarnings/simplefilter(...)`` hides, if it ignores evidence."""
    action = argument(call, 0, "action")
    category = argument(call, category_position, "category")
    if not _is_str(action) or any(value is not None and not _is_str(value) for value in (message, module)):
        return None
    qualname = ctx.qualname(category) if category is not None else None
    category_name = qualname.rsplit(".", 1)[-1] if qualname in EVIDENCE_CATEGORY_NAMES else ""
    message_text = message.value if message else ""
    return _hidden(action.value, message_text, category_name, module.value if module else "")


def _hidden(action: str, message: str, category: str, module: str) -> str | None:
    if action != "ignore":
        return None
    if any(text in message.lower() for text in EVIDENCE_MESSAGES):
        return f"warnings matching {message!r}"
    if category in EVIDENCE_CATEGORIES and not module:
        return category
    return None


def _is_str(node: nodes.NodeNG | None) -> bool:
    return isinstance(node, nodes.Const) and isinstance(node.value, str)


@rule("ALP903", trigger=r"nest_asyncio|unraisablehook|set_exception_handler|__del__|_check_closed")
def loop_machinery_patched(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    for call in ctx.facts.nodes_of(nodes.Call):
        if ctx.qualname(call.func) == "nest_asyncio.apply":
            yield at(call, "ALP903", what="nest_asyncio.apply()",
                     fix="await coroutines directly instead of nesting loop runs")
        elif _is_method(call, "set_exception_handler") and call.args and _drops_errors(call.args[0]):
            yield at(call, "ALP903", what="a loop exception handler that drops errors", fix=UNRAISABLE_FIX)
        for owner, attribute, value in _setattr_patches(ctx, call):
            yield from _patch_finding(ctx, call, owner, attribute, value)
    for assign in ctx.facts.nodes_of(nodes.Assign):
        for target in assign.targets:
            if isinstance(target, nodes.AssignAttr):
                yield from _patch_finding(ctx, assign, target.expr, target.attrname, assign.value)


def _setattr_patches(ctx: FileContext, call: nodes.Call) -> list[tuple[object, str, nodes.NodeNG]]:
    """``monkeypatch.setattr(obj, "name", value)``, ``monkeypatch.setattr("mod.name", value)``, setattr."""
    if not (_is_method(call, "setattr") or ctx.qualname(call.func) == "builtins.setattr"):
        return []
    args = call.args
    if len(args) == 3 and _is_str(args[1]):
        return [(args[0], args[1].value, args[2])]
    if len(args) == 2 and _is_str(args[0]) and "." in args[0].value:
        owner, attribute = args[0].value.rsplit(".", 1)
        return [(owner, attribute, args[1])]
    return []


def _patch_finding(ctx: FileContext, node, owner, attribute: str, value: nodes.NodeNG) -> Iterator[Finding]:
    """``owner.attribute = value`` replaces the unraisable hook or an asyncio transport internal."""
    owner_name = owner if isinstance(owner, str) else ctx.qualname(owner)
    if owner_name == "sys" and attribute == "unraisablehook" and _drops_errors(value):
        yield at(node, "ALP903", what="a sys.unraisablehook that drops errors", fix=UNRAISABLE_FIX)
    elif owner_name and owner_name.startswith("asyncio.") and attribute in TRANSPORT_INTERNALS:
        yield at(node, "ALP903", what=f"patching {owner_name}.{attribute}", fix=UNRAISABLE_FIX)


def _is_method(call: nodes.Call, name: str) -> bool:
    return isinstance(call.func, nodes.Attribute) and call.func.attrname == name


def _drops_errors(handler: nodes.NodeNG) -> bool:
    """A hook that does nothing, or that singles out loop errors (to drop them)."""
    if isinstance(handler, nodes.Lambda):
        body = handler.body
        returns_nothing = isinstance(body, nodes.Const) and body.value in (None, Ellipsis)
        return returns_nothing or _mentions_loop_error(body)
    binding = single_binding(handler) if isinstance(handler, nodes.Name) else None
    if not isinstance(binding, nodes.FunctionDef):
        return False
    return all(_does_nothing(statement) for statement in binding.body) or _mentions_loop_error(binding)


def _does_nothing(statement: nodes.NodeNG) -> bool:
    if isinstance(statement, nodes.Pass):
        return True
    if isinstance(statement, nodes.Expr) and isinstance(statement.value, nodes.Const):
        return True  # docstring or ``...``
    if not isinstance(statement, nodes.Return):
        return False
    value = statement.value
    return value is None or (isinstance(value, nodes.Const) and value.value is None)


def _mentions_loop_error(node: nodes.NodeNG) -> bool:
    return any(_loop_phrase(constant.value) for constant in node.nodes_of_class(nodes.Const))
