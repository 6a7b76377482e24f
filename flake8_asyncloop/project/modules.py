"""Finding the project's own modules as files, the way ``python -m pytest`` would import them.

Used for ``pytest_plugins`` and for rules that follow a test's import into the
application (an app object, a module-level engine).  Files are parsed by
``loading.load_file``; nothing is ever imported.
"""

from __future__ import annotations

import os


def package_of(path: str) -> str:
    """Dotted package holding ``path``: the chain of directories with ``__init__.py``."""
    parts: list[str] = []
    directory = os.path.dirname(os.path.abspath(path))
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        parts.append(os.path.basename(directory))
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return ".".join(reversed(parts))


def basedir_of(path: str) -> str:
    """pytest's rootdir-insertion directory: the first directory upward without ``__init__.py``."""
    directory = os.path.dirname(os.path.abspath(path))
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return directory


def search_roots(path: str, rootdir: str | None, pythonpath: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Directories a dotted module name may be found under, most specific first, without duplicates."""
    roots = [basedir_of(path)]
    if rootdir:
        roots.append(rootdir)
        roots.extend(os.path.join(rootdir, entry) for entry in pythonpath)
        roots.append(os.path.join(rootdir, "src"))
    roots.append(os.getcwd())
    roots.append(os.path.join(os.getcwd(), "src"))
    seen: dict[str, None] = {}
    for root in roots:
        seen.setdefault(os.path.normpath(root), None)
    return tuple(seen)


def find_module_file(dotted: str, roots: tuple[str, ...]) -> str | None:
    """The ``.py`` file of ``dotted`` under one of ``roots``, or None (then rules stay silent)."""
    if not dotted or dotted.startswith("."):
        return None
    relative = os.path.join(*dotted.split("."))
    for root in roots:
        for candidate in (relative + ".py", os.path.join(relative, "__init__.py")):
            full = os.path.join(root, candidate)
            if os.path.isfile(full):
                return full
    return None


def module_name_of(path: str) -> str:
    """Dotted module name of a file, the way pytest's rootdir-relative import would name it."""
    stem = os.path.splitext(os.path.basename(path))[0]
    package = package_of(path)
    if stem == "__init__":
        return package
    return f"{package}.{stem}" if package else stem
