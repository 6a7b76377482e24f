"""Test code that creates, sets, fetches or closes event loops by hand (ALP101).

pytest-asyncio creates and closes the loop every async test and fixture runs on.
A loop made with new_event_loop(), installed with set_event_loop(), fetched with
get_event_loop() from sync code, or the runner's loop closed by a test, is not the
loop the tests run on.  Inside a coroutine get_event_loop() returns the running
loop, closing a loop the same code created is its own business, and a sync
pytest_asyncio fixture runs inside its runner (1.4+): those stay silent.
"""
import asyncio
from asyncio import new_event_loop as make_loop

import pytest
import pytest_asyncio


@pytest.fixture
def own_loop():
    loop = asyncio.new_event_loop()  # ALP101:12
    asyncio.set_event_loop(loop)  # ALP101:5
    yield loop
    loop.close()


@pytest.fixture
def policy_loop():
    loop = asyncio.get_event_loop_policy().new_event_loop()  # ALP101:12
    return loop


@pytest.fixture
def setup_only_loop():
    """Makes, uses and closes its own loop and hands nothing out: self-contained."""
    loop = asyncio.new_event_loop()  # silent: ALP101
    loop.run_until_complete(asyncio.sleep(0))
    loop.close()


@pytest.fixture
def current_loop():
    loop = asyncio.get_event_loop()  # ALP101:12
    yield loop
    loop.close()  # ALP101:5


def test_aliased_factory():
    """A sync test that owns its loop: self-contained."""
    loop = make_loop()  # silent: ALP101
    loop.close()


def test_policy_loops():
    policy = asyncio.get_event_loop_policy()
    first = policy.new_event_loop()  # silent: ALP101
    second = asyncio.get_event_loop_policy().new_event_loop()  # silent: ALP101
    fetched = asyncio.get_event_loop_policy().get_event_loop()  # silent: ALP101
    assert first and second and fetched


@pytest.mark.asyncio
async def test_closes_the_runner_loop():
    asyncio.get_running_loop().close()  # ALP101:5


@pytest.fixture
def event_loop():  # ALP001:1
    """Reported once, as ALP001: what it does inside is part of that finding."""
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.mark.asyncio
async def test_running_loop_is_fine():
    loop = asyncio.get_event_loop()
    assert loop is asyncio.get_running_loop()

    def callback():
        return asyncio.get_event_loop()

    loop.call_soon(callback)


@pytest_asyncio.fixture(loop_scope="module")
def runner_loop():
    return asyncio.get_event_loop()


def test_windows_policy_is_not_a_loop():
    asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())


def test_other_close():
    handle = open(__file__)
    handle.close()


if __name__ == "__main__":
    main_loop = asyncio.new_event_loop()
    main_loop.close()
