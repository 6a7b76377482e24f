from era_recorder import note


async def test_one():
    note("test")


async def test_two():
    note("test")
