"""ALP9xx: code that hides the symptoms of a resource finalised on the wrong or a closed loop.

Each rule reads one literal intent: an ``except`` that matches the loop error's
message and lets it pass, a warning filter whose action is ``ignore``, a hook
replaced by one that drops what it receives.  ``error::`` filters, handlers that
re-raise and hooks that record or forward are the opposite and stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator

import ast
import os

from ..context import FileContext
from ..registry import Finding
from ..syntax.nodes import argument
from .base import any_case, at, at_line, rule

LOOP_ERROR_PHRASES = (
    "event loop is closed", "attached to a different loop", "different loop", "different event loop",
)
CATCHES_RUNTIME_ERROR = frozenset({"builtins.RuntimeError", "builtins.Exception", "builtins.BaseException"})
EVIDENCE_CATEGORIES = frozenset({"PytestUnraisableExceptionWarning", "ResourceWarning"})
EVIDENCE_CATEGORY_NAMES = frozenset({
    "pytest.PytestUnraisableExceptionWarning", "builtins.ResourceWarning",
})
EVIDENCE_MESSAGES = ("never awaited", "unclosed", *LOOP_ERROR_PHRASES)
NEGATING_OPERATORS = (ast.NotIn, ast.NotEq, ast.IsNot)
FAILS_TEST = frozenset({"pytest.fail"})
TRANSPORT_INTERNALS = frozenset({"__del__", "_check_closed"})
UNRAISABLE_FIX = "remove it and close each resource before its loop closes"


@rule("ALP901", trigger=any_case(r"event loop is closed|different (?:event )?loop"))
def loop_error_swallowed(ctx: FileContext) -> Iterator[Finding]:
    for handler in ctx.facts.syntax.nodes(ast.ExceptHandler):
        if not _catches_runtime_error(ctx, handler.type):
            continue
        for branch in _within(handler):
            if isinstance(branch, ast.If):
                phrase = _swallowed_phrase(ctx, branch, handler)
                if phrase:
                    yield at(handler, "ALP901", text=phrase)
                    break


def _catches_runtime_error(ctx: FileContext, caught: ast.AST | None) -> bool:
    if caught is None:
        return True  # bare except
    if isinstance(caught, ast.Tuple):
        return any(_catches_runtime_error(ctx, element) for element in caught.elts)
    return ctx.qualname(caught) in CATCHES_RUNTIME_ERROR


def _swallowed_phrase(ctx: FileContext, branch: ast.If, handler: ast.ExceptHandler) -> str | None:
    """The loop-error phrase ``branch`` tests the message for, when the matching path does not re-raise."""
    for constant in (n for n in ast.walk(branch.test) if isinstance(n, ast.Constant)):
        phrase = _loop_phrase(constant.value)
        if phrase is None:
            continue
        matched_path = branch.body if _true_when_matched(ctx, constant, branch.test) else branch.orelse
        if not _reraises(ctx, matched_path, branch, handler):
            return phrase
    return None


def _loop_phrase(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    lowered = value.lower()
    return next((value for phrase in LOOP_ERROR_PHRASES if phrase in lowered), None)


def _true_when_matched(ctx: FileContext, constant: ast.Constant, test: ast.AST) -> bool:
    """Whether ``test`` is true when the message contains ``constant`` (``in`` vs ``not in``, ``not``)."""
    positive = True
    node: ast.AST = constant
    while node is not test:
        parent = ctx.facts.syntax.parent(node)
        if parent is None:
            break
        if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not):
            positive = not positive
        elif isinstance(parent, ast.Compare) and any(isinstance(op, NEGATING_OPERATORS) for op in parent.ops):
            positive = not positive
        node = parent
    return positive


def _reraises(ctx: FileContext, path: list[ast.stmt], branch: ast.If, handler: ast.ExceptHandler) -> bool:
    """The matched path raises (or fails the test), or falls through to a ``raise`` after the ``if``."""
    for statement in path:
        if any(_raises(ctx, node) for node in (statement, *_within(statement))):
            return True
    if path and isinstance(path[-1], (ast.Return, ast.Continue, ast.Break)):
        return False
    node: ast.AST = branch
    while node is not handler:
        parent = ctx.facts.syntax.parent(node)
        if parent is None:
            return False
        for body in _bodies(parent):
            if node in body and any(isinstance(later, ast.Raise) for later in body[body.index(node) + 1:]):
                return True
        node = parent
    return False


def _bodies(node: ast.AST) -> list[list[ast.stmt]]:
    names = ("body", "orelse", "finalbody")
    return [getattr(node, name) for name in names if isinstance(getattr(node, name, None), list)]


def _within(node: ast.AST):
    """Nodes under ``node``, not inside nested functions or classes."""
    pending = list(ast.iter_child_nodes(node))
    while pending:
        current = pending.pop()
        yield current
        if not isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            pending.extend(ast.iter_child_nodes(current))


def _raises(ctx: FileContext, node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        return ctx.qualname(node.func) in FAILS_TEST
    return isinstance(node, ast.Raise)


@rule("ALP902", trigger=r"filterwarnings|simplefilter", every_conftest=True)
def loop_warning_filtered(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    if _reports_config_problems(ctx):
        for spec, line in ctx.config.filterwarnings:
            hidden = _hidden_by_spec(spec)
            if hidden:
                where = f"{ctx.relative(ctx.config.path)}:{line}" if line else ctx.relative(ctx.config.path)
                yield at_line(1, "ALP902", what=f"{hidden} (filterwarnings = {spec!r} in {where})")
    for call in ctx.facts.syntax.nodes(ast.Call):
        function = ctx.qualname(call.func)
        if function == "pytest.mark.filterwarnings":
            if _on_a_test_without_async_fixtures(ctx, call):
                continue
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


def _on_a_test_without_async_fixtures(ctx: FileContext, mark: ast.Call) -> bool:
    """A filter mark on one sync test whose fixtures are all sync: nothing of a loop is in its reach."""
    decorated = ctx.facts.syntax.parent(mark)
    test = ctx.facts.test_of(decorated) if isinstance(decorated, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
    if test is None or test.is_async:
        return False
    return not any(fixture.is_async for fixture in ctx.fixtures.closure([test]))


def _reports_config_problems(ctx: FileContext) -> bool:
    """Config files are not Python: their problems are reported once, on line 1 of the rootdir's
    ``conftest.py`` (else of the first ``testpaths`` directory's)."""
    if not ctx.is_conftest or ctx.config.path is None:
        return False
    directory = os.path.dirname(ctx.path)
    if directory == ctx.rootdir:
        return True
    if os.path.isfile(os.path.join(ctx.rootdir, "conftest.py")) or not ctx.config.testpaths:
        return False
    return directory == os.path.normpath(os.path.join(ctx.rootdir, ctx.config.testpaths[0]))


def _hidden_by_spec(spec: str) -> str | None:
    """What a pytest filter ``action:message:category:module:lineno`` hides, if it ignores evidence."""
    action, message, category, module, _ = (spec.split(":", 4) + [""] * 5)[:5]
    return _hidden(action.strip(), message.strip(), category.strip().rsplit(".", 1)[-1], module.strip())


def _hidden_by_call(
    ctx: FileContext, call: ast.Call, category_position: int, message: ast.AST | None,
    module: ast.AST | None,
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


def _is_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


# Patching a transport's __del__ or a loop's _check_closed names an asyncio class: the file says asyncio (a
# class of its own with a __del__ is no reason to look).
@rule("ALP903", trigger=r"nest_asyncio|unraisablehook|set_exception_handler|asyncio")
def loop_machinery_patched(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_test_code:
        return
    for call in ctx.facts.syntax.nodes(ast.Call):
        if ctx.qualname(call.func) == "nest_asyncio.apply":
            yield at(call, "ALP903", what="nest_asyncio.apply()",
                     fix="await coroutines directly instead of nesting loop runs")
        elif _is_method(call, "set_exception_handler") and call.args and _drops_errors(ctx, call.args[0]) \
                and not _restored_in_finally(ctx, call):
            yield at(call, "ALP903", what="a loop exception handler that drops errors", fix=UNRAISABLE_FIX)
        for owner, attribute, value in _setattr_patches(ctx, call):
            yield from _patch_finding(ctx, call, owner, attribute, value)
    for assign in ctx.facts.syntax.nodes(ast.Assign):
        for target in assign.targets:
            if isinstance(target, ast.Attribute):
                yield from _patch_finding(ctx, assign, target.value, target.attr, assign.value)


def _restored_in_finally(ctx: FileContext, call: ast.Call) -> bool:
    """The handler is put back in the ``finally`` of the ``try`` it was set in: silenced for one block only."""
    for ancestor in ctx.facts.syntax.ancestors(call):
        if isinstance(ancestor, ast.Try) and ancestor.finalbody:
            return any(isinstance(node, ast.Call) and _is_method(node, "set_exception_handler")
                       for statement in ancestor.finalbody for node in ast.walk(statement))
        if isinstance(ancestor, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
    return False


def _setattr_patches(ctx: FileContext, call: ast.Call) -> list[tuple[object, str, ast.AST]]:
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


def _patch_finding(ctx: FileContext, node, owner, attribute: str, value: ast.AST) -> Iterator[Finding]:
    """``owner.attribute = value`` replaces the unraisable hook or an asyncio transport internal."""
    owner_name = owner if isinstance(owner, str) else ctx.qualname(owner)
    if owner_name == "sys" and attribute == "unraisablehook" and _drops_errors(ctx, value):
        yield at(node, "ALP903", what="a sys.unraisablehook that drops errors", fix=UNRAISABLE_FIX)
    elif owner_name and owner_name.startswith("asyncio.") and attribute in TRANSPORT_INTERNALS:
        yield at(node, "ALP903", what=f"patching {owner_name}.{attribute}", fix=UNRAISABLE_FIX)


def _is_method(call: ast.Call, name: str) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr == name


def _drops_errors(ctx: FileContext, handler: ast.AST) -> bool:
    """A hook that does nothing, or that singles out loop errors (to drop them)."""
    if isinstance(handler, ast.Lambda):
        body = handler.body
        returns_nothing = isinstance(body, ast.Constant) and body.value in (None, Ellipsis)
        return returns_nothing or _mentions_loop_error(body)
    binding = None
    if isinstance(handler, ast.Name):
        _scope, bindings = ctx.facts.syntax.lookup(handler)
        binding = bindings[0] if len(bindings) == 1 else None
    if not isinstance(binding, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    return all(_does_nothing(statement) for statement in binding.body) or _mentions_loop_error(binding)


def _does_nothing(statement: ast.AST) -> bool:
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return True  # docstring or ``...``
    if not isinstance(statement, ast.Return):
        return False
    value = statement.value
    return value is None or (isinstance(value, ast.Constant) and value.value is None)


def _mentions_loop_error(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Constant) and _loop_phrase(n.value) for n in ast.walk(node))
