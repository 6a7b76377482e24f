"""A throwaway PostgreSQL server for the evidence projects that need a real database.

The cross-loop failures of asyncpg and SQLAlchemy only show against a live server, so the
suite starts its own: trust auth, 127.0.0.1 only, a free port, everything in one temp dir.
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

START_TIMEOUT_SECONDS = 60


class PostgresUnavailable(RuntimeError):
    """The server could not be started here; the message says why."""


@dataclasses.dataclass(frozen=True)
class PostgresServer:
    port: int
    version: str

    @property
    def sqlalchemy_url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def asyncpg_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def project_env(self) -> dict[str, str]:
        """The variables the evidence projects read their connection settings from."""
        return {"ALP_EVIDENCE_DSN": self.sqlalchemy_url, "ALP_EVIDENCE_ASYNCPG_DSN": self.asyncpg_dsn}


BINDIR_VARIABLE = "ASYNCLOOP_PG_BINDIR"


def find_bindir() -> Path:
    """Where initdb/pg_ctl live: $ASYNCLOOP_PG_BINDIR alone when set, else pg_config, then the Debian
    package list, then the usual path."""
    if os.environ.get(BINDIR_VARIABLE):
        bindir = Path(os.environ[BINDIR_VARIABLE])
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
        raise PostgresUnavailable(f"${BINDIR_VARIABLE}={bindir} holds no initdb and pg_ctl")
    candidates: list[Path] = []
    if shutil.which("pg_config"):
        result = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(Path(result.stdout.strip()))
    if shutil.which("dpkg"):
        result = subprocess.run(["dpkg", "-L", "postgresql-15"], capture_output=True, text=True, check=False)
        installed = result.stdout.splitlines()
        candidates += [Path(line).parent for line in installed if line.endswith("/bin/initdb")]
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    raise PostgresUnavailable("no PostgreSQL server binaries (initdb, pg_ctl) found")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: drop to the ``postgres`` OS user then."""
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *command]
    return ["su", "postgres", "-c", shlex.join(command)]


def _run(command: list[str], what: str) -> str:
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=START_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PostgresUnavailable(f"{what} failed: {exc}") from exc
    if result.returncode != 0:
        raise PostgresUnavailable(f"{what} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start PostgreSQL in a fresh temp dir; stop it and remove the dir on exit."""
    bindir = find_bindir()
    workdir = Path(tempfile.mkdtemp(prefix="alp-evidence-pg-"))
    datadir = workdir / "data"
    port = _free_port()
    started = False
    try:
        if os.geteuid() == 0:
            try:
                shutil.chown(workdir, user="postgres", group="postgres")
            except (LookupError, PermissionError) as exc:
                raise PostgresUnavailable(f"running as root, cannot give the data dir to 'postgres': {exc}")
        _run(
            _as_server_user([
                str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres", "--auth=trust",
                "--encoding=UTF8", "--locale=C", "--no-sync",
            ]),
            "initdb",
        )
        server_options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _run(
            _as_server_user([
                str(bindir / "pg_ctl"), "-D", str(datadir), "-l", str(workdir / "server.log"),
                "-o", server_options, "-w", "-t", str(START_TIMEOUT_SECONDS), "start",
            ]),
            "pg_ctl start",
        )
        started = True
        version = _run(
            [str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "postgres",
             "-tAc", "SHOW server_version"],
            "psql",
        ).split()[0]
        yield PostgresServer(port=port, version=version)
    finally:
        if started:
            subprocess.run(
                _as_server_user([str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "fast", "-w", "stop"]),
                capture_output=True, timeout=START_TIMEOUT_SECONDS, check=False,
            )
        shutil.rmtree(workdir, ignore_errors=True)
