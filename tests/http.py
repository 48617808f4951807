"""Helpers for reading test-client responses."""


def body_of(response) -> bytes:
    """The whole body. Reading a streaming response to the end lets the test client close it."""
    return b"".join(response.streaming_content) if response.streaming else response.content
