"""Store changes as Textual messages: the desk's change feed, handed over to the event loop.

The desk tells its subscribers about every write to the data (by this session or another), from
a thread of its own; :func:`subscribe_node` turns each notification into a :class:`StoreChanged`
message posted to a widget or screen, on the app's event loop, without ever blocking the
notifying thread.
"""

from __future__ import annotations

import asyncio
import contextlib

from textual.message import Message
from textual.message_pump import MessagePump

from rtc_tui.desk import ChangeFeed, StoreChange, Subscription


class StoreChanged(Message):
    """The data changed on disk: ``change.tables`` says which parts."""

    def __init__(self, change: StoreChange) -> None:
        self.change = change
        """Which tables changed, and the stamp after the change."""
        super().__init__()


def subscribe_node(feed: ChangeFeed, node: MessagePump) -> Subscription:
    """Post a :class:`StoreChanged` to ``node`` after every change, until closed.

    Must be called on the app's event loop (from ``on_mount``, say).
    """
    loop = asyncio.get_running_loop()

    def changed(change: StoreChange) -> None:
        # A change arriving while the app shuts down has nobody left to tell.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(node.post_message, StoreChanged(change))

    return feed.subscribe(changed)
