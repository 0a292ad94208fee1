"""The default checklist's hand-ticked items, and ticking them all: a draft ready to go out."""

from __future__ import annotations

from rtc_tui.desk import Desk

MANUAL = ("timing", "off_limits", "no_bar_jokes", "understandable", "brand_fit", "facts", "rights")
"""The default template's items a person ticks (the others are computed by the checks)."""


def tick_manual(desk: Desk, draft_id: int, *, reviewer: str = "reviewer") -> None:
    """Tick every hand-ticked item of ``draft_id``; the gate then passes.

    The author's items are ticked as ``desk``'s user. The second pair of eyes is never the
    author's to give (issue #12): when ``desk``'s user wrote the draft, a colleague's desk on
    the same store (``reviewer``) gives it.
    """
    for item_id in MANUAL:
        desk.checklist.tick(draft_id, item_id)
    eyes = desk
    if desk.drafts.get(draft_id).author == desk.user:
        eyes = Desk(desk.config, desk.store, user=reviewer, now=desk.now)
    eyes.checklist.tick(draft_id, "second_eyes")
    assert desk.checklist.check(draft_id).gate.passed
