async def test_landscape_keeps_its_ratio(thumbnailer):
    assert await thumbnailer.thumbnail_size(1024, 768) == (128, 96)


async def test_portrait_keeps_its_ratio(thumbnailer):
    assert await thumbnailer.thumbnail_size(600, 1200) == (64, 128)
