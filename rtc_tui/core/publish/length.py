"""Whether a post fits the network it is sent to, counted as that network counts.

The counting rules themselves are the draft editor's (:mod:`rtc_tui.core.drafting.platforms`):
Bluesky 300 graphemes and 3,000 UTF-8 bytes, Mastodon 500 with every ``http(s)`` URL counted 23
and a remote mention counted by its user part. What publishing adds is the instance's own limit: a
Mastodon server may allow more (or fewer) characters, and the check before sending must use the
number the server will enforce, not the default.
"""

from __future__ import annotations

from rtc_tui.core.drafting.platforms import PlatformCount, measure
from rtc_tui.core.publish.queue import Network
from rtc_tui.i18n import _


def check_length(text: str, network: Network, *, limit: int | None = None) -> PlatformCount:
    """Measure ``text`` for ``network``, against the instance's ``limit`` when it is known.

    Args:
        text: The post exactly as it will be sent.
        network: ``mastodon`` or ``bluesky``.
        limit: The server's own length limit (Mastodon's ``max_characters``), if known.

    Returns:
        The count; ``ok`` is false and ``problems`` say why when the text does not fit.
    """
    overrides: dict[str, int] | None = {network: limit} if limit is not None else None
    return measure(text, network, overrides)


def length_refusal(text: str, network: Network, *, limit: int | None = None) -> str:
    """One sentence saying why ``text`` cannot be sent on ``network``, or ``""`` if it fits."""
    count = check_length(text, network, limit=limit)
    if count.ok:
        return ""
    return _("too long for {network}: {problems}").format(
        network=count.label, problems="; ".join(count.problems)
    )
