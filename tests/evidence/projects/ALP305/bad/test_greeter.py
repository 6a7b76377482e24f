from fastapi.testclient import TestClient

from greeter import app

client = TestClient(app)


def test_english_greeting():
    assert client.get("/greeting/en").json() == {"text": "hello"}


def test_french_greeting():
    assert client.get("/greeting/fr").json() == {"text": "bonjour"}
