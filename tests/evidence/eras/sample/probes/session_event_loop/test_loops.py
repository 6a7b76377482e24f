from era_recorder import note


async def test_first(session_value, function_value):
    note("test")


async def test_second(session_value, function_value):
    note("test")


async def test_requesting_event_loop(event_loop):
    note("test requesting event_loop")
    note("event_loop given to the test", event_loop)


async def test_session_fixtures_tied_to_event_loop(session_value_built_on_it):
    note("test")
