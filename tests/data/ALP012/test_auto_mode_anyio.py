"""Auto mode: pytest-asyncio claims every async fixture, anyio runs its tests elsewhere."""
# asyncloop-options: --asyncio-mode=auto --asyncio-default-fixture-loop-scope=function
import asyncio

import pytest


@pytest.fixture
async def db():
    return asyncio.Queue()


@pytest.fixture
async def plain():
    return "plain data crosses loops harmlessly"


@pytest.fixture
def sync_value():
    return 1


@pytest.mark.anyio
async def test_anyio(db, sync_value):  # ALP012:22
    assert db and sync_value


@pytest.mark.anyio
async def test_anyio_plain_data(plain):  # silent: ALP012
    assert plain


async def test_backend(anyio_backend, db):  # ALP012:39
    assert db


async def test_asyncio(db):
    assert db


async def test_unmarked_in_auto_mode(sync_value):
    assert sync_value
