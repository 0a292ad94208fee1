"""Integration fixtures: a real HTTP server on 127.0.0.1 serving every source type."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.httpserver import FeedServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A running :class:`~tests.httpserver.FeedServer`, stopped after the test."""
    with FeedServer() as server:
        yield server
