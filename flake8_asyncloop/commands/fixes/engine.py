"""``flake8-asyncloop fix``: lint, fix at the reported positions, lint again, until nothing changes.

A fix applies only where the plugin reports, and only where flake8 would show the report
(``# noqa``, ``extend-ignore``, ``per-file-ignores``: ``run_options.ReportFilter``).  Each file is
fixed and re-linted in memory until it reports nothing more to fix; ``--write`` then writes the
files and the pytest config edits and lints every file again, because a fix in one file can
create a finding in another (a fixture moved to the session loop makes its tests cross loops).
Without ``--write`` that first round is printed as a unified diff and nothing is written.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import importlib.util
import io
import os
import sys
import tokenize
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from ...project.loading import decode_source
from ...registry import Finding
from ..analysis import current_findings, file_context
from ..run_options import ReportFilter, RunOptions, python_files
from .model import ConfigEdit, Declined, Fix

Fixer = Callable[..., Iterator["Fix | Declined"]]
_ROUNDS = 8  # --write: lint-and-fix rounds over the whole selection
_FILE_PASSES = 8  # in-memory passes over one file within a round
REQUIRED = ("libcst", "tomlkit", "configupdater")


def fixes_unavailable() -> str | None:
    """Why ``fix`` cannot run here (the ``fix`` extra is not installed), or None."""
    missing = [name for name in REQUIRED if importlib.util.find_spec(name) is None]
    if not missing:
        return None
    return (f"flake8-asyncloop fix needs {', '.join(missing)}, which the plugin itself does not: "
            "python -m pip install 'flake8-asyncloop[fix]'")


FIXABLE = frozenset({"ALP001", "ALP002", "ALP003", "ALP004", "ALP005", "ALP010", "ALP011", "ALP202", "ALP203",
                     "ALP302", "ALP304"})


def fixers() -> dict[str, Fixer]:
    """The fixer of each code; imported on first use, so a run with nothing to fix never loads libcst."""
    from .asgi_fixes import fix_app_shortcuts, fix_event_handlers
    from .cleanup_fixes import fix_close_protocols, fix_unawaited_cleanups
    from .event_loop_fixes import fix_event_loop_fixtures, fix_event_loop_requests
    from .loop_fixes import fix_crossing_requesters, fix_default_loop_mismatch
    from .mark_fixes import fix_narrow_loop_scopes, fix_unhandled_async_fixtures, fix_unmarked_async_tests

    return {
        "ALP001": fix_event_loop_fixtures, "ALP002": fix_event_loop_requests, "ALP003": fix_crossing_requesters,
        "ALP004": fix_default_loop_mismatch, "ALP005": fix_narrow_loop_scopes,
        "ALP010": fix_unhandled_async_fixtures, "ALP011": fix_unmarked_async_tests,
        "ALP202": fix_unawaited_cleanups, "ALP203": fix_close_protocols,
        "ALP302": fix_app_shortcuts, "ALP304": fix_event_handlers,
    }


@dataclass
class FileResult:
    path: str
    original: str
    fixed: str
    applied: list[Fix] = field(default_factory=list)
    left: list[Declined] = field(default_factory=list)  # findings with no fix, and why
    unsafe_hidden: list[Fix] = field(default_factory=list)
    config: list[tuple[Fix, ConfigEdit]] = field(default_factory=list)
    error: str | None = None


class FixSession:
    def __init__(self, options: RunOptions, unsafe: bool, select: list[str] | None) -> None:
        self.settings = replace(options.settings, target_versions=None)  # fixes suit the versions the tests run
        self.filter = ReportFilter(options, select)
        self.unsafe = unsafe
        self._fixers: dict[str, Fixer] | None = None
        # --write lints every file again after each round (a fix in one file can bring out a finding in another):
        # a file whose text did not change keeps its tree (the latest text of each file, no more).
        self._trees: dict[str, tuple[str, ast.Module]] = {}

    def _parsed(self, path: str, source: str) -> ast.Module:
        known = self._trees.get(path)
        if known is None or known[0] != source:
            known = self._trees[path] = (source, ast.parse(source, filename=path))
        return known[1]

    def fix_file(self, path: str, source: str) -> FileResult:
        result = FileResult(path, source, source)
        try:
            tree = self._parsed(path, source)
        except (SyntaxError, ValueError) as error:
            result.error = f"left untouched: it does not parse ({_reason(error)})"
            return result
        if self.filter.whole_file_ignored(source.splitlines()):
            return result
        config_only: dict[tuple, Fix] = {}
        for _ in range(_FILE_PASSES):
            try:
                file, fixes, result.left = self._fixes_for(path, result.fixed, tree)
            except _Untouched as untouched:
                result.error, result.fixed, result.applied = str(untouched), result.original, []
                return result
            accepted = [fix for fix in fixes if fix.safe or self.unsafe]
            result.unsafe_hidden = [fix for fix in fixes if fix not in accepted]
            edited = [fix for fix in accepted if fix.edits]
            applied = self._applied(file, accepted, result) if edited else (result.fixed, tree)
            if applied is None:  # this round's edits failed: nothing of it counts
                break
            new, tree = applied
            self._trees[path] = (new, tree)
            result.applied += edited
            for fix in accepted:
                result.config += [(fix, edit) for edit in fix.config if edit not in {e for _f, e in result.config}]
                if fix.config and not fix.edits:  # found again next round: the config on disk changes at the end
                    config_only.setdefault((fix.code, fix.line, fix.column), fix)
            if new == result.fixed:
                break
            result.fixed = new
        result.applied += config_only.values()
        return result

    def _fixes_for(self, path: str, source: str, tree: ast.Module) -> tuple[object, list[Fix], list[Declined]]:
        """The file as the fixers see it, their fixes and the findings they leave, for the findings flake8 shows
        (one parse of ``source`` serves the findings and the fixers' context)."""
        lines = source.splitlines()
        findings = [finding for finding in current_findings(path, source, self.settings, tree)
                    if finding.code in FIXABLE and self.filter.shown(path, finding, lines)]
        if not findings:
            return None, [], []
        from .source import SourceFile

        if self._fixers is None:
            self._fixers = fixers()
        try:
            file = SourceFile(path, source, file_context(path, source, self.settings, tree))
        except Exception as error:  # noqa: BLE001 - libcst may refuse what ast accepts; the file stays as it is
            raise _Untouched(f"left untouched: it cannot be rewritten losslessly ({error})") from error
        fixes: list[Fix] = []
        left: list[Declined] = []
        by_code: dict[str, list[Finding]] = {}
        for finding in findings:
            by_code.setdefault(finding.code, []).append(finding)
        for code, found in by_code.items():
            try:
                outcomes = list(self._fixers[code](file, found, self.unsafe))
            except Exception as error:  # noqa: BLE001 - one fixer's bug must not stop the others
                outcomes = [Declined(f.code, f.line, f.col + 1, f"the {code} fixer failed: {error!r}") for f in found]
            for outcome in outcomes:
                (fixes if isinstance(outcome, Fix) else left).append(outcome)
        return file, fixes, left

    def _applied(self, file, fixes: list[Fix], result: FileResult) -> tuple[str, ast.Module] | None:
        """The file with the fixes' edits and its tree, or None when the edits fail or would not parse: a fixer's
        bug, reported, never written (what earlier rounds fixed stays)."""
        from .apply import fixed_source

        try:
            new = fixed_source(file, fixes)
            return new, ast.parse(new, filename=file.path)
        except Exception as error:  # noqa: BLE001 - a fixer's bug must not take the run down
            result.error = f"the fixes of one round failed ({_reason(error)}); they were not applied"
            return None


class _Untouched(Exception):
    """The file cannot be fixed at all; the message says why."""


def run_fix(arguments: argparse.Namespace, options: RunOptions) -> int:
    missing = [path for path in arguments.paths if not os.path.exists(path)]
    if missing:
        print(f"flake8-asyncloop fix: {missing[0]}: no such file or directory", file=sys.stderr)
        return 2
    session = FixSession(options, arguments.unsafe_fixes, arguments.select)
    paths = python_files(arguments.paths, options)
    if not arguments.write:
        results = [_fixed(session, path) for path in paths]
        configs = _config_changes(results)
        changed = _print_diffs(results, configs)
        _summary(results, configs, wrote=False, unsafe=arguments.unsafe_fixes)
        return 1 if changed or any(r.error for r in results) else 0
    history: dict[str, FileResult] = {}
    for _ in range(_ROUNDS):
        results = [_fixed(session, path) for path in paths]
        configs = _config_changes(results)
        for result in results:
            history.setdefault(result.path, FileResult(result.path, result.original, result.original))
            merged = history[result.path]
            merged.applied += result.applied
            merged.left, merged.unsafe_hidden, merged.error = result.left, result.unsafe_hidden, result.error
            merged.fixed = result.fixed
            if result.fixed != result.original:
                _write(result.path, result.fixed)
        for path, (_before, after) in configs.items():
            _write(path, after)
        if not configs and all(result.fixed == result.original for result in results):
            break
    _summary(list(history.values()), {}, wrote=True, unsafe=arguments.unsafe_fixes)
    return 1 if any(result.error for result in history.values()) else 0


def _fixed(session: FixSession, path: str) -> FileResult:
    try:
        source = _read(path)
    except (OSError, UnicodeDecodeError, SyntaxError) as error:
        result = FileResult(path, "", "")
        result.error = f"left untouched: it cannot be read ({error})"
        return result
    return session.fix_file(path, source)


def _config_changes(results: list[FileResult]) -> dict[str, tuple[str, str]]:
    """Config file → (text, edited text) for the keys the accepted fixes set; keys two fixes want set differently
    are left alone and those fixes withdrawn."""
    from .config_files import ConfigNotEditable, edited_config

    wanted: dict[str, dict[str, set[str]]] = {}
    for result in results:
        for _fix, edit in result.config:
            wanted.setdefault(edit.path, {}).setdefault(edit.key, set()).add(edit.value)
    changes = {}
    for path, keys in wanted.items():
        values = {key: next(iter(found)) for key, found in keys.items() if len(found) == 1}
        conflicting = sorted(key for key, found in keys.items() if len(found) > 1)
        for result in results:
            for fix, edit in result.config:
                if edit.path == path and edit.key in conflicting:
                    _withdraw(result, fix, f"fixes disagree on {edit.key} in {_shown(path)}")
        try:
            text = _read(path)
            after = edited_config(path, text, values) if values else text
        except (OSError, ConfigNotEditable) as error:
            for result in results:
                for fix, edit in list(result.config):
                    if edit.path == path:
                        _withdraw(result, fix, f"{_shown(path)} cannot be edited: {error}")
            continue
        if after != text:
            changes[path] = (text, after)
    return changes


def _withdraw(result: FileResult, fix: Fix, reason: str) -> None:
    if fix in result.applied:
        result.applied.remove(fix)
        result.left.append(Declined(fix.code, fix.line, fix.column, reason))


def _print_diffs(results: list[FileResult], configs: dict) -> bool:
    changed = False
    for result in results:
        if result.fixed != result.original:
            sys.stdout.write(_diff(result.path, result.original, result.fixed))
            changed = True
    for path, (before, after) in configs.items():
        sys.stdout.write(_diff(path, before, after))
        changed = True
    return changed


def _diff(path: str, before: str, after: str) -> str:
    shown = _shown(path).replace(os.sep, "/")
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 f"a/{shown}", f"b/{shown}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _summary(results: list[FileResult], configs: dict, wrote: bool, unsafe: bool) -> None:
    for result in results:
        if result.error:
            print(f"{_shown(result.path)}: {result.error}", file=sys.stderr)
        for left in sorted(result.left, key=lambda d: (d.line, d.column, d.code)):
            print(f"{_shown(result.path)}:{left.line}:{left.column}: {left.code} not fixed: {left.reason}",
                  file=sys.stderr)
    fixed = sum(len(result.applied) for result in results)
    files = sum(1 for result in results if result.fixed != result.original) + len(configs)
    hidden = sum(len(result.unsafe_hidden) for result in results)
    verb = "Fixed" if wrote else "Would fix"
    line = f"{verb} {fixed} finding{'s' if fixed != 1 else ''}"
    if not wrote:
        line += f" in {files} file{'s' if files != 1 else ''}"
    if hidden and not unsafe:
        line += f"; {hidden} more with --unsafe-fixes"
    print(line + ".", file=sys.stderr)


def _read(path: str) -> str:
    with open(path, "rb") as handle:
        return decode_source(handle.read())


def _write(path: str, text: str) -> None:
    """Back in the file's own encoding (its coding cookie or BOM), line endings as they are."""
    with open(path, "rb") as handle:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(handle.read()).readline)
    with open(path, "w", encoding=encoding, newline="") as handle:
        handle.write(text)


def _shown(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def _reason(error: Exception) -> str:
    if isinstance(error, SyntaxError):
        return f"line {error.lineno}: {error.msg}"
    return str(error)
