import pytest
from fastapi.testclient import TestClient

from converter import app


@pytest.fixture
def client():
    with TestClient(app) as client:
        yield client


def test_known_currency_is_converted(client):
    assert client.get("/convert", params={"amount": 10, "currency": "EUR"}).json() == {"amount": 9.2}


def test_service_reports_its_region(client):
    assert client.get("/region").json() == {"region": "eu-west"}
