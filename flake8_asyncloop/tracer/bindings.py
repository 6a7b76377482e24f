"""Names and attributes: following a name to the statements that bind it, in this file or another."""

from __future__ import annotations

import ast

from ..catalog import DATA_MODULES
from ..project.files import FileFacts
from ..project.modules import find_module_file
from ..syntax.nodes import default_of, dotted_parts, strip_optional
from ..verdict import Verdict
from .value import DATA, UNKNOWN_VALUE, Value, merge

_DEPENDS = frozenset({"fastapi.Depends", "fastapi.params.Depends", "fastapi.Security", "fastapi.params.Security"})
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_MAX_MODULE_HOPS = 6


class BindingsMixin:
    """Part of ``Tracer``: what a name, an attribute or a subscript holds."""

    def _name_value(self, name: ast.Name, facts: FileFacts, depth: int) -> Value:
        bindings = facts.syntax.reaching(name)
        if not bindings:
            return UNKNOWN_VALUE
        return merge([self.binding_value(binding, facts, depth) for binding in bindings])

    def binding_value(self, binding: ast.AST, facts: FileFacts, depth: int) -> Value:
        if isinstance(binding, ast.alias):
            dotted = facts.names.imported_from(binding)
            return self.member_value(dotted, facts, depth) if dotted else UNKNOWN_VALUE
        if isinstance(binding, (*_DEFINITIONS, ast.ExceptHandler)):
            return DATA  # a function, a class, an exception
        if isinstance(binding, ast.arg):
            return self.parameter_value(binding, facts, depth)
        if not isinstance(binding, ast.Name):
            return UNKNOWN_VALUE
        parent = facts.syntax.parent(binding)
        if isinstance(parent, (ast.Tuple, ast.List)) and isinstance(facts.syntax.parent(parent), ast.Assign):
            return self._unpacked(binding, facts.syntax.parent(parent), facts, depth)
        if isinstance(parent, ast.Assign):
            return self.value(parent.value, facts, depth + 1) if binding in parent.targets else UNKNOWN_VALUE
        if isinstance(parent, ast.AnnAssign):
            if parent.value is not None:
                return self.value(parent.value, facts, depth + 1)
            return self.annotated(parent.annotation, facts) or UNKNOWN_VALUE
        if isinstance(parent, ast.NamedExpr):
            return self.value(parent.value, facts, depth + 1)
        if isinstance(parent, ast.withitem) and parent.optional_vars is binding:
            return self.value(parent.context_expr, facts, depth + 1).entered()
        if isinstance(parent, (ast.AsyncFor, ast.For)) and parent.target is binding:
            return self._iterated(parent, facts, depth)
        return UNKNOWN_VALUE

    def _unpacked(self, binding: ast.Name, assign: ast.Assign, facts: FileFacts, depth: int) -> Value:
        """``a, b = x, y``: the element at the same position; ``reader, writer = <a loop-bound pair>``: each
        part is bound to the same loop."""
        for target in assign.targets:
            if not (isinstance(target, (ast.Tuple, ast.List)) and binding in target.elts):
                continue
            if isinstance(assign.value, (ast.Tuple, ast.List)):
                if len(target.elts) == len(assign.value.elts):
                    return self.value(assign.value.elts[target.elts.index(binding)], facts, depth + 1)
                return UNKNOWN_VALUE
            whole = self.value(assign.value, facts, depth + 1)
            return whole if whole.bound is Verdict.YES and whole.kind is not None else UNKNOWN_VALUE
        return UNKNOWN_VALUE

    def _iterated(self, loop: ast.AST, facts: FileFacts, depth: int) -> Value:
        """``async for db in get_db():`` holds what the project generator yields."""
        if not isinstance(loop.iter, ast.Call):
            return UNKNOWN_VALUE
        target = self.callee_definition(loop.iter.func, facts, depth)
        if target is None or isinstance(target[0], ast.ClassDef):
            return UNKNOWN_VALUE
        function, function_facts = target
        yields = [value for node, value in self.produced(function, function_facts) if isinstance(node, ast.Yield)]
        if not yields:
            return UNKNOWN_VALUE
        value = merge([self.value(expression, function_facts, depth + 1) for expression in yields])
        if value.bound is Verdict.YES:
            where = f"{self.relative(function_facts.path)}:{function.lineno}"
            return value.through(f"iterating {function.name}() ({where}), which yields")
        return value

    def annotated(self, annotation: ast.AST | None, facts: FileFacts) -> Value | None:
        """A catalogue type named by an annotation (``session: AsyncSession``)."""
        if annotation is None:
            return None
        kind = self.catalogue.types.get(facts.qualname(strip_optional(annotation)) or "")
        if kind is None:
            return None
        return Value(Verdict.YES, f"a {kind.name}", kind, chain=(f"annotated as {kind.name}",), facts=facts)

    def parameter_value(self, parameter: ast.arg, facts: FileFacts, depth: int) -> Value:
        """A fixture parameter holds the fixture pytest injects; a ``Depends`` one what the dependency gives."""
        arguments = facts.syntax.parent(parameter)
        function = facts.syntax.parent(arguments) if arguments is not None else None
        if function is None or isinstance(function, ast.Lambda):
            return UNKNOWN_VALUE
        requester = self.fixtures.requester_of(function, facts)
        if requester is not None and any(p is parameter for p in requester.requests()):
            fixture = self.fixtures.resolve(parameter.arg, requester)
            return self.fixture_value(fixture, requester, depth + 1) if fixture is not None else UNKNOWN_VALUE
        dependency = self.dependency_of(function, parameter, facts)
        if dependency is not None:
            return self.dependency_value(dependency, facts, depth)
        return self.annotated(parameter.annotation, facts) or UNKNOWN_VALUE

    def dependency_of(self, function: ast.AST, parameter: ast.arg, facts: FileFacts) -> ast.AST | None:
        """The callable in ``param = Depends(dep)`` or ``param: Annotated[T, Depends(dep)]``."""
        candidates = [default_of(function, parameter)]
        annotation = parameter.annotation
        if isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Tuple):
            candidates += annotation.slice.elts[1:]
        for candidate in candidates:
            if isinstance(candidate, ast.Call) and facts.qualname(candidate.func) in _DEPENDS and candidate.args:
                return candidate.args[0]
        return None

    def dependency_value(self, dependency: ast.AST, facts: FileFacts, depth: int) -> Value:
        """What FastAPI passes for ``Depends(dependency)``: its return value, or what it yields."""
        target = self.callee_definition(dependency, facts, depth)
        if target is None or isinstance(target[0], ast.ClassDef):
            return UNKNOWN_VALUE
        function, function_facts = target
        produced = [value for _node, value in self.produced(function, function_facts)]
        if not produced:
            return UNKNOWN_VALUE
        value = merge([self.value(expression, function_facts, depth + 1) for expression in produced])
        if value.bound is Verdict.YES:
            where = f"{self.relative(function_facts.path)}:{function.lineno}"
            return value.through(f"Depends({function.name}) ({where}) gives")
        return value

    # -- attributes and subscripts ---------------------------------------------------------

    def _attribute_value(self, node: ast.Attribute, facts: FileFacts, depth: int) -> Value:
        dotted = facts.qualname(node)
        if dotted:
            if dotted.split(".")[0] in DATA_MODULES:
                return DATA
            if self.module_members(dotted, facts):
                return self.member_value(dotted, facts, depth)
        owner = self.method_class(node, facts)
        if owner is not None:
            return self._self_attribute(node, owner, facts, depth)
        parts = dotted_parts(node)
        if parts and "state" in parts[1:-1]:
            stored = self.state_values(parts, facts, depth)
            if stored:
                return merge(stored)
        receiver = self.value(node.value, facts, depth + 1)
        return DATA if receiver.bound is Verdict.NO else UNKNOWN_VALUE

    def _self_attribute(self, node: ast.Attribute, owner: ast.ClassDef, facts: FileFacts, depth: int) -> Value:
        values = []
        for statement in owner.body:
            targets = statement.targets if isinstance(statement, ast.Assign) else (
                [statement.target] if isinstance(statement, ast.AnnAssign) else [])
            if any(isinstance(t, ast.Name) and t.id == node.attr for t in targets) and statement.value is not None:
                values.append(self.value(statement.value, facts, depth + 1))
        for target in facts.syntax.nodes(ast.Attribute):
            if target.attr != node.attr or not isinstance(target.ctx, ast.Store):
                continue
            if self.method_class(target, facts) is not owner:
                continue
            assign = facts.syntax.parent(target)
            if not (isinstance(assign, (ast.Assign, ast.AnnAssign)) and assign.value is not None):
                return UNKNOWN_VALUE
            values.append(self.value(assign.value, facts, depth + 1))
        return merge(values) if values else UNKNOWN_VALUE

    def state_values(self, parts: list[str], facts: FileFacts, depth: int) -> list[Value]:
        """What this file stores at ``<app>.state.<name>``: ``app.state.db`` / ``request.app.state.db``."""
        key = parts[parts.index("state", 1):]
        found = []
        for target in facts.syntax.nodes(ast.Attribute):
            if not isinstance(target.ctx, ast.Store) or target.attr != parts[-1]:
                continue
            stored = dotted_parts(target)
            if stored and len(stored) > len(key) and stored[-len(key):] == key:
                assign = facts.syntax.parent(target)
                if not isinstance(assign, ast.Assign) or len(assign.targets) != 1:
                    return []
                found.append(self.value(assign.value, facts, depth + 1))
        return found

    def _subscript_value(self, node: ast.Subscript, facts: FileFacts, depth: int) -> Value:
        """``app["pool"]`` (aiohttp's app storage): what this file stores under that key."""
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            receiver_tail = (dotted_parts(node.value) or [None])[-1]
            stored = []
            for target in facts.syntax.nodes(ast.Subscript):
                if not isinstance(target.ctx, ast.Store) or not isinstance(target.slice, ast.Constant):
                    continue
                if target.slice.value != key.value or (dotted_parts(target.value) or [None])[-1] != receiver_tail:
                    continue
                assign = facts.syntax.parent(target)
                if isinstance(assign, ast.Assign) and len(assign.targets) == 1:
                    stored.append(self.value(assign.value, facts, depth + 1))
            if stored:
                return merge(stored)
        receiver = self.value(node.value, facts, depth + 1)
        return DATA if receiver.bound is Verdict.NO else UNKNOWN_VALUE

    # -- definitions and modules -----------------------------------------------------------

    def callee_definition(self, func: ast.AST, facts: FileFacts, depth: int) -> tuple[ast.AST, FileFacts] | None:
        """The project ``def``/``class`` a callee expression names, in this file or a project module."""
        if isinstance(func, ast.Name):
            _scope, bindings = facts.syntax.lookup(func)
            if len(bindings) != 1:
                return None
            binding = bindings[0]
            if isinstance(binding, _DEFINITIONS):
                return binding, facts
            if isinstance(binding, ast.alias):
                dotted = facts.names.imported_from(binding)
                return self.member_definition(dotted, facts, depth) if dotted else None
            if isinstance(binding, ast.arg):
                owner = self.method_class(func, facts, receiver=func)
                return (owner, facts) if owner is not None and binding.arg in ("cls", "self") else None
            return None
        if isinstance(func, ast.Attribute):
            owner = self.method_class(func, facts)
            if owner is None and depth < 8:
                found = self.callee_definition(func.value, facts, depth + 1)
                owner = found[0] if found is not None and isinstance(found[0], ast.ClassDef) else None
                facts = found[1] if owner is not None else facts
            if owner is not None:
                method = next((s for s in owner.body if isinstance(s, _DEFINITIONS) and s.name == func.attr), None)
                return (method, facts) if method is not None else None
            dotted = facts.qualname(func)
            return self.member_definition(dotted, facts, depth) if dotted else None
        return None

    def member_definition(self, dotted: str, facts: FileFacts, depth: int) -> tuple[ast.AST, FileFacts] | None:
        found = self.module_members(dotted, facts)
        if len(found) == 1 and isinstance(found[0][0], _DEFINITIONS):
            return found[0]
        return None

    def member_value(self, dotted: str, facts: FileFacts, depth: int) -> Value:
        """The value of ``pkg.module.name`` from the project's own source (a module counts as data)."""
        members = self.module_members(dotted, facts)
        if not members:
            return UNKNOWN_VALUE
        values = []
        for binding, member_facts in members:
            value = self.binding_value(binding, member_facts, depth + 1)
            if value.bound is Verdict.YES and binding is not None and member_facts is not self.facts:
                name = dotted.rsplit(".", 1)[-1]
                line = getattr(binding, "lineno", 0)
                value = value.through(f"'{name}' imported from {self.relative(member_facts.path)}:{line},")
            values.append(value)
        return merge(values)

    def module_members(self, dotted: str, importer: FileFacts, hops: int = 0) -> list[tuple[ast.AST, FileFacts]]:
        """Bindings of ``pkg.module.name`` in the project's ``pkg/module.py`` (re-exports followed)."""
        key = (dotted, importer.path)
        if hops == 0 and key in self._members:
            return self._members[key]
        found = self._module_members(dotted, importer, hops)
        if hops == 0:
            self._members[key] = found
        return found

    def _module_members(self, dotted: str, importer: FileFacts, hops: int) -> list[tuple[ast.AST, FileFacts]]:
        module, _, name = dotted.rpartition(".")
        if not module or hops > _MAX_MODULE_HOPS:
            return []
        path = find_module_file(module, self.roots_of(importer.path))
        member_facts = self.facts_of(path) if path else None
        if member_facts is None:
            return []
        found: list[tuple[ast.AST, FileFacts]] = []
        for binding in member_facts.syntax.module_scope.bindings.get(name, []):
            if isinstance(binding, ast.alias):
                target = member_facts.names.imported_from(binding)
                if target and target != dotted:
                    found += self.module_members(target, member_facts, hops + 1)
                    continue
                return []
            found.append((binding, member_facts))
        return found

    def assigned_expressions(self, node: ast.AST, facts: FileFacts, depth: int) -> list[tuple[ast.AST, FileFacts]]:
        """The expressions a name is assigned from, following imports into project modules."""
        if isinstance(node, ast.Name):
            _scope, bindings = facts.syntax.lookup(node)
            pairs = [(b, facts) for b in bindings]
        elif isinstance(node, ast.Attribute) and facts.qualname(node):
            pairs = self.module_members(facts.qualname(node), facts)
        else:
            return []
        found = []
        for binding, binding_facts in pairs:
            if isinstance(binding, ast.alias):
                dotted = binding_facts.names.imported_from(binding)
                members = self.module_members(dotted, binding_facts) if dotted else []
                pairs_found = [(b, f) for b, f in members]
            else:
                pairs_found = [(binding, binding_facts)]
            for inner, inner_facts in pairs_found:
                parent = inner_facts.syntax.parent(inner) if isinstance(inner, ast.Name) else None
                if isinstance(parent, ast.Assign) and inner in parent.targets:
                    found.append((parent.value, inner_facts))
                elif isinstance(parent, ast.AnnAssign) and parent.value is not None:
                    found.append((parent.value, inner_facts))
                else:
                    return []
        return found

    @staticmethod
    def method_class(node: ast.AST, facts: FileFacts, receiver: ast.AST | None = None) -> ast.ClassDef | None:
        """The class whose instance ``self.x``/``cls.x`` refers to, when ``node`` is such an attribute (or,
        with ``receiver``, when that name is a method's ``self``/``cls``)."""
        expression = receiver if receiver is not None else getattr(node, "value", None)
        if not isinstance(expression, ast.Name):
            return None
        function = facts.syntax.function_of(node)
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        owner = facts.syntax.parent(function)
        if not isinstance(owner, ast.ClassDef):
            return None
        positional = [*function.args.posonlyargs, *function.args.args]
        return owner if positional and positional[0].arg == expression.id else None
