import pytest


class FlakyService:
    """Fails the first ``failures`` calls with ConnectionError, then answers."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionError("connection reset")
        return "pong"


@pytest.fixture
def flaky_twice() -> FlakyService:
    return FlakyService(failures=2)
