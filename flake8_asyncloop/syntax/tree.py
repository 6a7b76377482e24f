"""One parsed file, walked once: parent links, nodes by type, scopes and the names they bind.

flake8 hands every plugin the same ``ast`` tree; it is never modified here (parents and
scopes live in dictionaries keyed by node identity).  One iterative walk fills every index,
so a rule asking for "every call" or "the binding of this name" costs a dictionary lookup.
Rebuilding the file as an astroid tree cost about as much as flake8-bugbear's whole check;
this walk costs a quarter of it (see benchmarks/README.md).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .scopes import Scope, bind_targets

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_NEW_SCOPES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, *_COMPREHENSIONS})
_BINDING_KINDS = frozenset({ast.Name, ast.arg, ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal, ast.NamedExpr,
                            ast.ExceptHandler, ast.MatchAs, ast.MatchStar, ast.MatchMapping})

# Fields that never hold a node worth a visit: names and literals, and the shared singleton instances of
# ``Load``/``Store``, operators and comparators (one object for the whole process, so no parent of their own).
_LEAF_FIELDS = frozenset({"ctx", "op", "ops", "id", "attr", "name", "arg", "module", "level", "kind", "type_comment",
                          "is_async", "conversion"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(kind: type) -> tuple[str, ...]:
    """The fields of a node class that may hold child nodes, last first (the walk pushes onto a stack)."""
    fields = [field for field in kind._fields if field not in _LEAF_FIELDS]
    if kind is ast.Constant:
        fields = []
    return tuple(reversed(fields))


class SyntaxTree:
    """An ``ast.Module`` with the indexes every rule reads."""

    def __init__(self, module: ast.Module, defer_function_bodies: bool = False) -> None:
        """With ``defer_function_bodies`` (a project module read for a few of its names, whose functions
        declare no ``global``), the bodies of functions are walked when a question first reaches into one:
        the module scope, the classes and every ``def`` line are there from the start."""
        self.module = module
        self._parents: dict[int, ast.AST] = {}
        self._owners: dict[int, ast.AST] = {}
        self._by_type: dict[type, list[ast.AST]] = {}
        self.scopes: dict[int, Scope] = {}
        self.module_scope = Scope(module, None, "module")
        self.scopes[id(module)] = self.module_scope
        self._owned: dict[tuple[int, type], list[ast.AST]] | None = None
        self._deferring = defer_function_bodies
        self._deferred: dict[int, tuple[list[ast.AST], tuple]] = {}  # id(function) -> (body, its context)
        self._unsorted = False  # bodies walked late left the by-type lists out of source order
        self._walk([module], [(None, self.module_scope)])
        self._deferring = False

    # -- the walk ----------------------------------------------------------------------

    def _walk(self, nodes: list[ast.AST], contexts: list[tuple[ast.AST | None, Scope]]) -> None:
        # The hot loop of the plugin: local names, one type test per branch.  Children go on one stack and
        # their (parent, scope) on another, one tuple per parent: a tuple per child made the collector run
        # after every few hundred nodes.
        parents, owners, by_type = self._parents, self._owners, self._by_type
        pop, push, pop_context, push_context = nodes.pop, nodes.append, contexts.pop, contexts.append
        module_scope = self.module_scope
        AST, definitions, binding_kinds, child_fields = ast.AST, _NEW_SCOPES, _BINDING_KINDS, _CHILD_FIELDS
        while nodes:
            node = pop()
            parent, scope = pop_context()
            node_id = id(node)
            if parent is not None:
                parents[node_id] = parent
            owners[node_id] = scope.node
            kind = type(node)
            found = by_type.get(kind)
            if found is None:
                by_type[kind] = [node]
            else:
                found.append(node)
            if kind in definitions:
                if kind in _COMPREHENSIONS:
                    self._enter_comprehension(node, scope, nodes, contexts)
                else:
                    self._enter_definition(node, scope, nodes, contexts)
                continue
            context = (node, scope)
            if kind is ast.arguments:  # defaults and annotations were pushed with the enclosing scope
                parameters = [*node.posonlyargs, *node.args, *node.kwonlyargs]
                parameters += [a for a in (node.vararg, node.kwarg) if a is not None]
                for parameter in reversed(parameters):
                    push(parameter)
                    push_context(context)
                continue
            if kind in binding_kinds:
                bind_targets(node, scope, module_scope)
                if kind is ast.arg:
                    continue
            fields = child_fields.get(kind)
            if fields is None:
                fields = child_fields[kind] = _child_fields(kind)
            for field in fields:
                value = getattr(node, field, None)
                if isinstance(value, list):
                    for child in reversed(value):
                        if isinstance(child, AST):
                            push(child)
                            push_context(context)
                elif isinstance(value, AST):
                    push(value)
                    push_context(context)

    def _enter_definition(self, node, scope: Scope, nodes: list, contexts: list) -> None:
        """Decorators, defaults, annotations and bases belong to the enclosing scope; the body to a new one."""
        kind = "class" if isinstance(node, ast.ClassDef) else "function"
        inner = Scope(node, scope, kind)
        self.scopes[id(node)] = inner
        if not isinstance(node, ast.Lambda):
            scope.bind(node.name, node)
        outer: list[ast.AST] = list(getattr(node, "decorator_list", ()))
        body: list[ast.AST] = []
        if isinstance(node, ast.ClassDef):
            outer += [*node.bases, *node.keywords]
            body = list(node.body)
        else:
            arguments = node.args
            outer += [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
            outer += [a.annotation for a in every if a.annotation is not None]
            if getattr(node, "returns", None) is not None:
                outer.append(node.returns)
            body.append(arguments)
            body += node.body if isinstance(node.body, list) else [node.body]
        inside, outside = (node, inner), (node, scope)
        if self._deferring and kind == "function" and not isinstance(node, ast.Lambda):
            self._deferred[id(node)] = (body, inside)
            body = []
        for child in reversed(body):
            nodes.append(child)
            contexts.append(inside)
        for child in reversed(outer):
            nodes.append(child)
            contexts.append(outside)

    def _enter_comprehension(self, node, scope: Scope, nodes: list, contexts: list) -> None:
        """The first iterable is evaluated outside; targets, conditions and the element inside."""
        inner = Scope(node, scope, "comprehension")
        self.scopes[id(node)] = inner
        inside, outside = (node, inner), (node, scope)
        generators = node.generators
        children: list[tuple[ast.AST, tuple]] = [(generators[0].iter, outside)]
        for index, generator in enumerate(generators):
            children.append((generator.target, inside))
            if index:
                children.append((generator.iter, inside))
            children += [(condition, inside) for condition in generator.ifs]
        elements = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        children += [(element, inside) for element in elements]
        for child, context in reversed(children):
            nodes.append(child)
            contexts.append(context)

    def _complete_function(self, function: ast.AST) -> None:
        """Walk a deferred function body now, and add what it holds to the indexes already built."""
        deferred = self._deferred.pop(id(function), None)
        if deferred is None:
            return
        body, inside = deferred
        lengths = {kind: len(found) for kind, found in self._by_type.items()}
        self._walk(list(reversed(body)), [inside] * len(body))
        self._unsorted = True
        if self._owned is not None:
            added = {kind: found[lengths.get(kind, 0):] for kind, found in self._by_type.items()}
            for key, found in self._index_by_home(added).items():
                self._owned.setdefault(key, []).extend(found)
                self._owned[key].sort(key=_position)

    def _complete(self) -> None:
        """Walk every deferred body: a question about a node we have not seen may be about any of them."""
        while self._deferred:
            for function_id in list(self._deferred):
                _body, (function, _scope) = self._deferred[function_id]
                self._complete_function(function)

    # -- questions ---------------------------------------------------------------------

    def parent(self, node: ast.AST) -> ast.AST | None:
        found = self._parents.get(id(node))
        if found is None and self._deferred and node is not self.module:
            self._complete()
            found = self._parents.get(id(node))
        return found

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        parent = self.parent(node)
        while parent is not None:
            yield parent
            parent = self.parent(parent)

    def nodes(self, *kinds: type) -> list[ast.AST]:
        """Every node of these exact classes, in walk order (source order within one class; in a file whose
        bodies were walked late, in the order of where the nodes start)."""
        if self._deferred:
            self._complete()
        if self._unsorted:
            for found in self._by_type.values():
                found.sort(key=_position)
            self._unsorted = False
        if len(kinds) == 1:
            return self._by_type.get(kinds[0], [])
        found = [node for kind in kinds for node in self._by_type.get(kind, ())]
        found.sort(key=_position)
        return found

    def owner(self, node: ast.AST) -> ast.AST:
        """The function, lambda, class, comprehension or module whose scope ``node`` is evaluated in."""
        found = self._owners.get(id(node))
        if found is None and self._deferred:
            self._complete()
            found = self._owners.get(id(node))
        return found if found is not None else self.module

    def scope(self, node: ast.AST) -> Scope:
        return self.scopes[id(self.owner(node))]

    def function_of(self, node: ast.AST) -> ast.AST | None:
        """The innermost function or lambda ``node`` runs in (comprehensions are looked through); None at
        module or class level."""
        owner = self.owner(node)
        while isinstance(owner, _COMPREHENSIONS):
            owner = self.owner(owner)
        return owner if isinstance(owner, FUNCTIONS) else None

    def enclosing_functions(self, node: ast.AST) -> list[ast.AST]:
        """Functions and lambdas around ``node``, innermost first."""
        found = []
        function = self.function_of(node)
        while function is not None:
            found.append(function)
            function = self.function_of(function)
        return found

    def own_nodes(self, scope_node: ast.AST, *kinds: type) -> list[ast.AST]:
        """Nodes of these classes evaluated in ``scope_node`` itself (not in nested functions or classes;
        comprehensions are part of the function that holds them), in source order."""
        if self._deferred:
            if id(scope_node) in self._deferred:
                self._complete_function(scope_node)
            elif id(scope_node) not in self.scopes:
                self._complete()  # a node inside a body not walked yet
        if self._owned is None:
            self._owned = self._index_by_home(self._by_type)
        if len(kinds) == 1:
            return self._owned.get((id(scope_node), kinds[0]), [])
        found = [node for kind in kinds for node in self._owned.get((id(scope_node), kind), ())]
        found.sort(key=_position)
        return found

    def nodes_inside(self, scope_node: ast.AST, *kinds: type) -> list[ast.AST]:
        """Nodes of these classes evaluated in ``scope_node`` or in any function, lambda or class nested in it,
        in source order (the index of ``own_nodes``, not a new walk)."""
        found: list[ast.AST] = []
        pending = [scope_node]
        while pending:
            owner = pending.pop()
            found += self.own_nodes(owner, *kinds)
            pending += self.own_nodes(owner, *_NESTED)
        found.sort(key=_position)
        return found

    def _index_by_home(self, by_type: dict[type, list[ast.AST]]) -> dict[tuple[int, type], list[ast.AST]]:
        """Nodes by (id of the function, class or module they run in, class); one pass over the walk's
        indexes, comprehensions folded into their home once each."""
        owned: dict[tuple[int, type], list[ast.AST]] = {}
        owners, module = self._owners, self.module
        homes: dict[int, int] = {}  # id(owner) -> id(home)
        for kind, found in by_type.items():
            for node in found:
                owner = owners.get(id(node), module)
                owner_id = id(owner)
                home_id = homes.get(owner_id)
                if home_id is None:
                    home_id = homes[owner_id] = id(self._home(node))
                key = (home_id, kind)
                bucket = owned.get(key)
                if bucket is None:
                    owned[key] = [node]
                else:
                    bucket.append(node)
        return owned

    def _home(self, node: ast.AST) -> ast.AST:
        owner = self.owner(node)
        while isinstance(owner, _COMPREHENSIONS):
            owner = self.owner(owner)
        return owner

    def statement(self, node: ast.AST) -> ast.AST:
        """The statement ``node`` is part of."""
        current = node
        while not isinstance(current, ast.stmt):
            parent = self.parent(current)
            if parent is None:
                return current
            current = parent
        return current

    def reaching(self, node: ast.Name) -> list[ast.AST]:
        """The bindings of the name at ``node`` that may reach it, in straight-line order: the last binding that
        surely runs before the use (in a block enclosing it, or a parameter), and the ones after it that may.
        Loops are not followed (a later binding in a loop body is ignored), so this errs towards the last
        binding written before the use; with no binding before the use every binding counts."""
        scope, bindings = self.lookup(node)
        if scope is None or scope.kind != "function" or len(bindings) < 2 or self.scope(node) is not scope:
            return bindings
        use = self.statement(node)
        last_sure = None
        for index, binding in enumerate(bindings):
            if isinstance(binding, ast.arg) or self._runs_before(self.statement(binding), use):
                last_sure = index
        if last_sure is None:
            return bindings
        later = [b for b in bindings[last_sure + 1:] if _position(self.statement(b)) < _position(use)]
        return [bindings[last_sure], *later]

    def _runs_before(self, binding_statement: ast.AST, use: ast.AST) -> bool:
        """``binding_statement`` sits in a block that encloses ``use`` (or holds it), earlier in that block."""
        block_owner = self.parent(binding_statement)
        for body_name in ("body", "orelse", "finalbody"):
            block = getattr(block_owner, body_name, None)
            if isinstance(block, list) and binding_statement in block:
                break
        else:
            return False
        position = block.index(binding_statement)
        current = use
        while current is not None and current is not block_owner:
            if current in block[position + 1:]:
                return True
            current = self.parent(current)
        return False

    def lookup(self, node: ast.Name) -> tuple[Scope | None, list[ast.AST]]:
        """The scope that binds the name used at ``node`` and every binding of it there (Python's rules:
        ``global``/``nonlocal``, class bodies invisible to their methods); ``(None, [])`` for builtins."""
        return self.scope(node).resolve(node.id)


def _position(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
