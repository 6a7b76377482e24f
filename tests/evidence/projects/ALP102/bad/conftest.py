import asyncio
import os

import pytest

from accounts import open_pool


@pytest.fixture(scope="session")
def pool():
    return asyncio.run(open_pool(os.environ["ALP_EVIDENCE_ASYNCPG_DSN"]))
