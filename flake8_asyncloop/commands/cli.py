"""``flake8-asyncloop``: the console script (``map`` and ``fix``).

Both commands take the plugin's own options and read the ``[flake8]`` config as flake8 does
(``run_options``), so they judge the code exactly as ``flake8 --select ALP`` does from the same
directory.  Neither imports the code it reads.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from flake8.exceptions import ExecutionError

from .. import __version__
from .run_options import add_flake8_options, read_run_options

USAGE_ERROR = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser, destinations = _parser()
    arguments = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    if arguments.command is None:
        parser.print_help()
        return USAGE_ERROR
    try:
        options = read_run_options(arguments, destinations)
    except (ExecutionError, ValueError) as error:
        print(f"flake8-asyncloop: {error}", file=sys.stderr)
        return USAGE_ERROR
    if arguments.command == "map":
        from .map_command import run_map
        return run_map(arguments, options)
    from .fixes.engine import fixes_unavailable, run_fix
    missing = fixes_unavailable()
    if missing:
        print(missing, file=sys.stderr)
        return USAGE_ERROR
    return run_fix(arguments, options)


def _parser() -> tuple[argparse.ArgumentParser, list[str]]:
    parser = argparse.ArgumentParser(
        prog="flake8-asyncloop",
        description="Explain and repair event-loop lifecycle mistakes in async pytest code. Both commands read "
        "the same options and [flake8] config as 'flake8 --select ALP'.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    map_parser = commands.add_parser(
        "map", help="show each test's loop and fixtures, and where a loop-bound value crosses loops",
        description="For each selected test: the loop it runs on, every fixture it uses in setup order with its "
        "scope, loop, definition and value, and a marked line wherever a loop-bound value crosses loops.")
    map_parser.add_argument("targets", nargs="*", metavar="PATH|NODEID",
                            help="files, directories or test ids (tests/test_api.py::TestOrders::test_create); "
                            "default: the current directory")
    map_parser.add_argument("--format", choices=("text", "json", "mermaid"), default="text",
                            help="text (default), json (schema in docs/map.md) or mermaid (Markdown with one graph "
                            "per test)")
    map_parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                            help="colour the text format: auto (default) on a terminal unless NO_COLOR is set")
    fix_parser = commands.add_parser(
        "fix", help="print (or --write) the fixes for the findings that have one",
        description="Run the plugin on the files, then fix what it reports where a fix exists. Prints a unified "
        "diff; --write changes the files. Needs the 'fix' extra: pip install 'flake8-asyncloop[fix]'.")
    fix_parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; default: the current "
                            "directory")
    fix_parser.add_argument("--write", action="store_true", help="write the fixes instead of printing a diff")
    fix_parser.add_argument("--unsafe-fixes", action="store_true",
                            help="also apply the fixes that change how tests run (loops, config keys, lifespans)")
    fix_parser.add_argument("--select", metavar="CODES", type=_codes, default=None,
                            help="fix only these codes or prefixes, comma separated (e.g. ALP302,ALP01)")
    destinations = []
    for command in (map_parser, fix_parser):
        destinations = add_flake8_options(command)
    return parser, destinations


def _codes(value: str) -> list[str]:
    codes = [code.strip().upper() for code in value.split(",") if code.strip()]
    if not codes or not all(code.startswith("ALP") for code in codes):
        raise argparse.ArgumentTypeError(f"{value!r}: give ALP codes or prefixes, comma separated")
    return codes


def use_colour(choice: str) -> bool:
    """``--color``: always, never, or on a terminal when NO_COLOR is not set (https://no-color.org)."""
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
