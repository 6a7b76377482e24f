"""asyncio primitives bind to the loop of their first (contended) use (ALP201).

Made at import and used by tests on two function loops, a Lock, Semaphore, Queue…
raises "is bound to a different event loop" the first time a later test contends
for it.  Made inside a fixture or test, used by one test only, or used by tests on
one module loop, they stay silent.  They have nothing to close, so the never-closed
rule does not apply to them.
"""
import asyncio

import pytest
import pytest_asyncio

lock = asyncio.Lock()  # ALP201:8
event = asyncio.Event()  # ALP201:9
condition = asyncio.Condition()  # ALP201:13
semaphore = asyncio.Semaphore(2)  # ALP201:13
bounded = asyncio.BoundedSemaphore(2)  # ALP201:11
barrier = asyncio.Barrier(2)  # ALP201:11
queue = asyncio.Queue()  # ALP201:9
priorities = asyncio.PriorityQueue()  # ALP201:14
stack = asyncio.LifoQueue()  # ALP201:9
only_one_test = asyncio.Lock()


@pytest.mark.asyncio
async def test_first():
    async with lock, condition, semaphore, bounded:
        event.set()
        await barrier.wait()
        await queue.put(1)
        await priorities.put(1)
        await stack.put(1)
    async with only_one_test:
        pass


@pytest.mark.asyncio
async def test_second():
    async with lock, condition, semaphore, bounded:
        await event.wait()
        await barrier.wait()
        await queue.get()
        await priorities.get()
        await stack.get()


@pytest_asyncio.fixture
async def per_test_primitives():
    lock = asyncio.Lock()
    event = asyncio.Event()
    condition = asyncio.Condition()
    semaphore = asyncio.Semaphore()
    bounded = asyncio.BoundedSemaphore()
    barrier = asyncio.Barrier(1)
    queue = asyncio.Queue()
    priorities = asyncio.PriorityQueue()
    stack = asyncio.LifoQueue()
    yield lock, event, condition, semaphore, bounded, barrier, queue, priorities, stack


@pytest.mark.asyncio
async def test_third(per_test_primitives):
    assert per_test_primitives
