"""Fixes for ASGI apps under test: ALP302 (httpx ``app=``) and ALP304 (startup/shutdown handlers).

- ALP302 (safe): ``AsyncClient(app=app, ...)`` becomes
  ``AsyncClient(transport=ASGITransport(app=app), ...)`` (``WSGITransport`` for the sync
  ``Client``, which only ever ran WSGI apps), spelled like the client (``httpx.ASGITransport``
  after ``httpx.AsyncClient``), the import added otherwise.
- ALP304 (unsafe): ``@app.on_event("startup"/"shutdown")`` handlers of an app made in the same
  module are called from its lifespan, startup ones before its ``yield`` and shutdown ones after,
  in the order they were registered; the decorators go.  An app without ``lifespan=`` gets an
  ``@asynccontextmanager`` lifespan written just above it.  Unsafe: handlers an app with
  ``lifespan=`` never ran now run.  ``add_event_handler`` and ``on_startup=`` are left alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

import libcst as cst

from ...registry import Finding
from ...tracer.apps import APP_CLASSES
from .model import Declined, Fix, ImportNeed
from .shared import Unfixable, declined, each_finding, function_def, new_fix
from .source import SourceFile
from .syntax_edits import appended, expression

_TRANSPORTS = {"AsyncClient": "ASGITransport", "Client": "WSGITransport"}
_EVENTS = ("startup", "shutdown")


def fix_app_shortcuts(file: SourceFile, findings: list[Finding], unsafe: bool) -> Iterator[Fix | Declined]:
    """ALP302."""
    return each_finding(findings, lambda finding: _explicit_transport(file, finding))


def _explicit_transport(file: SourceFile, finding: Finding) -> Fix:
    argument = next((node for node in file.nodes_at(finding, cst.Arg) if node.keyword is not None
                     and node.keyword.value == "app"), None)
    call = file.parent(argument) if argument is not None else None
    keyword = file.ast_node_at(finding, ast.keyword)
    ast_call = file.context.facts.syntax.parent(keyword) if keyword is not None else None
    client = file.qualname(ast_call.func) if isinstance(ast_call, ast.Call) else None
    if not isinstance(call, cst.Call) or client is None:
        raise Unfixable("no client call at the reported position")
    if any(arg.keyword is not None and arg.keyword.value == "transport" for arg in call.args):
        raise Unfixable("the client is given both app= and transport=")
    module, _, client_class = client.rpartition(".")
    transport = _TRANSPORTS[client_class]
    fix = new_fix(finding, True, f"pass the app through {transport}")
    if isinstance(call.func, cst.Attribute):
        reference = f"{cst.Module([]).code_for_node(call.func.value)}.{transport}"
    else:
        reference = file.imported_name(module, transport)
        if reference is None:
            if not file.is_free(transport):
                raise Unfixable(f"'{transport}' names something else in this module")
            reference = transport
            fix.imports.append(ImportNeed(module, transport))

    def through_transport(node: cst.Arg) -> cst.Arg:
        app = cst.Arg(keyword=cst.Name("app"), value=node.value, equal=node.equal)
        return node.with_changes(keyword=cst.Name("transport"), value=cst.Call(func=expression(reference), args=[app]))

    fix.edits.append((argument, through_transport))
    return fix


def fix_event_handlers(file: SourceFile, findings: list[Finding], unsafe: bool) -> Iterator[Fix | Declined]:
    """ALP304, one app at a time: all its handlers move together."""
    handlers: dict[str, list[tuple[Finding, str, cst.FunctionDef, cst.Decorator]]] = {}
    for finding in findings:
        try:
            app, event, handler, decorator = _handler_at(file, finding)
            handlers.setdefault(app, []).append((finding, event, handler, decorator))
        except Unfixable as reason:
            yield declined(finding, str(reason))
    for app, registered in handlers.items():
        try:
            fixes = [new_fix(finding, False, f"call '{handler.name.value}' from the lifespan of '{app}'")
                     for finding, _event, handler, _decorator in registered]
            _move_into_lifespan(file, fixes[0], app, registered)
            yield from fixes
        except Unfixable as reason:
            yield from (declined(finding, str(reason)) for finding, *_ in registered)


def _handler_at(file: SourceFile, finding: Finding) -> tuple[str, str, cst.FunctionDef, cst.Decorator]:
    call = file.node_at(finding, cst.Call)
    decorator = file.parent(call) if call is not None else None
    handler = file.parent(decorator) if isinstance(decorator, cst.Decorator) else None
    if not isinstance(handler, cst.FunctionDef) or not isinstance(file.parent(handler), cst.Module):
        raise Unfixable("only the @app.on_event(...) decorator of a module-level function is rewritten")
    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "on_event" and isinstance(func.value, cst.Name)):
        raise Unfixable("only the @app.on_event(...) decorator of the app itself is rewritten")
    event = call.args[0].value if len(call.args) == 1 else None
    if not isinstance(event, cst.SimpleString) or event.evaluated_value not in _EVENTS:
        raise Unfixable('the event is not a literal "startup" or "shutdown"')
    parameters = handler.params
    if parameters.params or parameters.posonly_params or parameters.kwonly_params or parameters.star_kwarg or \
            isinstance(parameters.star_arg, (cst.Param, cst.ParamStar)):
        raise Unfixable("the handler takes arguments")
    return func.value.value, event.evaluated_value, handler, decorator


def _move_into_lifespan(file: SourceFile, fix: Fix, app: str, registered: list) -> None:
    assignment, constructor = _app_assignment(file, app)
    calls = {event: [_call_line(handler) for _f, kind, handler, _d in registered if kind == event] for event in _EVENTS}
    lifespan = next((arg for arg in constructor.keywords if arg.arg == "lifespan"), None)
    if lifespan is not None:
        fix.edits.append(_handlers_in_existing_lifespan(file, lifespan.value, calls))
    else:
        _new_lifespan(file, fix, app, assignment, calls)
    for _finding, _event, handler, decorator in registered:
        fix.edits.append((handler, lambda node, gone=decorator: node.with_changes(
            decorators=[d for d in node.decorators if d is not gone and not _same_decorator(d, gone)])))


def _same_decorator(first: cst.Decorator, second: cst.Decorator) -> bool:
    return first.deep_equals(second)


def _call_line(handler: cst.FunctionDef) -> cst.SimpleStatementLine:
    prefix = "await " if handler.asynchronous is not None else ""
    return cst.parse_statement(f"{prefix}{handler.name.value}()\n")


def _app_assignment(file: SourceFile, app: str) -> tuple[ast.Assign, ast.Call]:
    """The one module-level ``app = FastAPI(...)`` (or Starlette) this module makes."""
    found = [statement for statement in file.context.facts.module.body if isinstance(statement, ast.Assign)
             and any(isinstance(target, ast.Name) and target.id == app for target in statement.targets)]
    if len(found) != 1 or not isinstance(found[0].value, ast.Call) or \
            file.qualname(found[0].value.func) not in APP_CLASSES:
        raise Unfixable(f"'{app}' is not made once, by FastAPI(...) or Starlette(...), in this module")
    if any(keyword.arg in ("on_startup", "on_shutdown") or keyword.arg is None for keyword in found[0].value.keywords):
        raise Unfixable("the app also takes on_startup=/on_shutdown= or **options")
    return found[0], found[0].value


def _handlers_in_existing_lifespan(file: SourceFile, reference: ast.AST, calls: dict) -> tuple:
    if not isinstance(reference, ast.Name):
        raise Unfixable("lifespan= is not the name of a function of this module")
    definition = next((s for s in file.context.facts.module.body if isinstance(s, ast.AsyncFunctionDef)
                       and s.name == reference.id), None)
    if definition is None or not any(file.qualname(d) == "contextlib.asynccontextmanager"
                                     for d in definition.decorator_list):
        raise Unfixable(f"lifespan={reference.id} is not an @asynccontextmanager function of this module")
    node = function_def(file, definition)
    yields = [index for index, statement in enumerate(node.body.body) if _is_bare_yield(statement)]
    if len(yields) != 1 or sum(isinstance(n, ast.Yield) for n in ast.walk(definition)) != 1:
        raise Unfixable(f"'{reference.id}' does not yield once, at the top of its body")

    def with_handlers(lifespan: cst.FunctionDef) -> cst.FunctionDef:
        statements = list(lifespan.body.body)
        index = next(i for i, statement in enumerate(statements) if _is_bare_yield(statement))
        statements[index + 1:index + 1] = calls["shutdown"]
        statements[index:index] = calls["startup"]
        return lifespan.with_changes(body=lifespan.body.with_changes(body=statements))

    return node, with_handlers


def _is_bare_yield(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
        isinstance(statement.body[0], cst.Expr) and isinstance(statement.body[0].value, cst.Yield)


def _new_lifespan(file: SourceFile, fix: Fix, app: str, assignment: ast.Assign, calls: dict) -> None:
    decorator = file.imported_name("contextlib", "asynccontextmanager")
    if decorator is None:
        contextlib = file.module_alias("contextlib")
        if contextlib is not None:
            decorator = f"{contextlib}.asynccontextmanager"
        elif file.is_free("asynccontextmanager"):
            decorator = "asynccontextmanager"
            fix.imports.append(ImportNeed("contextlib", "asynccontextmanager"))
        else:
            raise Unfixable("'asynccontextmanager' names something else in this module")
    name = next((candidate for candidate in ("lifespan", f"{app}_lifespan") if file.is_free(candidate)), None)
    if name is None:
        raise Unfixable(f"'lifespan' and '{app}_lifespan' both name something else in this module")
    body = "".join(f"    {cst.Module([]).code_for_node(line)}" for line in calls["startup"])
    body += "    yield\n" + "".join(f"    {cst.Module([]).code_for_node(line)}" for line in calls["shutdown"])
    function = cst.parse_statement(f"@{decorator}\nasync def {name}(app):\n{body}")
    statement = file.node_at(Finding(assignment.lineno, assignment.col_offset, "", ""), cst.SimpleStatementLine)
    call = file.node_at(Finding(assignment.value.lineno, assignment.value.col_offset, "", ""), cst.Call)
    if statement is None or call is None:
        raise Unfixable("the app's assignment is not where the analysis says")
    keyword = cst.Arg(keyword=cst.Name("lifespan"), value=cst.Name(name), equal=cst.AssignEqual(
        whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))
    fix.edits.append((call, lambda node: node.with_changes(
        args=appended(node.args, keyword, node.whitespace_before_args))))
    two_blank_lines = [cst.EmptyLine(), cst.EmptyLine()]

    first = file.module.body[0] is statement

    def lifespan_above(node: cst.SimpleStatementLine) -> cst.FlattenSentinel:
        comments = [line for line in node.leading_lines if line.comment is not None]
        above = node.leading_lines if first else [*two_blank_lines, *comments]
        return cst.FlattenSentinel([function.with_changes(leading_lines=above),
                                    node.with_changes(leading_lines=two_blank_lines)])

    fix.edits.append((statement, lifespan_above))
