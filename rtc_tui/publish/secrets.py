"""Reading an account's secret, and keeping it out of every message, log and file.

The secret is read when a client is built and lives only inside a :class:`Secret`, whose
``str`` and ``repr`` are a mask, so an f-string, a log call or a traceback's locals cannot show
it by accident. Errors name the environment variable or the file, never the value. A token file
must be a regular file owned by the current user and closed to group and others, as ssh
requires of a private key: a secret others can read is no longer a secret.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rtc_tui.i18n import _
from rtc_tui.publish.accounts import AccountConfig
from rtc_tui.publish.errors import PublishError

MAX_SECRET_BYTES = 16 * 1024
MASK = "***"


class Secret:
    """A secret string that does not print itself; :meth:`reveal` is the only way in."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself: for the one header or body that needs it, nowhere else."""
        return self._value

    def scrub(self, text: str) -> str:
        """``text`` with every occurrence of the secret masked (a server may echo it back)."""
        return text.replace(self._value, MASK) if self._value else text

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Secret is never pickled")


class SecretPayload(dict[str, Any]):
    """A JSON body that carries a secret (Bluesky's login): sent as it is, shown masked.

    A traceback printed with its locals, or a debugger, shows ``SecretPayload(***)`` instead of
    the password inside.
    """

    def __repr__(self) -> str:
        return f"SecretPayload({MASK})"


def read_secret(account: AccountConfig, environ: Mapping[str, str] | None = None) -> Secret:
    """Read ``account``'s secret from its environment variable or its token file.

    Raises:
        PublishError: (fault ``config``) the variable is unset or empty, or the file is missing,
            not a regular file, not yours, or readable by group or others.
    """
    if account.token_env:
        value = (os.environ if environ is None else environ).get(account.token_env, "").strip()
        if not value:
            raise PublishError(
                _("account {account}: environment variable {name} is not set").format(
                    account=account.name, name=account.token_env
                ),
                fault="config",
            )
        return Secret(value)
    return Secret(_read_token_file(account))


def _read_token_file(account: AccountConfig) -> str:
    path = Path(account.token_file).expanduser()
    where = _("account {account}: token file {path}").format(account=account.name, path=path)
    try:
        # O_NOFOLLOW: a symlink swapped in for the file is refused, not followed.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise PublishError(_("{what} does not exist").format(what=where), fault="config") from None
    except OSError as exc:
        raise PublishError(
            _("{what} cannot be opened ({reason})").format(what=where, reason=exc.strerror),
            fault="config",
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise PublishError(_("{what} is not a regular file").format(what=where), fault="config")
        if info.st_uid != os.geteuid():
            raise PublishError(
                _("{what} belongs to another user").format(what=where), fault="config"
            )
        if info.st_mode & 0o077:
            mode = stat.S_IMODE(info.st_mode)
            raise PublishError(
                _("{what} is readable by others (mode {mode}): run chmod 600 on it").format(
                    what=where, mode=f"{mode:o}"
                ),
                fault="config",
            )
        data = os.read(fd, MAX_SECRET_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_SECRET_BYTES:
        raise PublishError(
            _("{what} is too large to be a token").format(what=where), fault="config"
        )
    try:
        value = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise PublishError(
            _("{what} is not UTF-8 text").format(what=where), fault="config"
        ) from None
    if not value:
        raise PublishError(_("{what} is empty").format(what=where), fault="config")
    return value
