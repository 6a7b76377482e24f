"""Run the test suite on every CPython from 3.10 to 3.13 installed here (PATH or pyenv).

``nox`` runs them all, ``nox -s tests-3.12`` one version, and arguments after ``--`` go
to pytest.  The package is installed as a user would get it (not editable).  CI's own
Python (3.11) runs everything; the other versions skip the runtime evidence (tests
marked ``evidence``), which runs real projects against PostgreSQL with pinned
libraries, and the precision ledger (``ledger``), which lints 48 downloaded projects:
neither says anything new about the linter on another Python.
"""

import os
from pathlib import Path

import nox

nox.options.download_python = "never"  # only interpreters that are installed; no downloads
nox.options.sessions = ["tests"]

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
FULL_SUITE_PYTHON = "3.11"


def _put_pyenv_versions_on_path() -> None:
    """pyenv's shims only run the active version, so nox would not find the others through them."""
    versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = [
        str(binary.parent)
        for version in PYTHONS
        for binary in sorted(versions.glob(f"{version}.*/bin/python{version}"))
    ]
    os.environ["PATH"] = os.pathsep.join([*found, os.environ.get("PATH", "")])


_put_pyenv_versions_on_path()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    session.install(".[test]")
    selection = [] if session.python == FULL_SUITE_PYTHON else ["-m", "not evidence and not ledger"]
    session.run("python", "-m", "pytest", *selection, *session.posargs)
