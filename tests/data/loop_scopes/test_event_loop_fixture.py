"""The event_loop fixture, defined and requested."""
import asyncio

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
    return await make_pool(loop=event_loop)  # ALP002:33


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
    loop = asyncio.new_event_loop()  # ALP101:12
    engine = create_engine("postgresql+asyncpg://", connect_args={"loop": loop})  # ALP002:75
    other = create_engine("postgresql+asyncpg://", loop=asyncio.get_event_loop())  # ALP002:57 ALP101:57
    assert engine and other


# Clean: the running loop, an unrelated fixture called "loop", a parameter named loop.
@pytest.mark.asyncio
async def test_running_loop():
    loop = asyncio.get_running_loop()
    assert await make_pool(loop=loop)


def helper(loop):
    return make_pool(loop=loop)


def event_loop_factory():
    """Not a fixture: a plain function named like one (test code making its own loop)."""
    return asyncio.new_event_loop()  # ALP101:12


async def make_pool(loop=None):
    return loop


def create_engine(url, **kwargs):
    return url, kwargs
