"""The flake8 entry point: options in, findings out, nothing else."""

from __future__ import annotations

from . import __version__
from .checker import check_source
from .options import add_options, settings_from
from .settings import Settings
from .registry import DEFAULT_OFF, docs_url


class Plugin:
    name = "flake8-asyncloop"
    version = __version__

    settings = Settings()

    def __init__(self, tree, lines, filename) -> None:
        self._tree = tree
        self._lines = lines
        self._filename = filename

    @classmethod
    def add_options(cls, option_manager) -> None:
        add_options(option_manager)
        if DEFAULT_OFF:
            option_manager.extend_default_ignore(DEFAULT_OFF)

    @classmethod
    def parse_options(cls, options) -> None:
        cls.settings = settings_from(options)

    def run(self):
        source = "".join(self._lines)
        for finding in check_source(self._filename, source, self._tree, self.settings):
            if self.settings.show_docs:
                finding = finding.with_message(f"{finding.message} (see {docs_url(finding.code)})")
            yield finding.as_flake8()
