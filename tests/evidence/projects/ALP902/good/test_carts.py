import pytest

pytestmark = pytest.mark.asyncio


async def test_added_item_is_in_the_cart(store):
    await store.add("alice", "SKU-1")
    assert await store.items("alice") == ["SKU-1"]


async def test_a_new_cart_is_empty(store):
    assert await store.items("alice") == [], "cart not empty: the previous test's items are still there"
