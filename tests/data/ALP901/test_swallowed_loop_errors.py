"""Except branches that swallow the loop errors instead of fixing their cause (ALP901).

The handler is reported when the branch taken for a matching message does not
re-raise.  Handlers that re-raise on a match, that only assert on the message, or
that match another message are silent, and so are handlers of other exceptions.
"""
import pytest
import pytest_asyncio


@pytest_asyncio.fixture
async def session(engine):
    session = engine.session()
    try:
        yield session
        await session.rollback()
    except RuntimeError as error:  # ALP901:5
        if "Event loop is closed" not in str(error):
            raise


async def close_quietly(resource):
    try:
        await resource.close()
    except Exception as error:  # ALP901:5
        if "attached to a different loop" in str(error) or "Event loop is closed" in str(error):
            return
        raise


def other_shapes(error_text):
    try:
        error_text()
    except (ValueError, RuntimeError) as error:  # ALP901:5
        if not str(error).startswith("Event loop is closed"):
            raise
    try:
        error_text()
    except BaseException as error:  # ALP901:5
        message = str(error)
        if any(text in message for text in ("different loop", "other")):
            print("ignored", message)
        else:
            raise


async def reraises_on_match(resource):
    try:
        await resource.close()
    except RuntimeError as error:  # silent: ALP901
        if "Event loop is closed" in str(error):
            print("closed on the wrong loop")
            raise
    try:
        await resource.close()
    except RuntimeError as error:
        if "Event loop is closed" in str(error):
            print("closed on the wrong loop")
        raise
    try:
        await resource.close()
    except RuntimeError as error:
        if "Event loop is closed" in str(error):
            raise AssertionError("resource outlived its loop") from error
    try:
        await resource.close()
    except RuntimeError as error:
        if "different loop" in str(error):
            pytest.fail(f"resource used on two loops: {error}")


def asserts_on_message(operation):
    try:
        operation()
    except RuntimeError as error:
        assert "attached to a different loop" in str(error)
    with pytest.raises(RuntimeError, match="Event loop is closed"):
        operation()


async def no_message_is_read(engine):
    """A blanket ``except: pass`` hides more than loop errors, but nothing here says it is about them."""
    try:
        await engine.dispose()
    except:  # noqa: E722
        pass


def other_exceptions_and_messages(operation):
    try:
        operation()
    except KeyError as error:
        if "Event loop is closed" in str(error):
            pass
    try:
        operation()
    except RuntimeError as error:
        if "no running event loop" in str(error):
            return None
        raise
