"""Fixtures the publishing tests share: one HTTP client, and sleeps recorded instead of slept."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.integration.publish.support import Sleeps


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(trust_env=False) as client:
        yield client


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()
