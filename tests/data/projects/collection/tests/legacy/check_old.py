"""Under a ``norecursedirs`` directory: never collected."""


async def test_forgot_the_mark():  # silent: ALP011
    assert True
