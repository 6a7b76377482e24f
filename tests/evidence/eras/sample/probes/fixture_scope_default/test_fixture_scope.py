import pytest
from era_recorder import note


@pytest.fixture(scope="session")
async def session_value():
    note("session fixture")
    return object()


@pytest.fixture
async def function_value():
    note("function fixture")
    return object()


async def test_first(session_value, function_value):
    note("test")


async def test_second(session_value, function_value):
    note("test")
