"""The event_loop fixture, defined and requested (pytest-asyncio 1.x: it is an ordinary fixture)."""
import asyncio

import asyncpg
import pytest
import pytest_asyncio as pa
from pytest import fixture as fx


@pytest.fixture(scope="session")
def event_loop():  # ALP001:1
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@fx(name="event_loop")
def custom_loop():  # ALP001:1
    return asyncio.new_event_loop()


@pa.fixture
async def pool(event_loop):  # ALP002:16
    return await make_pool(loop=event_loop)  # silent: ALP002


@pytest.mark.asyncio
async def test_uses_loop(event_loop):  # ALP002:26
    assert event_loop


def test_by_name(request):
    loop = request.getfixturevalue("event_loop")  # ALP002:36
    assert loop


@pytest.mark.usefixtures("event_loop")  # ALP002:26
def test_by_usefixtures():
    pass


def test_connect_args_loop():
    """A sync test that makes its own loop and hands it to local code: self-contained."""
    loop = asyncio.new_event_loop()  # silent: ALP101
    engine = create_engine("postgresql+asyncpg://", connect_args={"loop": loop})  # silent: ALP002
    other = create_engine("postgresql+asyncpg://", loop=asyncio.get_event_loop())  # silent: ALP002, ALP101
    assert engine and other
    loop.close()


@pa.fixture
async def foreign_pool(event_loop):  # ALP002:24
    return await asyncpg.create_pool("postgresql://db", loop=event_loop)  # ALP002:62 ALP205:18


@pytest.mark.asyncio
async def test_new_loop_for_the_driver():
    pool = await asyncpg.create_pool("postgresql://db", loop=asyncio.new_event_loop())  # ALP002:62
    assert pool


# Clean: the running loop, an unrelated fixture called "loop", a parameter named loop.
@pytest.mark.asyncio
async def test_running_loop():
    loop = asyncio.get_running_loop()
    assert await make_pool(loop=loop)


def helper(loop):
    return make_pool(loop=loop)


def event_loop_factory():  # silent: ALP001
    """Not a fixture: a plain function named like one (test code making its own loop)."""
    return asyncio.new_event_loop()  # silent: ALP101


async def make_pool(loop=None):
    return loop


def create_engine(url, **kwargs):
    return url, kwargs
