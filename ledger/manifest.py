"""The pinned projects the ledger lints, read from ``ledger/manifest.toml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the plugin already depends on tomli there
    import tomli as tomllib

MANIFEST_PATH = Path(__file__).resolve().parent / "manifest.toml"
REQUIRED_FIELDS = ("name", "version", "url", "sha256", "paths", "why")
SHA256 = re.compile(r"[0-9a-f]{64}")


class ManifestError(ValueError):
    """The manifest is malformed; a run would not lint pinned bytes, so nothing runs."""


@dataclass(frozen=True)
class Project:
    """One sdist: where it comes from, the bytes it must have, and which of its directories hold tests."""

    name: str
    version: str
    url: str
    sha256: str
    paths: tuple[str, ...]
    why: str

    @property
    def archive_name(self) -> str:
        return self.url.rsplit("/", 1)[-1]


def _project(raw: dict) -> Project:
    missing = [field for field in REQUIRED_FIELDS if field not in raw]
    if missing:
        raise ManifestError(f"{raw.get('name', raw)}: missing {', '.join(missing)}")
    if not SHA256.fullmatch(raw["sha256"]):
        raise ManifestError(f"{raw['name']}: sha256 must be 64 lowercase hex digits")
    if not raw["url"].startswith("https://"):
        raise ManifestError(f"{raw['name']}: url must be https")
    if f"-{raw['version']}." not in raw["url"].rsplit("/", 1)[-1]:
        raise ManifestError(f"{raw['name']}: the url's file name does not carry version {raw['version']}")
    paths = tuple(raw["paths"])
    for path in paths:
        pure = PurePosixPath(path)
        if not path or pure.is_absolute() or ".." in pure.parts:
            raise ManifestError(f"{raw['name']}: path {path!r} must stay inside the sdist")
    return Project(raw["name"], raw["version"], raw["url"], raw["sha256"], paths, raw["why"])


def parse_manifest(text: str) -> list[Project]:
    projects = [_project(raw) for raw in tomllib.loads(text).get("project", [])]
    names = [project.name for project in projects]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ManifestError(f"projects listed twice: {', '.join(duplicates)}")
    return projects


def load_manifest(path: Path = MANIFEST_PATH) -> list[Project]:
    return parse_manifest(path.read_text(encoding="utf-8"))
