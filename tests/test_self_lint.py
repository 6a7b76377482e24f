"""The project passes its own flake8 configuration, ALP rules included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_repository_is_clean_under_its_own_flake8_settings() -> None:
    result = subprocess.run([sys.executable, "-m", "flake8", "flake8_asyncloop", "tests", "benchmarks", "noxfile.py"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
