"""Publishing accounts: declared in the config (:class:`rtc_tui.config.AccountConfig`), found here.

The config names an account and says where its secret lives — an environment variable
(``token_env``) or a file readable only by its owner (``token_file``) — never the secret
itself::

    accounts:
      - {name: brand-masto, type: mastodon, url: https://mastodon.social,
         handle: brand, token_env: RTC_MASTODON_TOKEN}
      - {name: brand-bsky, type: bluesky, url: https://bsky.social,
         handle: brand.bsky.social, token_file: ~/.config/rtc-tui/bsky-app-password}

For Mastodon the secret is an access token with the ``write:statuses`` and ``read:statuses``
scopes; for Bluesky it is an app password (``createSession`` turns it into a session).
"""

from __future__ import annotations

from collections.abc import Sequence

from rtc_tui.config import AccountConfig, AccountType
from rtc_tui.i18n import _

__all__ = ["AccountConfig", "AccountNotFoundError", "AccountType", "find_account"]


class AccountNotFoundError(LookupError):
    """No configured account has that name; the message lists the ones there are."""


def find_account(accounts: Sequence[AccountConfig], name: str) -> AccountConfig:
    """The account called ``name``.

    Raises:
        AccountNotFoundError: no such account; the message lists the configured names.
    """
    for account in accounts:
        if account.name == name:
            return account
    known = ", ".join(a.name for a in accounts) or _("none configured: add some under accounts:")
    raise AccountNotFoundError(
        _("no account named {name} (accounts: {known})").format(name=repr(name), known=known)
    )
