"""Publishing accounts in the config: which network, where, as whom, and where the secret is.

The config names an account and says where its secret lives — an environment variable
(``token_env``) or a file readable only by its owner (``token_file``) — never the secret
itself, so a config file can be shared, committed or printed safely::

    accounts:
      - {name: brand-masto, type: mastodon, url: https://mastodon.social,
         handle: brand, token_env: RTC_MASTODON_TOKEN}
      - {name: brand-bsky, type: bluesky, url: https://bsky.social,
         handle: brand.bsky.social, token_file: ~/.config/rtc-tui/bsky-app-password}

For Mastodon the secret is an access token with the ``write:statuses`` and ``read:statuses``
scopes; for Bluesky it is an app password (``createSession`` turns it into a session).
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlsplit

import msgspec

AccountType = Literal["mastodon", "bluesky"]
ACCOUNT_TYPES: tuple[AccountType, ...] = ("mastodon", "bluesky")
_FIELDS = ("name", "type", "url", "handle", "token_env", "token_file")


class AccountConfigError(ValueError):
    """An account entry is malformed; the message names the entry and the field."""


class AccountConfig(msgspec.Struct, frozen=True):
    """One configured account (no secret in here: only where to find it)."""

    name: str
    type: AccountType
    url: str
    """The Mastodon instance, or the Bluesky PDS (``https://bsky.social``), without a path."""
    handle: str
    """``brand`` on Mastodon (the local username); ``brand.bsky.social`` on Bluesky."""
    token_env: str = ""
    token_file: str = ""

    @property
    def base(self) -> str:
        """``url`` without a trailing slash, for joining API paths."""
        return self.url.rstrip("/")


def _text(entry: dict[str, Any], key: str, where: str, *, required: bool) -> str:
    value = entry.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise AccountConfigError(f"{where}.{key}: expected text, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise AccountConfigError(f"{where}.{key}: missing")
    return value


def parse_account(entry: Any, where: str) -> AccountConfig:
    """Validate one ``accounts:`` entry.

    Args:
        entry: The parsed YAML mapping.
        where: How to name it in errors (``accounts[0]``).

    Raises:
        AccountConfigError: naming the field and the problem.
    """
    if not isinstance(entry, dict):
        raise AccountConfigError(f"{where}: expected a mapping with name, type, url, handle")
    unknown = sorted(str(k) for k in entry if k not in _FIELDS)
    if unknown:
        raise AccountConfigError(
            f"{where}: unknown field {unknown[0]!r} (expected {', '.join(_FIELDS)})"
        )
    name = _text(entry, "name", where, required=True)
    kind = _text(entry, "type", where, required=True).lower()
    if kind not in ACCOUNT_TYPES:
        raise AccountConfigError(f"{where}.type: {kind!r} is not one of {', '.join(ACCOUNT_TYPES)}")
    url = _text(entry, "url", where, required=True)
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise AccountConfigError(f"{where}.url: {url!r} is not an http(s) address")
    if parts.query or parts.fragment or parts.path not in {"", "/"}:
        raise AccountConfigError(f"{where}.url: give the server only, without a path")
    handle = _text(entry, "handle", where, required=True).lstrip("@")
    token_env = _text(entry, "token_env", where, required=False)
    token_file = _text(entry, "token_file", where, required=False)
    if bool(token_env) == bool(token_file):
        raise AccountConfigError(
            f"{where}: give exactly one of token_env (an environment variable's name) "
            "or token_file (a file only you can read)"
        )
    return AccountConfig(
        name=name,
        type=kind,
        url=url,
        handle=handle,
        token_env=token_env,
        token_file=token_file,
    )


def parse_accounts(raw: Any, where: str = "accounts") -> tuple[AccountConfig, ...]:
    """Validate the whole ``accounts:`` list (absent means none).

    Raises:
        AccountConfigError: on the first bad entry, or two accounts with one name.
    """
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise AccountConfigError(f"{where}: expected a list of accounts")
    accounts: list[AccountConfig] = []
    for index, entry in enumerate(raw):
        account = parse_account(entry, f"{where}[{index}]")
        if any(a.name == account.name for a in accounts):
            raise AccountConfigError(f"{where}[{index}].name: {account.name!r} is used twice")
        accounts.append(account)
    return tuple(accounts)


def find_account(accounts: tuple[AccountConfig, ...], name: str) -> AccountConfig:
    """The account called ``name``.

    Raises:
        AccountConfigError: no such account; the message lists the configured names.
    """
    for account in accounts:
        if account.name == name:
            return account
    known = ", ".join(a.name for a in accounts) or "none configured"
    raise AccountConfigError(f"no account named {name!r} (accounts: {known})")
