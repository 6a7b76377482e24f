"""Warning filters that hide the evidence of resources finalised on a closed loop (ALP902).

Reported: ``ignore`` filters for PytestUnraisableExceptionWarning or ResourceWarning,
or whose message names never-awaited coroutines, unclosed resources or the loop
errors.  Silent: ``error`` filters (the opposite of hiding), ``default``/``always``,
filters for other warnings, category filters scoped to one third-party module, and a filter
mark on one sync test that no async fixture reaches.
"""
import warnings
from warnings import simplefilter

import pytest
from _pytest.warning_types import PytestUnraisableExceptionWarning

pytestmark = [
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),  # ALP902:5
    pytest.mark.filterwarnings("error::ResourceWarning"),
    pytest.mark.asyncio,
]


@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")  # ALP902:2
async def test_never_awaited_hidden():
    pass


@pytest.mark.filterwarnings("default::ResourceWarning", "ignore::ResourceWarning")  # ALP902:2
async def test_second_filter_hides():
    pass


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # silent: ALP902
def test_sync_loader_error_is_expected():
    pass


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning:botocore")
def test_unrelated_or_scoped_filters_are_fine():
    pass


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")  # silent: ALP902
def test_error_filter_is_fine():
    pass


def pytest_configure(config):
    warnings.filterwarnings("ignore", category=ResourceWarning)  # ALP902:5
    warnings.filterwarnings("ignore", message=".*Event loop is closed.*")  # ALP902:5
    simplefilter("ignore", PytestUnraisableExceptionWarning)  # ALP902:5
    warnings.simplefilter("error", ResourceWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="asyncpg")
    warnings.filterwarnings("always", message="unclosed transport")
