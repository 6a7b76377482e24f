async def test_uses_the_closest_definition(fallback_queue):  # silent: ALP003
    assert fallback_queue
