"""Tests and fixtures all run on the session loop: nothing to report."""
import pytest


@pytest.fixture
async def per_test(db):
    return db


async def test_query(db, per_test):
    assert db is per_test


async def test_unmarked_but_hooked(db):
    assert db
