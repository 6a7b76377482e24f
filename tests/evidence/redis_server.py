"""A throwaway Redis server for the evidence projects that talk to Redis.

Like postgres.py: 127.0.0.1 only, a free port, no persistence, everything in one temp dir that is
removed when the server stops.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

START_TIMEOUT_SECONDS = 20
BINARY_VARIABLE = "ASYNCLOOP_REDIS_SERVER"


class RedisUnavailable(RuntimeError):
    """The server could not be started here; the message says why."""


@dataclasses.dataclass(frozen=True)
class RedisServer:
    port: int
    version: str

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def project_env(self) -> dict[str, str]:
        """The variable the evidence projects read their Redis URL from."""
        return {"ALP_EVIDENCE_REDIS_URL": self.url}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def redis_server() -> Iterator[RedisServer]:
    """Start redis-server ($ASYNCLOOP_REDIS_SERVER, else the one on PATH) in a fresh temp dir; stop it and
    remove the dir on exit."""
    binary = os.environ.get(BINARY_VARIABLE) or shutil.which("redis-server")
    if binary is None:
        raise RedisUnavailable("no redis-server binary on PATH (apt-get install redis-server)")
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False).stdout
    version = next((word[2:] for word in version.split() if word.startswith("v=")), "unknown")
    workdir = Path(tempfile.mkdtemp(prefix="alp-evidence-redis-"))
    port = _free_port()
    command = [
        binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(workdir), "--save", "",
        "--appendonly", "no", "--daemonize", "no", "--logfile", str(workdir / "server.log"),
    ]
    try:
        try:
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise RedisUnavailable(f"redis-server failed to start: {exc}") from exc
        try:
            deadline = time.monotonic() + START_TIMEOUT_SECONDS
            while not _ping(port):
                if process.poll() is not None:
                    log_file = workdir / "server.log"
                    log = log_file.read_text(errors="replace") if log_file.exists() else ""
                    raise RedisUnavailable(f"redis-server exited with {process.returncode}: {log[-500:]}")
                if time.monotonic() > deadline:
                    raise RedisUnavailable(f"redis-server did not answer PING within {START_TIMEOUT_SECONDS}s")
                time.sleep(0.05)
            yield RedisServer(port=port, version=version)
        finally:
            process.terminate()
            try:
                process.wait(timeout=START_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
