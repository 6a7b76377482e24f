"""The README's "Default-off rules" section, generated from ``registry.DEFAULT_OFF``.

The section explains codes that flake8 skips unless asked; with no such code it only
misleads, so it exists exactly when ``DEFAULT_OFF`` is non-empty and lists those codes.
Its text lives here alone.  ``python -m tests.readme_default_off`` rewrites the block
between the README markers; ``tests/test_readme_default_off.py`` fails while it is stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from flake8_asyncloop.registry import DEFAULT_OFF

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- default-off:start -->"
END = "<!-- default-off:end -->"


def section(codes: Sequence[str]) -> str:
    """The Markdown for ``codes``; empty when there are none."""
    if not codes:
        return ""
    listed = ", ".join(f"[{code}](docs/rules/{code}.md)" for code in codes)
    return f"""### Default-off rules

Off by default: {listed}.

The plugin adds these codes to flake8's default ignore list, the way flake8-bugbear handles its B9 family,
so a plain `flake8` run skips them. Selecting the family turns them on:
`--select ALP` (as the pre-commit hook and the commands in this README do) or `extend-select` on the command
line or in the config:

```console
flake8 --extend-select ALP tests/
```

Setting `ignore =` in a config file replaces flake8's whole default ignore list, which turns default-off codes
on as a side effect; prefer `extend-ignore`.
"""


def block_of(text: str) -> str:
    """What the README holds between the markers, without surrounding blank lines."""
    assert text.count(START) == 1 and text.count(END) == 1, f"README needs one {START} and one {END}"
    return text[text.index(START) + len(START):text.index(END)].strip("\n")


def with_block(text: str, codes: Sequence[str]) -> str:
    before, after = text[:text.index(START) + len(START)], text[text.index(END):]
    body = section(codes)
    return f"{before}\n{body}\n{after}" if body else f"{before}\n{after}"


def is_current(text: str, codes: Sequence[str]) -> bool:
    return block_of(text) == section(codes).strip("\n")


if __name__ == "__main__":
    README.write_text(with_block(README.read_text(encoding="utf-8"), DEFAULT_OFF), encoding="utf-8")
