from era_recorder import note


async def test_session_fixture(session_value):
    note("test")


async def test_module_fixture(module_value):
    note("test")
    note("test in the first module")


async def test_module_fixture_again(module_value):
    note("test")
    note("test in the first module")


async def test_requesting_event_loop(event_loop):
    note("test requesting event_loop")
    note("event_loop given to the test", event_loop)
