"""Both defaults session: every test and fixture shares the session loop."""
# asyncloop-options: --asyncio-mode=auto --asyncio-default-fixture-loop-scope=session --asyncio-default-test-loop-scope=session
import asyncio

import pytest


@pytest.fixture(scope="session")
async def db():
    yield asyncio.Queue()


@pytest.fixture
async def per_test(db):
    return db


async def test_query(db, per_test):  # silent: ALP003
    assert db is per_test
