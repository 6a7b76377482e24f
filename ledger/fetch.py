"""Download the pinned sdists, check their sha256, unpack them into a cache outside the repository.

The cache lives outside the work tree on purpose: the plugin looks for pytest settings upward from each
linted file, and inside the repository it would find this project's own ``pyproject.toml`` for the sdists
that ship no pytest config.  Nothing fetched can then be committed by accident either.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .manifest import Project

CACHE_ENV = "ASYNCLOOP_LEDGER_CACHE"
DOWNLOAD_TIMEOUT = 120
UNPACKED_MARKER = ".ledger-sha256"


class FetchError(RuntimeError):
    """An sdist could not be had as pinned (wrong bytes, unreadable archive)."""


class PyPIUnreachable(FetchError):
    """The download failed at the network level: the tests skip (or fail under CI) with this reason."""


def cache_root() -> Path:
    """``$ASYNCLOOP_LEDGER_CACHE``, else ``$XDG_CACHE_HOME`` or ``~/.cache``, under flake8-asyncloop/ledger."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "flake8-asyncloop" / "ledger"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(project: Project, archive: Path) -> None:
    """Fetch the sdist into ``archive`` only if its bytes match the pin (a partial file never stays)."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".part")
    try:
        with urllib.request.urlopen(project.url, timeout=DOWNLOAD_TIMEOUT) as response, partial.open("wb") as out:
            shutil.copyfileobj(response, out)
    except (urllib.error.URLError, OSError) as error:
        partial.unlink(missing_ok=True)
        raise PyPIUnreachable(f"{project.name}: cannot download {project.url}: {error}") from error
    actual = sha256_of(partial)
    if actual != project.sha256:
        partial.unlink()
        raise FetchError(f"{project.name}: sha256 {actual} differs from the pinned {project.sha256}")
    partial.replace(archive)


def unpack(archive: Path, destination: Path) -> None:
    """Extract a .tar.gz or .zip sdist; tar members that would leave ``destination`` are refused."""
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(destination)
        return
    with tarfile.open(archive) as bundle:
        if hasattr(tarfile, "data_filter"):
            bundle.extractall(destination, filter="data")
        else:  # Python builds without PEP 706: check the members by hand
            root = destination.resolve()
            for member in bundle.getmembers():
                if not (root / member.name).resolve().is_relative_to(root) or member.issym() or member.islnk():
                    raise FetchError(f"{archive.name}: refusing member {member.name}")
            bundle.extractall(destination)


def sdist_root(unpacked: Path) -> Path:
    """An sdist holds one top-level directory, NAME-VERSION/: the project's root, where its config lives."""
    entries = [entry for entry in unpacked.iterdir() if entry.name != UNPACKED_MARKER]
    if len(entries) != 1 or not entries[0].is_dir():
        raise FetchError(f"{unpacked}: expected one top-level directory, found {sorted(e.name for e in entries)}")
    return entries[0]


def fetch_project(project: Project, cache: Path) -> Path:
    """Return the project's unpacked root, downloading and unpacking only what the cache lacks."""
    unpacked = cache / "src" / f"{project.name}-{project.version}"
    marker = unpacked / UNPACKED_MARKER
    if marker.is_file() and marker.read_text().strip() == project.sha256:
        return sdist_root(unpacked)
    archive = cache / "sdists" / project.archive_name
    if not archive.is_file() or sha256_of(archive) != project.sha256:
        download(project, archive)
    shutil.rmtree(unpacked, ignore_errors=True)
    unpacked.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{project.name}-", dir=unpacked.parent))
    try:
        unpack(archive, staging)
        (staging / UNPACKED_MARKER).write_text(project.sha256 + "\n")
        staging.rename(unpacked)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sdist_root(unpacked)


def fetch_all(projects: Iterable[Project], cache: Path, workers: int = 8) -> dict[str, Path]:
    """Project name → unpacked root; downloads run in parallel because they wait on the network."""
    projects = list(projects)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        roots = list(pool.map(lambda project: fetch_project(project, cache), projects))
    return {project.name: root for project, root in zip(projects, roots)}
