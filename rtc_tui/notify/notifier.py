"""The notifier the desk calls: ``notifier.tell(kind, text, draft_id=...)``, never waiting.

It fans a notification out to every configured webhook that wants its kind (one
:class:`~rtc_tui.notify.channel.Channel` each), reports their health in one line for the status
bar, and on :meth:`Notifier.close` waits up to ``notify.drain`` seconds for what is pending
before keeping the rest in the outbox (:mod:`rtc_tui.notify.outbox`) for the next ``rtc`` on
the data dir. :meth:`Notifier.start` sends what an earlier ``rtc`` kept. ``close`` also runs at
interpreter exit, so a headless command that told something delivers or keeps it.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from rtc_tui.config import NotifyConfig, NotifyKind, WebhookConfig
from rtc_tui.i18n import _, ngettext
from rtc_tui.notify.channel import DEFAULT_SETTINGS, Channel, ChannelHealth, Pending, Settings
from rtc_tui.notify.journal import OWNER_ONLY, Journal
from rtc_tui.notify.message import Notification, check_kind, clean
from rtc_tui.notify.outbox import FOLDER, Outbox
from rtc_tui.store.fsio import FileModes, StoreError

LOG_NAME = "notify.log"
"""The notification log's file name in the data dir."""


@dataclass(frozen=True)
class Webhook:
    """A webhook ready to use: its URL resolved (from the file or the environment)."""

    name: str
    url: str
    """Empty when ``url_env`` names a variable that is not set (see ``problem``)."""
    kinds: tuple[NotifyKind, ...]
    problem: str = ""

    @property
    def key(self) -> str:
        """A digest of the URL: names the webhook in the outbox without writing the URL."""
        return hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:16]


def resolve_webhooks(
    config: NotifyConfig, environ: Mapping[str, str] | None = None
) -> list[Webhook]:
    """The configured webhooks with their URLs; an unset ``url_env`` is a ``problem``."""
    env = os.environ if environ is None else environ
    hooks = []
    for entry in config.resolved():
        hooks.append(_resolve(entry, env))
    return hooks


def _resolve(entry: WebhookConfig, env: Mapping[str, str]) -> Webhook:
    url = entry.url or env.get(entry.url_env, "").strip()
    name = entry.name or (urlsplit(url).hostname or "") or entry.url_env
    problem = ""
    if not url:
        problem = _("{name} is not set").format(name=entry.url_env)
    elif not urlsplit(url).hostname or urlsplit(url).scheme not in {"http", "https"}:
        problem, url = _("{name} is not an http(s) URL").format(name=entry.url_env), ""
    return Webhook(name, url, entry.events, problem)


class Notifier:
    """Tells the configured webhooks about team events, in the background."""

    def __init__(
        self,
        webhooks: Sequence[Webhook],
        settings: Settings = DEFAULT_SETTINGS,
        *,
        data_dir: Path | None = None,
        modes: FileModes = OWNER_ONLY,
        user: str = "",
        drain: float = 3.0,
    ) -> None:
        self.user = user
        self.drain = drain
        self.journal = Journal(data_dir / LOG_NAME if data_dir else None, modes)
        self.outbox = Outbox(data_dir / FOLDER, modes) if data_dir else None
        self.problems = [f"{hook.name}: {hook.problem}" for hook in webhooks if hook.problem]
        self._kinds = {hook.key: hook.kinds for hook in webhooks if hook.url}
        self._channels = [
            Channel(hook.key, hook.name, hook.url, settings, self.journal, on_done=self._done)
            for hook in webhooks
            if hook.url
        ]
        self._lock = threading.Lock()
        self._started = self._closed = False

    @classmethod
    def from_config(
        cls,
        config: NotifyConfig,
        *,
        data_dir: Path | None,
        modes: FileModes = OWNER_ONLY,
        user: str = "",
        environ: Mapping[str, str] | None = None,
    ) -> Notifier:
        """The notifier ``notify:`` describes (no webhook: one that tells nobody, at no cost)."""
        settings = Settings(
            timeout=float(config.timeout),
            retries=config.retries,
            backoff=float(config.backoff),
            queue=config.queue,
        )
        return cls(
            resolve_webhooks(config, environ),
            settings,
            data_dir=data_dir,
            modes=modes,
            user=user,
            drain=config.drain,
        )

    @property
    def enabled(self) -> bool:
        """Whether any webhook can be told anything."""
        return bool(self._channels)

    def start(self) -> None:
        """Send what an earlier ``rtc`` on this data dir kept in the outbox; idempotent."""
        with self._lock:
            if self._started or self._closed or not self._channels:
                return
            self._started = True
        atexit.register(self.close)
        if self.outbox is None:
            return
        for channel in self._channels:
            for kept in self.outbox.take(channel.key, channel.room()):
                if not channel.offer(Pending(kept.notification, kept.path)):
                    self.outbox.release(kept.path)

    def tell(self, kind: NotifyKind, text: str, *, draft_id: int | None = None) -> None:
        """Queue a notification for every webhook that wants ``kind``; returns at once.

        Args:
            kind: one of :data:`rtc_tui.config.NOTIFY_KINDS` (``review_request``,
                ``approval``, ``export``, ``spike``, ``published``, ``crisis``, ``backlash``).
            text: plain text (a title, a name); it is cleaned and escaped here, so pass it
                as it is, untrusted or not.
            draft_id: the draft it is about, if any.

        Raises:
            ValueError: ``kind`` is not one of the kinds (a bug in the caller).
        """
        check_kind(kind)
        if not self._channels or self._closed:
            return
        self.start()
        # A spike is the world's doing, not the user's whose app happened to fetch it.
        user = "" if kind == "spike" else self.user
        notification = Notification(kind, clean(text), draft_id, user)
        for channel in self._channels:
            if kind in self._kinds[channel.key]:
                channel.offer(Pending(notification))

    def health(self) -> list[ChannelHealth]:
        """Every webhook's state now."""
        return [channel.health() for channel in self._channels]

    def status_line(self) -> str:
        """One line for the status bar; ``""`` when everything is fine and nothing waits."""
        parts = list(self.problems)
        pending = 0
        for health in self.health():
            pending += health.pending
            if health.last_error and health.retry_in is not None:
                parts.append(
                    _("{name}: {error}, retrying in {seconds} s").format(
                        name=health.name, error=health.last_error, seconds=f"{health.retry_in:.0f}"
                    )
                )
            elif health.given_up:
                parts.append(
                    ngettext(
                        "{name}: {count} not sent ({error})",
                        "{name}: {count} not sent ({error})",
                        health.given_up,
                    ).format(name=health.name, count=health.given_up, error=health.last_error)
                )
            if health.dropped:
                parts.append(
                    ngettext(
                        "{name}: {count} dropped (queue full)",
                        "{name}: {count} dropped (queue full)",
                        health.dropped,
                    ).format(name=health.name, count=health.dropped)
                )
        if pending:
            parts.insert(0, _("{count} pending").format(count=pending))
        return "notify: " + " · ".join(parts) if parts else ""

    def close(self, drain: float | None = None) -> None:
        """Wait for pending notifications, then keep what is left in the outbox.

        Waits up to ``drain`` seconds (default ``notify.drain``); idempotent, and run at
        interpreter exit so a headless command that told something delivers or keeps it.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
        wait = self.drain if drain is None else drain
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and not all(c.idle() for c in self._channels):
            time.sleep(0.02)
        for channel in self._channels:
            for item in channel.stop():
                self._keep(channel, item)

    def _keep(self, channel: Channel, item: Pending) -> None:
        if self.outbox is None:
            self.journal.write(
                _("{channel}: quit before sending {kind}").format(
                    channel=channel.name, kind=item.notification.kind
                )
            )
            return
        if item.spool is not None:
            self.outbox.release(item.spool)
            return
        try:
            self.outbox.keep(channel.key, item.notification)
        except StoreError as exc:
            self.journal.write(
                _("{channel}: could not keep a pending notification: {reason}").format(
                    channel=channel.name, reason=exc
                )
            )

    def _done(self, item: Pending) -> None:
        if item.spool is not None and self.outbox is not None:
            self.outbox.done(item.spool)


def doctor_lines(config: NotifyConfig, data_dir: Path, *, last: int = 5) -> list[str]:
    """What ``rtc doctor`` says about notifications: setup problems, what waits, what failed.

    Never the URLs. Empty when no webhook is configured and nothing was ever kept.
    """
    lines = [
        f"notify: {hook.name}: {hook.problem}" for hook in resolve_webhooks(config) if hook.problem
    ]
    outbox = Outbox(data_dir / FOLDER)
    waiting = outbox.waiting()
    if waiting:
        lines.append(
            ngettext(
                "notify: {count} notification waiting in {folder} "
                "(the next rtc that starts on this data dir sends it)",
                "notify: {count} notifications waiting in {folder} "
                "(the next rtc that starts on this data dir sends them)",
                len(waiting),
            ).format(count=len(waiting), folder=outbox.folder)
        )
    bad = sorted(outbox.folder.glob("*.bad")) if outbox.folder.is_dir() else []
    if bad:
        lines.append(
            ngettext(
                "notify: {count} unreadable file set aside in {folder} (*.bad)",
                "notify: {count} unreadable files set aside in {folder} (*.bad)",
                len(bad),
            ).format(count=len(bad), folder=outbox.folder)
        )
    tail = Journal(data_dir / LOG_NAME).tail(last)
    if tail:
        lines.append(_("notify: the last lines of {path}:").format(path=data_dir / LOG_NAME))
        lines += [f"  {line}" for line in tail]
    return lines
