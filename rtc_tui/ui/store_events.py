"""Store changes as Textual messages: the desk's change feed, handed over to the event loop.

The desk tells its subscribers about every write to the data (by this session or another), from
a thread of its own; :func:`subscribe_node` turns each notification into a :class:`StoreChanged`
message posted to a widget or screen, on the app's event loop, without ever blocking the
notifying thread. When the feed loses its server and gets it back (a database store), a
:class:`StoreLinkChanged` goes to the node named for it.
"""

from __future__ import annotations

import asyncio
import contextlib

from textual.message import Message
from textual.message_pump import MessagePump

from rtc_tui.desk import ChangeFeed, StoreChange, Subscription, UnreachableError


class StoreChanged(Message):
    """The data changed on disk: ``change.tables`` says which parts."""

    def __init__(self, change: StoreChange) -> None:
        self.change = change
        """Which tables changed, and the stamp after the change."""
        super().__init__()


class StoreLinkChanged(Message):
    """The change feed lost its server (``reason`` says why) or listens again (``None``)."""

    def __init__(self, reason: str | None) -> None:
        self.reason = reason
        """Why the server cannot be reached (one line, no password); ``None``: it is back."""
        super().__init__()


class StoreUnreachable(Message):
    """Something found the store's server out of reach (bubbles up to the main screen)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        """The store's own line (names the database, never its password)."""
        super().__init__()


def told_unreachable(node: MessagePump, exc: BaseException) -> bool:
    """Post :class:`StoreUnreachable` from ``node`` if ``exc`` says the server is out of reach.

    For background work (timers, heartbeats) that would otherwise raise a toast each time it
    meets the server down: the status bar says it once for all. Safe from a worker thread.
    Returns whether ``exc`` was that (else the caller reports it as before).
    """
    if not isinstance(exc, UnreachableError):
        return False
    node.post_message(StoreUnreachable(str(exc)))
    return True


def subscribe_node(
    feed: ChangeFeed, node: MessagePump, *, link: MessagePump | None = None
) -> Subscription:
    """Post a :class:`StoreChanged` to ``node`` after every change, until closed.

    With ``link``, a :class:`StoreLinkChanged` goes to it whenever the feed loses or regains
    its server. Must be called on the app's event loop (from ``on_mount``, say).
    """
    loop = asyncio.get_running_loop()

    def post(target: MessagePump, message: Message) -> None:
        # A message arriving while the app shuts down has nobody left to tell.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(target.post_message, message)

    def changed(change: StoreChange) -> None:
        post(node, StoreChanged(change))

    if link is None:
        return feed.subscribe(changed)
    target = link

    def linked(reason: str | None) -> None:
        post(target, StoreLinkChanged(reason))

    return feed.subscribe(changed, on_link=linked)
