"""Notifications that leave the terminal: webhooks told about team events.

The desk holds one :class:`Notifier` and calls ``notifier.tell(kind, text, draft_id=...)`` where
something happens (a review requested, a draft approved, an export, a trending spike); it never
waits. Sending runs on background threads with retries, failures are shown by
:meth:`Notifier.status_line` and logged in ``notify.log``, and what is pending at quit is kept
in the data dir's outbox for the next ``rtc``.
"""

from rtc_tui.notify.channel import ChannelHealth, Settings
from rtc_tui.notify.message import Notification
from rtc_tui.notify.notifier import Notifier, Webhook, resolve_webhooks

__all__ = ["ChannelHealth", "Notification", "Notifier", "Settings", "Webhook", "resolve_webhooks"]
