"""TestClient not entered as a context manager, for an app with lifespan handlers (ALP305).

Outside ``with`` Starlette's TestClient never sends lifespan events and starts a
new portal loop for every request.  A client entered later (``with client:``,
``enter_context``), one built in a helper its callers may enter, and clients of
apps without handlers or that cannot be resolved are silent.
"""
from contextlib import ExitStack, asynccontextmanager

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from myservice_not_in_this_project import app as unknown_app


@asynccontextmanager
async def lifespan(app):
    yield


app = FastAPI(lifespan=lifespan)
plain_app = FastAPI()

client = TestClient(app)  # ALP305:10
entered_later = TestClient(app)
plain_client = TestClient(plain_app)
unknown_client = TestClient(unknown_app)


@pytest.fixture(scope="session")
def session_client():
    return TestClient(app)  # ALP305:12


@pytest.fixture
def yielded_client():
    test_client = TestClient(app=app)  # ALP305:19
    yield test_client


@pytest.fixture
def entered_by_consumer():
    return TestClient(app)


@pytest.fixture
def stacked_client():
    with ExitStack() as stack:
        yield stack.enter_context(TestClient(app))


def test_inline_request():
    assert TestClient(app).get("/").status_code == 404  # ALP305:12


def test_entered_fixture(entered_by_consumer):
    with entered_by_consumer:
        assert entered_by_consumer.get("/").status_code == 404


def test_module_client_entered():
    with entered_later as entered:
        assert entered.get("/").status_code == 404


def test_with_is_fine():
    with TestClient(app) as entered:
        assert entered.get("/").status_code == 404


def build_client():
    """A helper: ``with build_client() as c`` is how callers use it."""
    return TestClient(app)
