from decimal import Decimal

import pytest

from quotes import fetch_quote

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_known_symbol_is_priced(quote_server):
    assert await fetch_quote(*quote_server, "ACME") == Decimal("12.50")


async def test_unknown_symbol_costs_nothing(quote_server):
    assert await fetch_quote(*quote_server, "NOPE") == Decimal("0")
