"""Checksums for exported reports; hashing is blocking work, so callers run it in an executor."""

import hashlib
from pathlib import Path


def file_digest(path: Path) -> str:
    with path.open("rb") as report:
        return hashlib.file_digest(report, "sha256").hexdigest()
