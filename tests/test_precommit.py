"""The pre-commit hook this repository publishes (``.pre-commit-hooks.yaml``).

pre-commit runs a hook's ``entry`` with the staged files of the hook's ``types`` appended,
so the first test does exactly that with the real flake8.  The second lets pre-commit
itself install the hook from a clone of this repository into a fresh virtualenv; it needs
PyPI and about fifteen seconds, and is skipped when pre-commit is missing or pip says it
could not reach the network.  Any other install failure (a broken build of the plugin) fails.
The project lists its dependencies and defines its own event_loop (ALP001) beside a session
fixture whose asyncio.Queue a function-loop test uses (ALP003).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .flake8_runner import write_tree

yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit (test extra)")

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"

PROJECT = {
    "requirements.txt": "pytest\npytest-asyncio\n",
    "pytest.ini": "[pytest]\nasyncio_mode = auto\n",
    "tests/conftest.py": """
        import asyncio

        import pytest


        @pytest.fixture(scope="session")
        def event_loop():
            loop = asyncio.new_event_loop()
            yield loop
            loop.close()


        @pytest.fixture(scope="session")
        async def inventory():
            return asyncio.Queue()
    """,
    "tests/test_stock.py": """
        async def test_apples(inventory):
            assert inventory.empty()
    """,
    "README.md": "not Python: pre-commit never passes it to the hook\n",
}
SURE_CODES = {"ALP001", "ALP003"}


def hook() -> dict:
    (definition,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return definition


def python_files(root: Path) -> list[str]:
    """What pre-commit hands a ``types: [python]`` hook with ``--all-files``."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*.py"))


def test_hook_definition() -> None:
    definition = hook()
    assert definition["id"] == "flake8-asyncloop"
    assert definition["language"] == "python"
    assert definition["types"] == ["python"]
    assert "additional_dependencies" not in definition, "the hook repository installs the plugin itself"


def flake8(cwd: Path, *arguments: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "flake8", *arguments]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def reported_lines(result: subprocess.CompletedProcess) -> list[str]:
    return sorted(line.removeprefix("./") for line in result.stdout.splitlines())


def test_hook_entry_on_the_files_pre_commit_passes_equals_linting_the_tree(tmp_path) -> None:
    write_tree(tmp_path, PROJECT)
    program, *arguments = shlex.split(hook()["entry"])
    assert program == "flake8"
    result = flake8(tmp_path, *arguments, *python_files(tmp_path))
    assert result.returncode == 1, result.stderr
    by_hook = reported_lines(result)
    by_directory = reported_lines(flake8(tmp_path, "--select", "ALP", "."))
    assert by_hook == by_directory
    assert SURE_CODES <= {line.split()[1] for line in by_hook}


NOT_A_CHECKOUT = shutil.which("git") is None or not (ROOT / ".git").exists()

# What pip (urllib3) and the resolver print when the index cannot be reached at all.
NETWORK_FAILURE = re.compile(
    r"Failed to establish a new connection|Temporary failure in name resolution|Name or service not known"
    r"|nodename nor servname provided|Network is unreachable|No route to host|ConnectTimeoutError"
    r"|Connection to \S+ timed out|ProxyError"
)


def pip_could_not_reach_the_network(output: str) -> bool:
    """pre-commit failed to install the hook's environment because pip had no network, as opposed to
    any other install failure, such as this repository's package failing to build."""
    return "CalledProcessError" in output and "pip" in output and NETWORK_FAILURE.search(output) is not None


@pytest.mark.skipif(NOT_A_CHECKOUT, reason="needs git and a git checkout of this repository")
def test_pre_commit_try_repo_installs_and_runs_the_hook(tmp_path) -> None:
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the test extra)")
    hook_repository = tmp_path / "flake8-asyncloop"
    # A clone holds the committed hook and package only, as a user's pre-commit would fetch them.
    subprocess.run(["git", "clone", "-q", str(ROOT), str(hook_repository)], check=True, timeout=120)
    project = write_tree(tmp_path / "project", PROJECT)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repository), "flake8-asyncloop",
               "--all-files"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=540,
                            env=environment)
    output = result.stdout + result.stderr
    if pip_could_not_reach_the_network(output):
        pytest.skip(f"pip could not reach the network to install the hook's environment:\n{output[-2000:]}")
    assert result.returncode == 1, output
    assert "flake8-asyncloop" in output and "Failed" in output
    for code in SURE_CODES:
        assert code in output


# Trimmed from real pre-commit try-repo runs: a hook whose package fails to build, and pip offline.
PRE_COMMIT_INSTALL_ERROR = """\
[INFO] Installing environment for ../flake8-asyncloop.
An unexpected error has occurred: CalledProcessError: command: ('/tmp/repo/py_env-python3.11/bin/python', \
'-mpip', 'install', '.')
return code: 1
stdout:
    Looking in indexes: https://pypi.org/simple
    Processing ./.
      Installing build dependencies: started
      {stdout}
stderr:
    {stderr}
Check the log at /tmp/pre-commit-cache/pre-commit.log
"""
BROKEN_BUILD = PRE_COMMIT_INSTALL_ERROR.format(
    stdout="Installing build dependencies: finished with status 'done'",
    stderr="""\
      error: subprocess-exited-with-error
      × Getting requirements to build wheel did not run successfully.
      │ exit code: 1
      ╰─> [9 lines of output]
          running egg_info
          error: package directory 'flake8_asyncloop/context' does not exist
          [end of output]
      note: This error originates from a subprocess, and is likely not a problem with pip.
    ERROR: Failed to build 'file:///tmp/repo' when getting requirements to build wheel""",
)
OFFLINE = PRE_COMMIT_INSTALL_ERROR.format(
    stdout="Installing build dependencies: finished with status 'error'",
    stderr="""\
      WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection \
broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7fa0c405b6d0>: \
Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/setuptools/
      ERROR: Could not find a version that satisfies the requirement setuptools>=68 (from versions: none)
      ERROR: No matching distribution found for setuptools>=68""",
)


def test_a_broken_build_of_the_plugin_is_not_mistaken_for_being_offline() -> None:
    assert not pip_could_not_reach_the_network(BROKEN_BUILD)


def test_pip_without_network_is_recognised() -> None:
    assert pip_could_not_reach_the_network(OFFLINE)
