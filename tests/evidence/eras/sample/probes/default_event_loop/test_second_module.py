from era_recorder import note


async def test_both_fixtures(session_value, module_value):
    note("test")
    note("test in the second module")
