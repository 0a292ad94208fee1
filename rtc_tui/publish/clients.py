"""Building the right client for a configured account, with its secret read once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from rtc_tui.publish.accounts import AccountConfig
from rtc_tui.publish.bluesky import BlueskyClient
from rtc_tui.publish.mastodon import MastodonClient
from rtc_tui.publish.secrets import read_secret
from rtc_tui.publish.transport import Transport

NetworkClient = MastodonClient | BlueskyClient


def client_for(
    account: AccountConfig,
    http: httpx.AsyncClient,
    *,
    environ: Mapping[str, str] | None = None,
    **transport_options: Any,
) -> NetworkClient:
    """The client for ``account``, over the shared ``http`` client.

    Args:
        account: The configured account.
        http: The session's shared ``httpx.AsyncClient``.
        environ: Where ``token_env`` is looked up (the process environment by default).
        **transport_options: Passed to :class:`Transport` (timeout, attempts, sleep, clock).

    Raises:
        PublishError: the secret cannot be read (fault ``config``).
    """
    transport = Transport(http, account, read_secret(account, environ), **transport_options)
    if account.type == "mastodon":
        return MastodonClient(transport)
    return BlueskyClient(transport)
