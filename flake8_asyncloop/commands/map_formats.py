"""The loop map printed three ways: text for a terminal, JSON for tools, Mermaid for a pull request.

The JSON layout is a contract (``docs/map.md`` documents it): fields are only ever added, and
``schema_version`` changes when one is renamed, removed or changes meaning.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .. import __version__
from .loop_map import Crossing, FixtureEntry, Location, LoopView, MappedTest, ValueView

SCHEMA_VERSION = 1

# -- text ------------------------------------------------------------------------------------------

_RESET = "\033[0m"
_BOLD = "\033[1m"
_DIM = "\033[2m"
_RED = "\033[1;31m"
_LOOP_COLOURS = ("\033[36m", "\033[35m", "\033[33m", "\033[32m", "\033[34m")


class _Style:
    """ANSI colours when asked for, nothing otherwise; each loop keeps one colour for the whole output."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour
        self._loops: dict[str, str] = {}

    def paint(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.colour else text

    def loop(self, view: LoopView) -> str:
        if view.key not in self._loops:
            self._loops[view.key] = _LOOP_COLOURS[len(self._loops) % len(_LOOP_COLOURS)]
        return self.paint(self._loops[view.key], view.name)


def render_text(maps: Iterable[MappedTest], colour: bool = False) -> str:
    style = _Style(colour)
    blocks: list[str] = []
    version = None
    for test in maps:
        lines = []
        if test.pytest_asyncio != version:
            version = test.pytest_asyncio
            lines.append(style.paint(_DIM, f"# loop rules of {version}"))
        lines.append(style.paint(_BOLD, test.nodeid))
        lines.append(f"  runs on  {_test_loop(test, style)}")
        if test.fixtures:
            lines.append("  fixtures, in setup order:")
            for entry in test.fixtures:
                lines += _fixture_lines(entry, style)
        else:
            lines.append("  fixtures: none")
        for crossing in test.crossings:
            lines += _crossing_lines(crossing, style)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _test_loop(test: MappedTest, style: _Style) -> str:
    if test.loop is None:
        return f"no event loop: {test.runner}"
    return f"{style.loop(test.loop)} ({test.loop.origin})"


def _fixture_lines(entry: FixtureEntry, style: _Style) -> list[str]:
    if entry.defined_at is None:
        return [f"    {entry.id}  not defined in the project (pytest's or a plugin's fixture){_by(entry)}"]
    kind = "async" if entry.is_async else "sync"
    autouse = ", autouse" if entry.autouse else ""
    head = f"    {style.paint(_BOLD, entry.id)}  {entry.scope}-scoped {kind}{autouse}, {_where(entry.defined_at)}"
    lines = [head + _by(entry)]
    if entry.loop is not None:
        lines.append(f"        loop   {style.loop(entry.loop)} ({entry.loop.origin})")
    elif entry.is_async:
        lines.append(f"        loop   none: {entry.runner}")
    if entry.value is not None:
        lines.append(f"        value  {_value_text(entry.value, style)}")
        if entry.value.leaves_running:
            lines.append(f"        leaves {entry.value.leaves_running}")
    return lines


def _by(entry: FixtureEntry) -> str:
    return f", requested by {', '.join(entry.requested_by)}" if entry.requested_by else ""  # autouse: said before


def _value_text(value: ValueView, style: _Style) -> str:
    verdict = {"yes": "loop-bound", "no": "not loop-bound", "unknown": "cannot tell"}[value.loop_bound]
    text = f"{verdict}: {value.label}"
    if value.made_at is not None:
        text += f" made at {_where(value.made_at)}"
    if value.made_on is not None and value.loop_bound == "yes":
        text += f" on the {style.loop(value.made_on)}"
    return text


def _crossing_lines(crossing: Crossing, style: _Style) -> list[str]:
    head = (f"  !! crosses loops at {_where(crossing.at)}: '{crossing.requester}' on the "
            f"{crossing.requester_loop.name} uses '{crossing.fixture}', made on the {crossing.fixture_loop.name}")
    return [style.paint(_RED, head), f"     {crossing.why}"]


def _where(location: Location) -> str:
    column = f":{location.column}" if location.column is not None else ""
    return f"{location.path}:{location.line}{column}"


# -- JSON ------------------------------------------------------------------------------------------


def render_json(maps: Iterable[MappedTest]) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "flake8-asyncloop", "version": __version__},
        "tests": [_test_json(test) for test in maps],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _test_json(test: MappedTest) -> dict:
    return {
        "nodeid": test.nodeid,
        "location": _location_json(test.location),
        "is_async": test.is_async,
        "runner": test.runner,
        "loop": _loop_json(test.loop),
        "pytest_asyncio": test.pytest_asyncio,
        "fixtures": [_fixture_json(entry) for entry in test.fixtures],
        "crossings": [_crossing_json(crossing) for crossing in test.crossings],
    }


def _fixture_json(entry: FixtureEntry) -> dict:
    return {
        "id": entry.id,
        "name": entry.name,
        "defined_at": _location_json(entry.defined_at),
        "scope": entry.scope,
        "is_async": entry.is_async,
        "autouse": entry.autouse,
        "runner": entry.runner,
        "loop": _loop_json(entry.loop),
        "value": None if entry.value is None else {
            "loop_bound": entry.value.loop_bound,
            "label": entry.value.label,
            "made_at": _location_json(entry.value.made_at),
            "made_on": _loop_json(entry.value.made_on),
            "chain": list(entry.value.chain),
            "leaves_running": entry.value.leaves_running,
        },
        "requested_by": list(entry.requested_by),
    }


def _crossing_json(crossing: Crossing) -> dict:
    return {
        "requester": crossing.requester,
        "requester_loop": _loop_json(crossing.requester_loop),
        "fixture": crossing.fixture,
        "fixture_loop": _loop_json(crossing.fixture_loop),
        "at": _location_json(crossing.at),
        "why": crossing.why,
    }


def _loop_json(view: LoopView | None) -> dict | None:
    if view is None:
        return None
    return {"key": view.key, "scope": view.scope, "origin": view.origin, "provider": _location_json(view.provider)}


def _location_json(location: Location | None) -> dict | None:
    if location is None:
        return None
    found = {"path": location.path, "line": location.line}
    if location.column is not None:
        found["column"] = location.column
    return found


# -- Mermaid -----------------------------------------------------------------------------------------

_FILLS = ("#dbeafe,stroke:#1d4ed8", "#fef3c7,stroke:#b45309", "#dcfce7,stroke:#15803d", "#fae8ff,stroke:#a21caf",
          "#ffedd5,stroke:#c2410c")
_NO_LOOP = "#f3f4f6,stroke:#6b7280"
_EXTERNAL = "#ffffff,stroke:#9ca3af,stroke-dasharray:4"
_CROSSING = "stroke:#dc2626,stroke-width:3px"


def render_mermaid(maps: Iterable[MappedTest]) -> str:
    """Markdown: a heading and a ```mermaid block per test, ready to paste into an issue or pull request."""
    return "\n".join(_test_mermaid(test) for test in maps)


def _test_mermaid(test: MappedTest) -> str:
    loops: dict[str, str] = {}

    def loop_class(view: LoopView | None) -> str:
        if view is None:
            return "noloop"
        if view.key not in loops:
            loops[view.key] = f"loop{len(loops)}"
        return loops[view.key]

    names = {test.name: "t"}
    names.update((entry.id, f"f{index}") for index, entry in enumerate(test.fixtures))
    lines = ["flowchart LR", f'  t["{_label(test.name, _loop_line(test.loop, test.runner))}"]']
    classes = {"t": loop_class(test.loop)}
    legend = {}
    for view in [test.loop, *(entry.loop for entry in test.fixtures)]:
        if view is not None:
            legend[loop_class(view)] = view.name
    for entry in test.fixtures:
        node = names[entry.id]
        lines.append(f'  {node}["{_label(entry.id, *_fixture_details(entry))}"]')
        classes[node] = loop_class(entry.loop) if entry.defined_at is not None else "external"
    edges, crossing_edges = [], []
    crossings = {(crossing.requester, crossing.fixture) for crossing in test.crossings}
    for entry in test.fixtures:
        if not entry.requested_by:
            edges.append(f'  t -.->|"autouse"| {names[entry.id]}')
        for requester in entry.requested_by:
            if (requester, entry.id) in crossings:
                crossing_edges.append(len(edges))
                edges.append(f'  {names[requester]} -->|"crosses loops"| {names[entry.id]}')
            else:
                edges.append(f"  {names[requester]} --> {names[entry.id]}")
    lines += edges
    if legend:
        lines.append('  subgraph legend ["loops"]')
        lines += [f'    {name}_key["{_escape(text)}"]' for name, text in legend.items()]
        lines.append("  end")
        classes.update((f"{name}_key", name) for name in legend)
    lines += [f"  classDef {name} fill:{_FILLS[int(name[4:]) % len(_FILLS)]}" for name in loops.values()]
    lines += [f"  classDef noloop fill:{_NO_LOOP}", f"  classDef external fill:{_EXTERNAL}"]
    lines += [f"  class {node} {name}" for node, name in classes.items()]
    lines += [f"  linkStyle {index} {_CROSSING}" for index in crossing_edges]
    return f"### `{test.nodeid}`\n\n```mermaid\n" + "\n".join(lines) + "\n```\n"


def _loop_line(view: LoopView | None, runner: str) -> str:
    return view.name if view is not None else f"no loop: {runner}"


def _fixture_details(entry: FixtureEntry) -> tuple[str, ...]:
    if entry.defined_at is None:
        return ("pytest's or a plugin's",)
    details = [f"{entry.scope}-scoped {'async' if entry.is_async else 'sync'}", _loop_line(entry.loop, entry.runner)]
    if entry.value is not None and entry.value.loop_bound == "yes":
        details.append(f"loop-bound: {entry.value.label}")
    return tuple(details)


def _label(title: str, *details: str) -> str:
    return "<br/>".join([f"<b>{_escape(title)}</b>", *(_escape(detail) for detail in details)])


def _escape(text: str) -> str:
    """Mermaid labels: entity codes for what would end the label or be read as HTML."""
    return text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
