"""Calls: catalogue creations, data-only library calls, project functions and project classes."""

from __future__ import annotations

import ast
from dataclasses import replace

from ..catalog import DATA_CALLS, DATA_MODULES, ENGINE, HTTPX, Factory, Keyword
from ..project.files import FileFacts
from ..syntax.nodes import argument, has_double_star, text
from ..verdict import Verdict
from .value import DATA, UNKNOWN_VALUE, Value, holding, merge

_CONTAINERS = frozenset({"builtins.list", "builtins.tuple", "builtins.dict", "builtins.set", "builtins.frozenset",
                         "types.SimpleNamespace"})


def _sqlite_url(url: ast.AST | None) -> bool:
    """A literal (or f-string) database URL naming SQLite."""
    if isinstance(url, ast.JoinedStr) and url.values:
        url = url.values[0]
    return isinstance(url, ast.Constant) and isinstance(url.value, str) and url.value.startswith("sqlite")


_NOT_VALUES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_CONTEXT_MANAGER_DECORATORS = frozenset({"contextlib.asynccontextmanager", "contextlib.contextmanager"})


class CallsMixin:
    """Part of ``Tracer``: what a call returns."""

    def made_by(self, call: ast.Call, facts: FileFacts | None = None, depth: int = 0) -> Factory | None:
        """The catalogue row ``call`` is a creation of (direct, a session maker called, a method of a resource)."""
        facts = facts or self.facts
        if depth:
            return self._made_by(call, facts, depth)
        key = (id(facts), id(call))  # several rules ask about every call of the file
        if key not in self._makers:
            self._makers[key] = self._made_by(call, facts, 0)
            if facts is not self.facts:
                self._keep.append(facts)  # its node ids key the memo: keep it alive while the memo is
        return self._makers[key]

    def _made_by(self, call: ast.Call, facts: FileFacts, depth: int) -> Factory | None:
        table = self.catalogue
        qualname = facts.qualname(call.func)
        row = table.calls.get(qualname or "")
        if row is not None:
            return row
        maker = self.maker_row(call.func, facts, depth)
        if maker is not None:
            return maker
        if isinstance(call.func, ast.Attribute):
            receiver = self.value(call.func.value, facts, depth + 1)
            if receiver.kind is not None:
                return table.methods.get((receiver.kind, call.func.attr))
        return None

    def maker_row(self, node: ast.AST, facts: FileFacts, depth: int) -> Factory | None:
        """The MAKER row when ``node`` is (a name bound to) ``async_sessionmaker(...)`` and the like, also
        when it reaches here through a fixture or a parameter."""
        calls = self.maker_calls(node, facts, depth)
        for call, call_facts in calls:
            return self._maker_call_row(call, call_facts)
        if isinstance(node, ast.Name) and depth < 8:
            return self.value(node, facts, depth + 1).makes
        return None

    def _maker_call_row(self, call: ast.Call, facts: FileFacts) -> Factory | None:
        row = self.catalogue.makers.get(facts.qualname(call.func) or "")
        if row is None or (row.needs is not None and self.keyword_matches(call, row.needs, facts) is not Verdict.YES):
            return None
        return row

    def maker_calls(self, node: ast.AST, facts: FileFacts, depth: int) -> list[tuple[ast.Call, FileFacts]]:
        """The call(s) a session-factory expression comes from (``Session = async_sessionmaker(engine)``)."""
        if isinstance(node, ast.Call):
            return [(node, facts)]
        found = []
        for expression, expression_facts in self.assigned_expressions(node, facts, depth):
            if not isinstance(expression, ast.Call):
                return []
            found.append((expression, expression_facts))
        return found[:1] if len(found) == 1 else []

    def awaited_value(self, call: ast.Call, facts: FileFacts | None = None) -> Value:
        """What ``await call`` (or ``asyncio.run(call)``) gives."""
        return self._call_value(call, facts or self.facts, 0, awaited=True)

    def stored_elsewhere(self, call: ast.Call, facts: FileFacts | None = None) -> str | None:
        """What a project coroutine stores outside itself (a global, an attribute) that is loop-bound."""
        facts = facts or self.facts
        target = self.callee_definition(call.func, facts, 0)
        if target is None or isinstance(target[0], ast.ClassDef):
            return None
        function, function_facts = target
        declared = {name for node in ast.walk(function) if isinstance(node, ast.Global) for name in node.names}
        for node in ast.walk(function):
            if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            outside = [t for t in targets if isinstance(t, (ast.Attribute, ast.Subscript))
                       or (isinstance(t, ast.Name) and t.id in declared)]
            if outside:
                value = self.value(node.value, function_facts, 1)
                if value.bound is Verdict.YES:
                    return f"{function.name}() stores {value.why()} on {text(outside[0])}"
        return None

    def shared_resources_used(self, call: ast.Call, facts: FileFacts | None = None) -> str | None:
        """A module-level loop-bound resource a project coroutine uses: running it on a throwaway loop binds
        the resource's connections to that loop."""
        facts = facts or self.facts
        target = self.callee_definition(call.func, facts, 0)
        if target is None or isinstance(target[0], ast.ClassDef):
            return None
        function, function_facts = target
        module_scope = function_facts.syntax.module_scope
        for node in ast.walk(function):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                scope, bindings = function_facts.syntax.lookup(node)
                if scope is not module_scope or not bindings or isinstance(bindings[0], _NOT_VALUES):
                    continue
                value = self.value(node, function_facts, 1)
                if value.bound is Verdict.YES and value.kind is not None and value.kind.closes:
                    return f"{function.name}() uses '{node.id}' ({value.why()}), which stays bound to it"
        return None

    def _call_value(self, call: ast.Call, facts: FileFacts, depth: int, awaited: bool) -> Value:
        row = self.made_by(call, facts, depth)
        if row is not None:
            return self._derived(self.created(row, call, facts), call, facts, depth)
        qualname = facts.qualname(call.func)
        if qualname in self.catalogue.makers:
            return self._session_factory(call, facts, depth)
        if qualname in _CONTAINERS:
            arguments = [*call.args, *(keyword.value for keyword in call.keywords)]
            return holding([self.value(a, facts, depth + 1) for a in arguments], qualname.rsplit(".", 1)[-1])
        if qualname and (qualname in DATA_CALLS or qualname.split(".")[0] in DATA_MODULES):
            return DATA
        target = self.callee_definition(call.func, facts, depth)
        if target is not None:
            definition, definition_facts = target
            if isinstance(definition, ast.ClassDef):
                return self.instance_value(definition, definition_facts, call, facts, depth)
            return self.returned_value(definition, definition_facts, awaited, depth)
        if isinstance(call.func, ast.Attribute):
            receiver = self.value(call.func.value, facts, depth + 1)
            if awaited and receiver.bound is Verdict.YES:
                return DATA  # what a resource's query returns (rows, a count): plain data
            if receiver.bound is Verdict.NO and receiver is DATA:
                return DATA  # a method of plain data (``url.replace(...)``)
        return UNKNOWN_VALUE

    def _derived(self, value: Value, call: ast.Call, facts: FileFacts, depth: int) -> Value:
        """A session or connection names the engine or pool it comes from in its chain."""
        source = None
        if value.factory is not None and value.factory.how == "method" and isinstance(call.func, ast.Attribute):
            source = call.func.value
        elif value.factory is not None and value.factory.how == "maker":
            bind = self.maker_bind(call.func, facts, depth)
            if bind is None and isinstance(call.func, ast.Name):
                bind = self.value(call.func, facts, depth + 1)  # a maker handed in by a fixture or parameter
            if bind is not None and bind.bound is Verdict.YES:
                return value.on(bind, "from")
            if bind is not None and bind.loop_free_driver:
                return replace(value, bound=Verdict.NO, loop_free_driver=True)
            return value
        else:
            source = argument(call, 0, "bind")
        if source is None:
            return value
        origin = self.value(source, facts, depth + 1)
        if origin.loop_free_driver:
            return replace(value, bound=Verdict.NO, loop_free_driver=True)  # aiosqlite: nothing is loop-bound
        if (origin.bound is Verdict.YES or origin.kind is not None and origin.kind.loop_free) and origin.chain:
            return value.on(origin, "from" if value.factory.how == "method" else "bound to")
        return value

    def _session_factory(self, call: ast.Call, facts: FileFacts, depth: int) -> Value:
        """``async_sessionmaker(engine)``: every session it makes shares the engine's pool."""
        bind = argument(call, 0, "bind")
        engine = self.value(bind, facts, depth + 1) if bind is not None else UNKNOWN_VALUE
        if engine.bound is Verdict.UNKNOWN:
            return UNKNOWN_VALUE
        if engine.loop_free_driver:
            return Value(Verdict.NO, "a session maker over an SQLite engine", makes=self._maker_call_row(call, facts),
                         loop_free_driver=True)
        if engine.bound is Verdict.NO:  # NullPool: the maker may cross loops, each session it makes is bound
            return Value(Verdict.NO, f"a session maker over {engine.label}", makes=self._maker_call_row(call, facts))
        label = f"{facts.qualname(call.func).rsplit('.', 1)[-1]}({text(bind)})"
        made = Value(Verdict.YES, label, chain=(f"{label} at {self.relative(facts.path)}:{call.lineno}",))
        # The pool that crosses loops is the engine's: the value keeps the engine's creation.
        return replace(engine, label=label, managed=False, chain=made.on(engine, "bound to").chain,
                       makes=self._maker_call_row(call, facts))

    def maker_bind(self, node: ast.AST, facts: FileFacts, depth: int = 0) -> Value | None:
        """The engine a session factory (``async_sessionmaker(engine)``) named by ``node`` is bound to."""
        calls = self.maker_calls(node, facts, depth)
        if len(calls) != 1:
            return None
        call, call_facts = calls[0]
        bind = argument(call, 0, "bind")
        return self.value(bind, call_facts, depth + 1) if bind is not None else None

    @staticmethod
    def loop_free_driver(row: Factory, call: ast.Call) -> bool:
        """An engine on aiosqlite: each call runs in a thread, futures are made on the calling loop."""
        return row.kind is ENGINE and _sqlite_url(argument(call, 0, "url"))

    def row_binding(self, row: Factory, call: ast.Call, facts: FileFacts) -> Verdict:
        """YES unless an exemption applies (``poolclass=NullPool``, an SQLite URL); UNKNOWN when unreadable."""
        if row.kind.loop_free:
            return Verdict.NO
        if row.kind is HTTPX and any(keyword.arg == "app" for keyword in call.keywords):
            return Verdict.NO  # an in-process ASGI/WSGI client: no connection pool of its own
        if self.loop_free_driver(row, call):
            return Verdict.NO
        for keyword in row.unbound_when:
            verdict = self.keyword_matches(call, keyword, facts)
            if verdict is not Verdict.NO:
                return Verdict.NO if verdict is Verdict.YES else Verdict.UNKNOWN
        return Verdict.YES

    def keyword_matches(self, call: ast.Call, keyword: Keyword, facts: FileFacts) -> Verdict:
        """YES/NO: the argument has one of the keyword's values; UNKNOWN when it cannot be read.

        A name from another package (a project setting) may hold anything: UNKNOWN.  An absent
        argument is also looked for in a call passed positionally
        (``AsyncEngine(create_engine(url, poolclass=NullPool))``).
        """
        if has_double_star(call):
            return Verdict.UNKNOWN
        value = argument(call, keyword.position, keyword.name)
        if value is None:
            for given in call.args:
                if isinstance(given, ast.Call):
                    verdict = self.keyword_matches(given, keyword, facts)
                    if verdict is not Verdict.NO:
                        return verdict
            return Verdict.NO
        if isinstance(value, ast.Constant):
            return Verdict.of(repr(value.value) in keyword.values)
        name = facts.qualname(value.func if isinstance(value, ast.Call) else value)
        if name in keyword.values:
            return Verdict.YES
        libraries = {known.split(".")[0] for known in keyword.values}
        return Verdict.NO if name and name.split(".")[0] in libraries else Verdict.UNKNOWN

    # -- project functions and classes ---------------------------------------------------

    def returned_value(self, function: ast.AST, facts: FileFacts, awaited: bool, depth: int) -> Value:
        """What calling a project function gives: its returns (a coroutine's when awaited), or for a
        generator-based context manager what it yields."""
        produced = self.produced(function, facts)
        is_async = isinstance(function, ast.AsyncFunctionDef)
        yields = [value for node, value in produced if isinstance(node, ast.Yield)]
        decorators = {facts.qualname(d) for d in getattr(function, "decorator_list", ())}
        if yields and not decorators & _CONTEXT_MANAGER_DECORATORS:
            return UNKNOWN_VALUE  # a generator object: what it yields is consumed elsewhere
        if is_async and not awaited and not yields:
            return UNKNOWN_VALUE  # a coroutine object, not yet run
        expressions = yields or [value for node, value in produced if isinstance(node, ast.Return)]
        if not expressions:
            return DATA if not is_async or awaited else UNKNOWN_VALUE
        value = merge([self.value(expression, facts, depth + 1) for expression in expressions])
        name = getattr(function, "name", "<lambda>")
        if value.bound is Verdict.YES:
            return value.through(f"{name}() ({self.relative(facts.path)}:{function.lineno}) returns")
        return value

    def instance_value(self, class_def: ast.ClassDef, class_facts: FileFacts, call: ast.Call, facts: FileFacts,
                       depth: int) -> Value:
        """A project class instance: a catalogue type when it subclasses one, else bound when it holds a
        bound argument or stores a loop-bound value on ``self`` in one of its methods."""
        kind = self.class_kind(class_def, class_facts)
        if kind is not None:
            where = f"{self.relative(class_facts.path)}:{class_def.lineno}"
            label = f"{class_def.name}() (a {kind.name} subclass at {where})"
            return Value(Verdict.YES, label, kind, None, call, facts.path, (label,), facts=facts)
        arguments = [*call.args, *(keyword.value for keyword in call.keywords)]
        held = [self.value(argument_node, facts, depth + 1) for argument_node in arguments]
        held += [value for value in self.stored_on_self(class_def, class_facts, depth)]
        label = f"{class_def.name}({', '.join(text(a) for a in call.args[:2])})"
        if any(value.bound is Verdict.YES for value in held):
            return holding(held, label)
        if self.foreign_bases(class_def, class_facts):
            return UNKNOWN_VALUE
        return holding(held, label) if held else Value(Verdict.NO, label)

    def stored_on_self(self, class_def: ast.ClassDef, facts: FileFacts, depth: int) -> list[Value]:
        found = []
        for target in facts.syntax.nodes(ast.Attribute):
            if not isinstance(target.ctx, ast.Store) or self.method_class(target, facts) is not class_def:
                continue
            assign = facts.syntax.parent(target)
            if isinstance(assign, (ast.Assign, ast.AnnAssign)) and assign.value is not None:
                value = self.value(assign.value, facts, depth + 1)
                if value.bound is not Verdict.NO:
                    found.append(value.step(f"self.{target.attr} = {value.label}") if value.bound is Verdict.YES
                                 else value)
        return found

    def class_kind(self, class_def: ast.ClassDef, facts: FileFacts, depth: int = 0):
        """The catalogue kind a project class inherits from (``class Cache(redis.asyncio.Redis)``)."""
        for base in class_def.bases:
            kind = self.catalogue.types.get(facts.qualname(base) or "")
            if kind is not None:
                return kind
            local = self.callee_definition(base, facts, depth + 1)
            if local is not None and isinstance(local[0], ast.ClassDef) and depth < 6:
                kind = self.class_kind(local[0], local[1], depth + 1)
                if kind is not None:
                    return kind
        return None

    def foreign_bases(self, class_def: ast.ClassDef, facts: FileFacts) -> bool:
        """A base class from outside the project that is not plain data (it may hold anything)."""
        for base in class_def.bases:
            qualname = facts.qualname(base)
            if qualname in ("builtins.object", None) and self.callee_definition(base, facts, 1) is not None:
                continue
            if qualname == "builtins.object":
                continue
            if qualname and qualname.split(".")[0] in DATA_MODULES:
                continue
            if self.callee_definition(base, facts, 1) is not None:
                continue
            return True
        return False
