"""What the commands read the way flake8 reads it: its config file, the plugin's options, the files a
path stands for, and which findings flake8 would show.

Nothing here is a copy of flake8 or of ``options.py``: the plugin registers its options on a
flake8 ``OptionManager`` exactly as it does inside flake8, flake8 finds and parses the
``[flake8]`` section of ``setup.cfg``/``tox.ini``/``.flake8``, and flake8's own style guide
decides which findings ``# noqa``, ``extend-ignore`` and ``per-file-ignores`` hide.  A command
line option beats the config file, as in flake8.
"""

from __future__ import annotations

import argparse
import copy
from dataclasses import dataclass

from flake8.defaults import NOQA_FILE
from flake8.discover_files import expand_paths
from flake8.options.aggregator import aggregate_options
from flake8.options.config import load_config
from flake8.options.manager import Option, OptionManager
from flake8.main.options import register_default_options
from flake8.style_guide import Decision, StyleGuideManager
from flake8.violation import Violation

from .. import __version__
from ..options import settings_from
from ..plugin import Plugin
from ..registry import Finding
from ..settings import Settings


class _CommandLineOptions:
    """Receives the plugin's ``add_options`` calls and turns them into arguments of a command's parser.

    Every default is ``SUPPRESS``, so the parsed namespace holds only the options really given on the
    command line: those override the config file, the rest come from it.
    """

    def __init__(self, group) -> None:
        self._group = group
        self.destinations: list[str] = []

    def add_option(self, *args, **kwargs) -> None:
        names, arguments = Option(*args, **kwargs).to_argparse()
        action = self._group.add_argument(*names, **{**arguments, "default": argparse.SUPPRESS})
        self.destinations.append(action.dest)

    def extend_default_ignore(self, codes) -> None:
        """Default-off codes reach the style guide through the config reader's own option manager."""


def add_flake8_options(parser: argparse.ArgumentParser) -> list[str]:
    """The plugin's options and flake8's config-file switches on ``parser``; returns the plugin's destinations."""
    config = parser.add_argument_group("flake8 configuration")
    config.add_argument("--config", metavar="PATH", default=None,
                        help="read this flake8 config file instead of looking for setup.cfg, tox.ini or .flake8")
    config.add_argument("--append-config", metavar="PATH", action="append", default=[],
                        help="also read this flake8 config file (after the others)")
    config.add_argument("--isolated", action="store_true", help="ignore every flake8 config file")
    plugin = parser.add_argument_group(
        "flake8-asyncloop options (also read from the [flake8] section, as flake8 reads them)")
    receiver = _CommandLineOptions(plugin)
    Plugin.add_options(receiver)
    return receiver.destinations


@dataclass(frozen=True)
class RunOptions:
    settings: Settings  # what every file's analysis is judged with, as the plugin would be
    flake8: argparse.Namespace  # flake8's own options from its config: exclusions, ignores, noqa


def read_run_options(arguments: argparse.Namespace, plugin_destinations: list[str]) -> RunOptions:
    """Config file values with the command line's plugin options on top.

    Raises ``flake8.exceptions.ExecutionError`` for a ``--config`` file that does not exist.
    """
    manager = OptionManager(version=__version__, plugin_versions="", parents=[], formatter_names=["default"])
    register_default_options(manager)
    Plugin.add_options(manager)
    config, config_directory = load_config(arguments.config, arguments.append_config, isolated=arguments.isolated)
    values = aggregate_options(manager, config, config_directory, [])
    for destination in plugin_destinations:
        if hasattr(arguments, destination):
            setattr(values, destination, getattr(arguments, destination))
    return RunOptions(settings_from(values), values)


def python_files(paths: list[str], options: RunOptions) -> list[str]:
    """The files flake8 would lint for ``paths``: its ``exclude``/``extend-exclude`` and ``filename`` patterns,
    explicitly named files always."""
    values = options.flake8
    found = expand_paths(paths=paths or ["."], stdin_display_name="stdin", filename_patterns=values.filename,
                         exclude=[*values.exclude, *values.extend_exclude])
    return sorted(dict.fromkeys(found))


class ReportFilter:
    """Which findings ``flake8 --select ALP`` shows: flake8's style guide over its config's ``ignore``,
    ``extend-ignore`` and ``per-file-ignores``, then ``# noqa`` comments (unless ``disable-noqa``)."""

    def __init__(self, options: RunOptions, select: list[str] | None = None) -> None:
        values = copy.copy(options.flake8)
        values.select = select or ["ALP"]
        self._disable_noqa = bool(values.disable_noqa)
        self._guides = StyleGuideManager(values, formatter=None)

    def whole_file_ignored(self, lines: list[str]) -> bool:
        """``# flake8: noqa`` on a line of its own: flake8 skips the whole file."""
        return not self._disable_noqa and any(NOQA_FILE.match(line) for line in lines)

    def shown(self, path: str, finding: Finding, lines: list[str]) -> bool:
        if self._guides.style_guide_for(path).should_report_error(finding.code) is not Decision.Selected:
            return False
        physical = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
        violation = Violation(finding.code, path, finding.line, finding.col + 1, finding.message, physical)
        return not violation.is_inline_ignored(self._disable_noqa)
