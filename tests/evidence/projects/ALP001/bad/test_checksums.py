import hashlib

import pytest

from checksums import file_digest


@pytest.mark.asyncio
async def test_digest_is_computed_off_the_loop(event_loop, report_file):
    digest = await event_loop.run_in_executor(None, file_digest, report_file)
    assert digest == hashlib.sha256(report_file.read_bytes()).hexdigest()
