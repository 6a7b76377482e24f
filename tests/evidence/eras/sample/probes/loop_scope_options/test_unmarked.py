async def test_async_test_without_the_asyncio_mark():
    pass
