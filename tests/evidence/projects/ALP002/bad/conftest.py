import pytest


@pytest.fixture
def ack_timeout() -> float:
    """Short enough that a lost acknowledgement fails the test quickly."""
    return 1.0
