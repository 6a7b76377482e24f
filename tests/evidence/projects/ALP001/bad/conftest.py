import asyncio

import pytest


@pytest.fixture(scope="session")
def event_loop():
    """One event loop for the whole test session."""
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture
def report_file(tmp_path):
    report = tmp_path / "report.csv"
    report.write_bytes(b"id,total\n1,42\n2,17\n")
    return report
