import gc

import pytest


@pytest.fixture(autouse=True)
def collect_garbage():
    """Leak check: collect after every test, so what a test leaked is reported against that test, not at exit."""
    yield
    gc.collect()
