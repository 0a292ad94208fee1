"""A crisis hold's reason: stored in one fixed wording, read in each reader's language.

The stored reason is compared with the one a post was released from, so it must not depend on
who held the post; older versions stored exactly these English words, and they must still
read in Italian. Text that is not a whole reason (a person's words) is never altered.
"""

from __future__ import annotations

import pytest

from rtc_tui import i18n
from rtc_tui.cli.publish import post_line
from rtc_tui.core.models import Level
from rtc_tui.core.publish.crisis import Story, crisis_holds, crisis_now, shown_hold_reason
from rtc_tui.core.publish.queue import QueuedPost
from rtc_tui.desk.audit import describe
from rtc_tui.ui.dialogs.publish_queue import detail_cell
from tests.unit.test_publish_queue import NOW, make


def _story(rank: int, title: str) -> Story:
    return Story(id=f"s{rank}", title=title, level=Level.BLOCK, rank=rank)


STORED_BY_AN_OLDER_VERSION = (
    "crisis pause: 'Alluvione in Emilia' (blocking, rank 3); 'A; B' (blocking, rank 4); "
    "'C' (blocking, rank 5); 2 more blocking stories; solemn day: Giornata della Memoria"
)


def test_the_stored_reason_is_the_same_in_every_language() -> None:
    stories = [_story(3, "Alluvione in Emilia"), _story(4, "A; B")]
    stories += [_story(r, t) for r, t in ((5, "C"), (6, "D"), (7, "E"))]
    english = crisis_now(stories, "Giornata della Memoria")
    i18n.setup("it")
    italian = crisis_now(stories, "Giornata della Memoria")
    assert english is not None
    assert italian is not None
    assert italian.reason == english.reason == STORED_BY_AN_OLDER_VERSION
    # A post released from this crisis is not held again, whoever released it, in any language.
    held = crisis_holds([make()], stories, "Giornata della Memoria")
    assert [h.reason for h in held] == [STORED_BY_AN_OLDER_VERSION]


def test_an_old_stored_reason_reads_in_italian() -> None:
    i18n.setup("it")
    assert shown_hold_reason(STORED_BY_AN_OLDER_VERSION) == (
        "pausa per crisi: 'Alluvione in Emilia' (bloccante, posizione 3); "
        "'A; B' (bloccante, posizione 4); 'C' (bloccante, posizione 5); "
        "altre 2 notizie bloccanti; giornata solenne: Giornata della Memoria"
    )
    assert shown_hold_reason("crisis pause: 1 more blocking stories") == (
        "pausa per crisi: 1 altra notizia bloccante"
    )


def test_english_reads_the_stored_reason_with_a_proper_singular() -> None:
    assert shown_hold_reason("crisis pause: 1 more blocking stories") == (
        "crisis pause: 1 more blocking story"
    )
    assert shown_hold_reason(STORED_BY_AN_OLDER_VERSION) == STORED_BY_AN_OLDER_VERSION


@pytest.mark.parametrize(
    "text",
    [
        "",
        "held by hand: wait for legal",
        "crisis pause: ",
        "crisis pause: something else",
        "crisis pause: 'X' (blocking, rank 1); and then",
        "crisis pause: 'X' (blocking, rank one)",
    ],
)
def test_other_text_is_shown_exactly_as_it_is(text: str) -> None:
    i18n.setup("it")
    assert shown_hold_reason(text) == text


def _held(reason: str) -> QueuedPost:
    from rtc_tui.core.publish import queue

    return queue.hold(make(), NOW, reason)


def test_the_queue_dialog_the_cli_and_the_audit_show_the_reason_in_italian() -> None:
    i18n.setup("it")
    post = _held("crisis pause: solemn day: Giornata della Memoria")
    expected = "pausa per crisi: giornata solenne: Giornata della Memoria"
    assert detail_cell(post) == expected
    line = post_line(post)
    assert expected in line
    assert " sospeso " in line
    assert " held " not in line
    record = {"at": "2026-01-27T09:00:00", "by": "carla", "action": "publish_held"}
    record["reason"] = post.hold_reason
    assert expected in describe(record)
    assert "crisis pause" not in describe(record)
