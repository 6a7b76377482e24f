import asyncio
import unittest

from jobs import dispatch, next_job


class TestDispatcher(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.queue = asyncio.Queue()

    async def test_waiting_worker_gets_the_job(self):
        worker = asyncio.create_task(next_job(self.queue))
        await asyncio.sleep(0)
        await dispatch(self.queue, "resize")
        self.assertEqual(await worker, "resize")

    async def test_jobs_come_out_in_order(self):
        worker = asyncio.create_task(next_job(self.queue))
        await asyncio.sleep(0)
        await dispatch(self.queue, "first")
        await dispatch(self.queue, "second")
        self.assertEqual(await worker, "first")
        self.assertEqual(await next_job(self.queue), "second")
