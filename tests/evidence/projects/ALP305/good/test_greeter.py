import pytest
from fastapi.testclient import TestClient

from greeter import app


@pytest.fixture
def client():
    with TestClient(app) as client:
        yield client


def test_english_greeting(client):
    assert client.get("/greeting/en").json() == {"text": "hello"}


def test_french_greeting(client):
    assert client.get("/greeting/fr").json() == {"text": "bonjour"}
