"""``flake8-asyncloop map``: which tests the arguments select, their maps, printed in the chosen format."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass

from ..project.collection import Collection, top_directory
from ..project.config import find_config
from ..project.loading import decode_source
from .analysis import file_context
from .loop_map import MapBuilder, MappedTest
from .map_formats import render_json, render_mermaid, render_text
from .run_options import RunOptions, python_files

_BAD_TARGET = 2


@dataclass
class _Selection:
    path: str
    explicit: bool  # named on the command line: pytest collects it whatever python_files says
    names: tuple[tuple[str, ...], ...] | None  # node ids after the path; None: every test of the file


def run_map(arguments: argparse.Namespace, options: RunOptions) -> int:
    from .cli import use_colour

    selections = _select(arguments.targets or ["."], options)
    if selections is None:
        return _BAD_TARGET
    maps: list[MappedTest] = []
    for selection in selections:
        maps += _maps_of(selection, options)
    if not maps:
        print("flake8-asyncloop map: no test selected", file=sys.stderr)
    if arguments.format == "json":
        sys.stdout.write(render_json(maps))
    elif arguments.format == "mermaid":
        sys.stdout.write(render_mermaid(maps))
    else:
        sys.stdout.write(render_text(maps, colour=use_colour(arguments.color)))
    return 0


def _select(targets: list[str], options: RunOptions) -> list[_Selection] | None:
    """Files in argument order, each once; a node id narrows its file to the tests it names."""
    selected: dict[str, _Selection] = {}
    for target in targets:
        path, _, rest = target.partition("::")
        if not os.path.exists(path):
            print(f"flake8-asyncloop map: {path}: no such file or directory", file=sys.stderr)
            return None
        if rest and not os.path.isfile(path):
            print(f"flake8-asyncloop map: {target}: a node id names a test in a file", file=sys.stderr)
            return None
        explicit = os.path.isfile(path)
        for found in python_files([path], options) if not explicit else [path]:
            if not explicit and not _collected(found):
                continue
            names = tuple(rest.split("::")) if rest else None
            previous = selected.get(found)
            if previous is None:
                selected[found] = _Selection(found, explicit, None if names is None else (names,))
            elif previous.names is not None:
                previous.names = None if names is None else (*previous.names, names)
    return list(selected.values())


def _collected(path: str) -> bool:
    """pytest would collect the file from its directory: checked before any parsing, on the config alone."""
    absolute = os.path.abspath(path)
    config = find_config(os.path.dirname(absolute))
    return Collection(config, top_directory(config, absolute)).is_collected(absolute)


def _maps_of(selection: _Selection, options: RunOptions) -> list[MappedTest]:
    try:
        with open(selection.path, "rb") as handle:
            source = decode_source(handle.read())
        ctx = file_context(selection.path, source, options.settings)
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError) as error:
        print(f"flake8-asyncloop map: {selection.path}: cannot be read: {error}", file=sys.stderr)
        return []
    builder = MapBuilder(ctx)
    if selection.names is None:
        return [builder.mapped(test) for test in builder.select(selection.explicit, None)]
    tests = []
    for names in selection.names:
        tests += [test for test in builder.select(True, names) if test not in tests]
    return [builder.mapped(test) for test in tests]
