"""aioboto3/aiobotocore clients entered on the session loop and used from function loops (ALP003).

The client holds an aiohttp session whose connections belong to the loop that made them.  The
aioboto3 ``Session`` itself is a sync factory and crosses loops harmlessly.
"""
import aioboto3
import pytest
import pytest_asyncio
from aiobotocore.session import get_session

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def s3():
    session = aioboto3.Session(region_name="eu-west-1")
    async with session.client("s3") as client:
        yield client


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def dynamodb():
    async with get_session().create_client("dynamodb") as client:
        yield client


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def tables():
    async with aioboto3.Session().resource("dynamodb") as resource:
        yield resource


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def boto_session():
    return aioboto3.Session(region_name="eu-west-1")


async def test_lists_buckets(s3, dynamodb, tables):  # ALP003:30 ALP003:34 ALP003:44
    assert s3 and dynamodb and tables


async def test_session_factory_crosses_harmlessly(boto_session):  # silent: ALP003
    assert boto_session


async def test_per_test_client():
    session = aioboto3.Session()
    async with session.resource("s3") as resource:  # silent: ALP003, ALP205
        assert resource
    async with get_session().create_client("sqs") as queue:  # silent: ALP003, ALP205
        assert queue
