import pytest

pytestmark = pytest.mark.asyncio


async def test_added_item_is_in_the_cart(store):
    await store.add("alice", "SKU-1")
    assert await store.items("alice") == ["SKU-1"]


async def test_a_cart_holds_several_items(store):
    await store.add("alice", "SKU-1")
    await store.add("alice", "SKU-2")
    assert await store.items("alice") == ["SKU-1", "SKU-2"]
