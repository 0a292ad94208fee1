"""Dialogs, notices and warnings in Italian (issue #15): translated, placeholders kept, fitting.

The strings come from the real catalogue (``i18n.setup("it")``, as ``LANG=it_IT.UTF-8`` sets
it); the Pilot tests draw the dialogs at 80x24 and read the screen, so a translation too long
for its line (a cut title or hint) fails here.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace
from rich.text import Text
from textual.pilot import Pilot

from rtc_tui import i18n
from rtc_tui.desk import Desk
from rtc_tui.ui.app import RtcApp
from rtc_tui.ui.clipboard import clipboard_route
from rtc_tui.ui.dialogs.drafts_list import draft_label
from rtc_tui.ui.dialogs.event_detail import detail_text
from rtc_tui.ui.dialogs.export import export_choices
from rtc_tui.ui.dialogs.override import send_back_screen
from rtc_tui.ui.dialogs.sources import due_in
from rtc_tui.ui.dialogs.welcome import WelcomeFacts, styled, welcome_text
from rtc_tui.ui.keymap import keymap_warnings
from rtc_tui.ui.themes import choose_theme
from rtc_tui.words import POST_WORDS, REPLY_WORDS
from tests.contrast import screen_lines
from tests.ui.test_trending_pane import NOW, SEED, seeded_desk


@pytest.fixture
def italian() -> Iterator[None]:
    """The interface in Italian for one test, English again after it."""
    i18n.setup("it")
    yield
    i18n.setup("en")


@pytest.fixture
def desk(desk: Desk) -> Desk:
    """The shared desk with no trending sources: nothing here may touch the network."""
    return Desk(replace(desk.config, sources=()), desk.store, user=desk.user, now=desk.now)


def test_styled_puts_each_part_where_the_translation_wants_it() -> None:
    text = styled("{b} poi {a}, e {x} resta", a=Text("A", style="bold"), b=Text("B", style="dim"))
    assert text.plain == "B poi A, e {x} resta"
    assert [(text.plain[s.start : s.end], s.style) for s in text.spans] == [
        ("B", "dim"),
        ("A", "bold"),
    ]


@pytest.mark.usefixtures("italian")
def test_the_welcome_in_italian_keeps_the_keys_styled(tmp_path: Path) -> None:
    facts = WelcomeFacts(
        tmp_path / "data", tmp_path / "c.yaml", tmp_path / "themes", "r", "?", "^p"
    )
    text = welcome_text(facts)
    assert "Per iniziare: premi  r  in Tendenze" in text.plain
    assert "? elenca tutti i tasti; ^p trova ogni azione" in text.plain
    styles = {text.plain[s.start : s.end]: s.style for s in text.spans}
    assert styles[" r "] == "bold reverse"
    assert styles[" rtc --demo "] == "bold reverse"
    assert styles["^p"] == "bold"


@pytest.mark.usefixtures("italian")
def test_export_choices_in_italian_keep_product_and_platform_names(desk: Desk) -> None:
    draft = desk.drafts.new(title="Neve", text="Che neve", platforms=["instagram"])
    labels = [label for _choice, label in export_choices(draft)]
    assert labels == [
        "Copia il testo Instagram negli appunti",
        "Brief in Markdown (.md)",
        "Scheda JSON (.json)",
        "Testo semplice, Instagram (.txt)",
        "CSV per caricamento in blocco su Buffer, Instagram (.csv)",
        "CSV per caricamento in blocco su Hootsuite, Instagram (.csv)",
        "Webhook (compatibile con Slack)",
    ]


def test_when_a_source_is_read_next_in_both_languages(italian: None) -> None:
    assert due_in(timedelta(seconds=40)) == "tra 40 s"
    assert due_in(timedelta(minutes=5)) == "tra 5 min"
    assert due_in(timedelta(days=2)) == "tra 2 g"
    i18n.setup("en")
    assert due_in(timedelta(hours=3, minutes=5)) == "in 3 h"
    assert due_in(timedelta(days=1)) == "in 1 d"


@pytest.mark.usefixtures("italian")
def test_post_states_and_reply_moods_in_italian() -> None:
    assert [POST_WORDS(s) for s in ("queued", "held", "sent", "failed")] == [
        "in coda",
        "sospeso",
        "inviato",
        "fallito",
    ]
    assert REPLY_WORDS("negative") == "negativa"
    assert POST_WORDS("something-new") == "something-new"


@pytest.mark.usefixtures("italian")
def test_warnings_in_italian_name_what_is_wrong() -> None:
    assert choose_theme("nope", "", {"rtc-dark"}) == (
        "rtc-dark",
        "tema 'nope' sconosciuto, uso rtc-dark",
    )
    assert keymap_warnings({"trending.new-draf": "N"}, []) == [
        "keys: id di comando sconosciuto 'trending.new-draf' (? elenca gli id)"
    ]

    def tmux_external(args: list[str], **_kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(args, 0, stdout="external\n", stderr="")

    note = clipboard_route({"TMUX": "x"}, tmux_external).note
    assert note.startswith("tmux blocca la scrittura negli appunti (set-clipboard external;")


async def _settle(pilot: Pilot[Any], app: RtcApp) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _screen(app: RtcApp) -> str:
    return "\n".join(screen_lines(app.export_screenshot()))


@pytest.mark.usefixtures("italian")
async def test_dialogs_in_italian_fit_80x24(desk: Desk) -> None:
    desk.drafts.new(title="Neve a Roma", text="Che neve", platforms=["instagram"])
    app = RtcApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, app)
        await pilot.press("M")
        await _settle(pilot, app)
        screen = _screen(app)
        assert "Riattiva: mostra di nuovo questi eventi" in screen
        assert "quelli della configurazione si tolgono dal file · esc chiude" in screen
        await pilot.press("escape", "f")
        await _settle(pilot, app)
        assert "ancora nessun filtro salvato" in _screen(app)
        assert "invio applica · esc annulla" in _screen(app)
        await pilot.press("escape", "3", "p")
        await _settle(pilot, app)
        assert "Piattaforme (spazio sceglie, invio applica, esc annulla)" in _screen(app)
        await pilot.press("escape", "l")
        await _settle(pilot, app)
        assert "Bozze, dalla più recente  (invio apre, esc chiude)" in _screen(app)
        await pilot.press("escape", "question_mark")
        await _settle(pilot, app)
        assert "Ovunque" in _screen(app)
        await pilot.press("escape")
        await _settle(pilot, app)
        draft_id = desk.drafts.all()[0].id
        app.push_screen(send_back_screen(draft_id, "Neve a Roma"))
        await _settle(pilot, app)
        screen = _screen(app)
        assert f"Rimanda #{draft_id} Neve a Roma all'autore" in screen
        assert "invio: conferma · esc: annulla" in screen


@pytest.mark.usefixtures("italian")
def test_the_event_detail_in_italian(tmp_path: Path) -> None:
    seeded = seeded_desk(tmp_path)
    sanremo = SEED[0]
    text = detail_text(seeded.trending.event_detail(sanremo.id), NOW).plain
    assert "\nPunteggio " in text
    assert "  fonti " in text
    assert "  freschezza " in text
    assert "Sensibilità nessun rilievo" in text
    assert "Cosa dice la fonte\n  • [notizia] Il conduttore sbaglia il nome — TV" in text
    assert "Stessa notizia altrove (2 fonti)" in text
    assert f"World: {SEED[1].title}" in text
    crollo = next(e for e in SEED if "Crollo" in e.title)
    text = detail_text(seeded.trending.event_detail(crollo.id), NOW).plain
    assert "Sensibilità X blocco — " in text
    assert "(parole trovate: " in text
    assert "Stessa notizia altrove (1 fonte)\n  per ora solo questa fonte" in text
    # Numbers with the Italian decimal comma: the score, and each factor's points.
    assert re.search(r"\nPunteggio \d+,\d ", text), text
    assert re.search(r"  freschezza +x\d,\d\d ", text), text
    assert not re.search(r"\d\.\d", text.split("Cosa dice la fonte")[0]), text


@pytest.mark.usefixtures("italian")
def test_the_drafts_list_rows_in_italian(desk: Desk) -> None:
    draft = desk.drafts.new(title="Neve a Roma", text="Che neve")
    row = draft_label(draft).plain
    assert row.startswith(f"#{draft.id:<4} bozza        ")
    assert row.endswith(" Neve a Roma")


@pytest.mark.usefixtures("italian")
def test_a_draft_without_a_title_is_named_in_italian(desk: Desk) -> None:
    draft = desk.drafts.new(text="Che neve")
    assert draft.title == f"Bozza {draft.id}"


def test_scores_take_the_languages_decimal_mark() -> None:
    assert i18n.format_fixed(56.84, 1, 5) == " 56.8"
    i18n.setup("it")
    assert i18n.format_fixed(56.84, 1, 5) == " 56,8"
    assert i18n.format_fixed(0.871, 2) == "0,87"
