"""The Draft pane: origin, per-platform variants, the editor, live counters and the status line.

The view keeps a working copy of the draft's texts (base text and variants) and the revision
it is based on, and asks for it to be saved (:class:`DraftPaneView.SaveRequested`, answered by
:class:`~rtc_tui.ui.panes.draft.DraftPane`): about a second after typing stops, on ``ctrl+s``,
when the cursor leaves the text, before another draft is opened, and when the app quits
(:meth:`DraftPaneView.pending_save`). The text field owns every printable key while the cursor
is in it: saving never moves the focus, and a reload never replaces unsaved text; in an empty
pane the first printable key starts a new draft and is its first character.
Counters are refreshed a moment after each change, never inside the keystroke, so typing stays
instant on a long draft with six counters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from time import monotonic

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import DescendantBlur, DescendantFocus, Key
from textual.message import Message
from textual.widget import Widget
from textual.widgets import TextArea

from rtc_tui.desk.views import Draft, clean_variants
from rtc_tui.i18n import N_, _
from rtc_tui.ui.external_editor import edit_externally
from rtc_tui.ui.panes.base import Pane
from rtc_tui.ui.panes.draft_editor import DraftEditor
from rtc_tui.ui.widgets.counters import NARROW_COLUMNS, CountersRow
from rtc_tui.ui.widgets.draft_origin import OriginLine
from rtc_tui.ui.widgets.draft_status import DraftStatusLine
from rtc_tui.ui.widgets.variant_tabs import BASE, VariantTabs

PANE_KEYS = frozenset("1234")
"""The pane keys, which switch panes even in an empty Draft pane."""

AUTOSAVE_SECONDS = 1.0
"""Autosave this long after the last keystroke."""

COUNTER_DELAY_SECONDS = 0.15
"""The counters follow the text this long after a keystroke with no other after it.

A pause, not a rate: a burst of keys (a fast typist, a paste through the terminal) is not
slowed by a repaint of the counters between two keys; at a typist's usual pace (a key every
150-200 ms) they follow every key."""

COUNTER_MAX_WAIT_SECONDS = 1.0
"""However long a burst lasts, the counters are never older than this."""

TICK_SECONDS = 0.1
"""How often the pane checks whether counters or an autosave are due."""


class DraftPaneView(Pane, can_focus=True):
    """Edits one draft at a time; saving and every other change is asked for as a message.

    The pane itself takes focus when the user leaves the editor with escape, so the pane's
    own keys (``l``, ``h``, ``p``, ``r``, ``n``) work outside the text field.
    """

    PANE_ID = "draft"
    PANE_TITLE = N_("Draft")
    PANE_KEY = "3"

    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="draft.save", priority=True),
        # Shown in the status line instead of the footer: 80 columns hold only so many keys.
        # ``i`` and ``enter`` are bindings of the pane, so inside the text they are letters.
        Binding("i,enter", "edit", _("Edit text"), id="draft.edit", show=False),
        Binding("ctrl+t", "next_variant", _("Variant"), id="draft.next-variant"),
        Binding("ctrl+o", "external_editor", _("$EDITOR"), id="draft.external-editor", show=False),
        Binding("l", "drafts_list", _("Drafts"), id="draft.list"),
        Binding("h", "history", _("History"), id="draft.history"),
        Binding("p", "choose_platforms", _("Platforms"), id="draft.platforms"),
        Binding("r", "toggle_review", _("Review"), id="draft.review"),
        Binding("n", "new_draft", _("New draft"), id="draft.new", show=False),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "edit text" only outside the field (inside it, ``i`` is a letter)."""
        if action == "edit":
            return not self.editor.has_focus
        return True

    class SaveRequested(Message):
        """The user's texts should be saved into the draft."""

        def __init__(
            self,
            draft_id: int,
            text: str,
            variants: dict[str, str],
            *,
            base_revision: int,
            reason: str = "save",
        ) -> None:
            self.draft_id = draft_id
            """The draft being edited."""
            self.text = text
            """The base text."""
            self.variants = variants
            """Per-platform variants (only those that differ from the base text)."""
            self.base_revision = base_revision
            """The revision the texts are based on: a newer stored one is a conflict."""
            self.reason = reason
            """``save`` (ctrl+s), ``autosave``, ``switch`` (another draft opened) or ``quit``."""
            super().__init__()

    class RestoreRequested(Message):
        """The user picked a revision to bring back."""

        def __init__(self, draft_id: int, number: int) -> None:
            self.draft_id = draft_id
            """The draft."""
            self.number = number
            """The revision to restore."""
            super().__init__()

    class DraftsListRequested(Message):
        """The user wants the list of drafts to open another one."""

    class NewDraftRequested(Message):
        """The user wants a new blank draft."""

        def __init__(self, *, typed: bool = False) -> None:
            self.typed = typed
            """Started by typing into the empty pane: the editor already holds the text."""
            super().__init__()

    class ReviewToggleRequested(Message):
        """The user wants the draft sent to review (or back to drafting)."""

        def __init__(self, draft_id: int) -> None:
            self.draft_id = draft_id
            """The draft."""
            super().__init__()

    class PlatformsChosen(Message):
        """The user chose which platforms the draft targets."""

        def __init__(self, draft_id: int, platforms: list[str]) -> None:
            self.draft_id = draft_id
            """The draft."""
            self.platforms = platforms
            """The chosen platforms, in display order."""
            super().__init__()

    def __init__(
        self,
        *,
        limits: Mapping[str, int],
        now: Callable[[], datetime],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.draft: Draft | None = None
        """The draft as last saved or loaded."""
        self.variant: str = BASE
        """Which text the editor shows: ``""`` for the base text, else a platform name."""
        self.limits: Mapping[str, int] = limits
        """Platform limits with the config's overrides."""
        self.now: Callable[[], datetime] = now
        """The clock for time to post (the desk's)."""
        self.counters_text = ""
        """The counter row as plain text (what the user reads)."""
        self.base_revision = 0
        """The revision the working copy is based on (what the next save states)."""
        self.autosave_paused = False
        """Set while a conflict waits for the user (escape on the conflict screen): autosave
        would only bring the screen back; ``ctrl+s`` resolves it."""
        self.save_waiting = False
        """A save of this draft waits for the store's server (out of reach): the status line
        says so instead of a plain "unsaved"."""
        self.starting = False
        """The pane was empty and the user started typing: the draft is being created."""
        self._text = ""
        self._variants: dict[str, str] = {}
        self._last_edit: float | None = None
        self._counters_due: float | None = None
        self._counters_stale_since: float | None = None
        """When the text first changed since the counters were last computed."""
        self._count_when_shown = False
        """The counters were due while the pane was hidden (see :meth:`_refresh_counters`)."""
        self._editor: TextArea | None = None
        # Until the editor holds the working copy, its (empty) text must not be taken as an edit.
        self._editor_loaded = False
        self.save_when_created = False
        """``ctrl+s`` came while the draft started by typing was being created."""

    def compose(self) -> ComposeResult:
        """Origin line, variant line, editor, counters, status line."""
        yield OriginLine(id="draft-origin")
        yield VariantTabs(id="draft-variants")
        yield DraftEditor(id="draft-editor", soft_wrap=True, show_line_numbers=False)
        yield CountersRow(id="draft-counters")
        yield DraftStatusLine(id="draft-status")

    def on_mount(self) -> None:
        """Start the tick that runs counters, autosave and the time-to-post clock.

        A quit pressed while the pane was being mounted removes its children before this runs:
        then there is nothing to start (looking for them raised, and the app exited with a
        traceback instead of 0).
        """
        if not self.children:
            return
        # Kept, not queried: unsaved text is flushed after the pane is unmounted.
        self._editor = self.query_one("#draft-editor", TextArea)
        self.set_interval(TICK_SECONDS, self.tick)
        self._load_editor()
        self._refresh_all()

    def focus_target(self) -> Widget:
        """The editor."""
        return self.editor

    @property
    def editor(self) -> TextArea:
        """The text field."""
        if self._editor is None:
            self._editor = self.query_one("#draft-editor", TextArea)
        return self._editor

    # -- the working copy -----------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The base text being edited (may be ahead of the saved draft)."""
        self._sync_from_editor()
        return self._text

    @property
    def variants(self) -> dict[str, str]:
        """The variants being edited, without those equal to the base text or empty."""
        self._sync_from_editor()
        return clean_variants(self._text, self._variants)

    @property
    def dirty(self) -> bool:
        """Whether the working copy differs from the saved draft."""
        if self.draft is None:
            return False
        return (self.text, self.variants) != (self.draft.text, self.draft.variants)

    def current_text(self) -> str:
        """The text of the variant being edited (the base text if it has none yet)."""
        if self.variant == BASE:
            return self._text
        return self._variants.get(self.variant, self._text)

    def pending_save(self, reason: str = "quit") -> SaveRequested | None:
        """The save that would keep unsaved work, or ``None`` when everything is saved."""
        if self.draft is None or not self.dirty:
            return None
        return self.save_request(reason)

    def save_request(self, reason: str) -> SaveRequested:
        """A save of the working copy as it is now (the draft must be shown)."""
        assert self.draft is not None
        return self.SaveRequested(
            self.draft.id,
            self.text,
            self.variants,
            base_revision=self.base_revision,
            reason=reason,
        )

    def _sync_from_editor(self) -> None:
        if self.draft is None or self._editor is None or not self._editor_loaded:
            return
        value = self._editor.text
        if value == self.current_text():
            return
        if self.variant == BASE:
            self._text = value
        else:
            self._variants[self.variant] = value

    def _adopt(self, draft: Draft) -> None:
        self._text = draft.text
        self._variants = dict(draft.variants)
        self.base_revision = draft.revision
        self.autosave_paused = False
        if self.variant != BASE and self.variant not in draft.platforms:
            self.variant = BASE

    # -- loading ----------------------------------------------------------------------------

    def show_draft(self, draft: Draft | None, *, force: bool = False) -> None:
        """Show ``draft`` (``None``: nothing to edit yet).

        The same draft coming back (after a save, or a reload) keeps unsaved typing and the
        revision it is based on, so saving it later is a conflict, never an overwrite; a change
        made by another session is taken only when there is nothing unsaved here, and an older
        revision than the one shown (a read that raced a save) is ignored. Another draft
        replaces the editor, after asking to save the one being left. ``force`` reloads the
        texts whatever the state (after a restore, or taking theirs in a conflict).
        """
        if self.starting:
            return  # the draft started by typing owns the pane until it exists
        if not self.is_mounted:
            self.draft = draft
            if draft is not None:
                self._adopt(draft)
            return
        same = draft is not None and self.draft is not None and draft.id == self.draft.id
        if same and not force and draft is not None:
            if self.draft is not None and draft.revision < self.draft.revision:
                # Read before a save that has been stored since (a reload racing the save
                # that waited for the server): the pane already holds newer text.
                return
            unsaved = self.dirty
            self.draft = draft
            # Unsaved text equal to theirs has nothing to lose: take their revision as the base.
            if not unsaved or not self.dirty:
                self._adopt(draft)
                self._load_editor()
            self._refresh_all()
            return
        leaving = self.pending_save(reason="switch")
        if leaving is not None:
            self.post_message(leaving)
        if not same:
            self.variant = BASE
        self.draft = draft
        if draft is None:
            self._text, self._variants = "", {}
        else:
            self._adopt(draft)
        self._last_edit = None
        self._load_editor()
        self._refresh_all()

    def saved(self, draft: Draft) -> None:
        """A save of this pane's working copy is stored as ``draft``: base the next one on it.

        Text typed while the save ran stays (and stays unsaved); a newer revision already shown
        (another session's, seen meanwhile) is kept.
        """
        current = self.draft
        if current is None or current.id != draft.id or draft.revision < current.revision:
            return
        self.draft = draft
        self.base_revision = draft.revision
        self.autosave_paused = False
        if not self.dirty:
            self._adopt(draft)
        self._refresh_all()

    def load_working_text(self, text: str) -> None:
        """Put ``text`` in the editor as unsaved work on the current text (a merge to finish)."""
        self._sync_from_editor()
        if self.variant == BASE:
            self._text = text
        else:
            self._variants[self.variant] = text
        self._load_editor()
        self._refresh_all()
        self.screen.set_focus(self.editor)

    def _load_editor(self) -> None:
        editor = self.editor
        editor.disabled = self.draft is None and not self.starting
        wanted = self.current_text()
        if editor.text != wanted:
            editor.load_text(wanted)
            editor.move_cursor(editor.document.end)
        self._editor_loaded = True

    # -- live updates ---------------------------------------------------------------------------

    @on(DescendantFocus)
    def _focus_moved(self) -> None:
        """The status line's editing hint follows the cursor in and out of the text."""
        self._refresh_status()

    @on(DescendantBlur)
    def _focus_left(self, event: DescendantBlur) -> None:
        """Leaving the text saves what is unsaved (escape, another pane, a dialog)."""
        self._refresh_status()
        if event.widget is self._editor:
            self.autosave()

    @on(TextArea.Changed, "#draft-editor")
    def _text_changed(self) -> None:
        # Every change restarts the pause: comparing texts here would miss an edit that a
        # status refresh had already synced, and autosave (which saves only unsaved work)
        # would then never fire.
        self._sync_from_editor()
        now = monotonic()
        self._last_edit = now
        if self._counters_stale_since is None:
            self._counters_stale_since = now
        self._counters_due = min(
            now + COUNTER_DELAY_SECONDS, self._counters_stale_since + COUNTER_MAX_WAIT_SECONDS
        )

    def tick(self) -> None:
        """Refresh counters, autosave and the time-to-post clock when they are due.

        A quit takes the pane's children down before the pane and its timer: a tick in
        between has nothing to refresh (looking for them raised, and the app exited with 1).
        """
        if not self.children:
            return
        now = monotonic()
        if self._counters_due is not None and now >= self._counters_due:
            self._counters_due = self._counters_stale_since = None
            self._refresh_counters()
            self._refresh_variants()
            self._refresh_status()
        if self._last_edit is not None and now - self._last_edit >= AUTOSAVE_SECONDS:
            self.autosave()
        self._refresh_origin()

    def autosave(self) -> None:
        """Ask for a save of unsaved work now (the tick calls this after the debounce)."""
        self._last_edit = None
        if self.autosave_paused:
            return
        pending = self.pending_save(reason="autosave")
        if pending is not None:
            self.post_message(pending)

    def catch_up(self) -> None:
        """Count what was typed or loaded while the pane was hidden."""
        if self._count_when_shown:
            self._refresh_counters()

    def _refresh_all(self) -> None:
        self._refresh_origin(force=True)
        self._refresh_variants()
        self._refresh_counters()
        self._refresh_status()

    def _refresh_origin(self, *, force: bool = False) -> None:
        line = self.query_one("#draft-origin", OriginLine)
        line.show_origin(self.draft, self.now(), force=force)

    def _refresh_variants(self) -> None:
        platforms = self.draft.platforms if self.draft is not None else None
        tabs = self.query_one("#draft-variants", VariantTabs)
        tabs.show_variants(platforms, self._text, self._variants, self.variant)

    def _refresh_counters(self) -> None:
        if not self.is_mounted:
            return
        if not self.shown:
            # Counting (URLs, hashtags, emoji weights) for a hidden pane is work nobody
            # sees: it is done when the pane comes on screen.
            self._count_when_shown = True
            return
        self._count_when_shown = False
        platforms = self.draft.platforms if self.draft is not None else []
        texts = {p: self._variants.get(p, self._text) or self._text for p in platforms}
        row = self.query_one("#draft-counters", CountersRow)
        narrow = self.size.width < NARROW_COLUMNS
        self.counters_text = row.show_counts(texts, self.limits, self.variant, narrow=narrow)

    def focus_editor(self) -> None:
        """Put the cursor back in the text (after a dialog about it), at once."""
        if self.draft is not None and self.is_mounted:
            self.screen.set_focus(self.editor)

    def refresh_status(self) -> None:
        """Redraw the status line (saved or not, a conflict waiting, the editing hint)."""
        self._refresh_status()

    def _refresh_status(self) -> None:
        line = self.query_one("#draft-status", DraftStatusLine)
        editing = self.draft is not None and self.editor.has_focus
        line.show_status(
            self.draft,
            dirty=self.dirty,
            variant=self.variant,
            editing=editing,
            conflict=self.autosave_paused,
            waiting=self.save_waiting,
        )

    # -- actions ------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save now; the cursor stays where it is (keys typed next go on into the text).

        ``ctrl+s`` is a priority binding, so it runs before the editor has taken the keys typed
        just before it: the save is queued behind them, in the editor's own message queue, and
        so includes every one of them. Saves even with nothing changed, so the user sees it.
        """
        if self.draft is None and not self.starting:
            return
        self.editor.call_later(self._save_now)

    def _save_now(self) -> None:
        if self.draft is None:
            self.save_when_created = True
            return
        self._last_edit = None
        self.autosave_paused = False
        self.post_message(self.save_request("save"))

    # -- typing into an empty pane --------------------------------------------------------

    def on_key(self, event: Key) -> None:
        """In an empty pane a printable key starts a new draft and is its first character.

        Keys that reach the pane while that draft is being made go into the text too.
        """
        if self.draft is not None and not self.starting:
            return
        if self._editor is None or event.character is None or not event.is_printable:
            return
        if not self.starting and event.character in PANE_KEYS:
            return  # 1-4 still switch panes in an empty pane
        event.stop()
        event.prevent_default()
        editor = self.editor
        if not self.starting:
            self.starting = True
            self.save_when_created = False
            editor.disabled = False
            editor.load_text("")
            self.post_message(self.NewDraftRequested(typed=True))
        editor.insert(event.character)
        self.screen.set_focus(editor)

    def created_by_typing(self, draft: Draft) -> None:
        """The draft started by typing exists now: it takes whatever the editor holds."""
        self.starting = False
        self.draft = draft
        self._text, self._variants, self.variant = "", {}, BASE
        self.base_revision = draft.revision
        self._editor_loaded = True
        self._sync_from_editor()
        self._last_edit = monotonic()
        self._refresh_all()
        if self.save_when_created:
            self.save_when_created = False
            self._save_now()

    def creation_failed(self) -> None:
        """The draft started by typing could not be made: the typed text stays in the editor."""
        self.starting = False

    def action_next_variant(self) -> None:
        """Edit the next platform's variant (base, then each chosen platform, and round)."""
        if self.draft is None:
            return
        self._sync_from_editor()
        order = [BASE, *self.draft.platforms]
        index = order.index(self.variant) if self.variant in order else 0
        self.variant = order[(index + 1) % len(order)]
        self._load_editor()
        self._refresh_variants()
        self._refresh_counters()
        self._refresh_status()

    def action_edit(self) -> None:
        """Go into the text field, at once.

        ``focus()`` would move the focus only after the messages already queued: keys typed
        right after ``i`` would still reach the pane as its commands.
        """
        if self.draft is not None:
            self.screen.set_focus(self.editor)

    def action_drafts_list(self) -> None:
        """Ask for the list of drafts."""
        self.post_message(self.DraftsListRequested())

    def action_new_draft(self) -> None:
        """Ask for a new blank draft."""
        self.post_message(self.NewDraftRequested())

    def action_toggle_review(self) -> None:
        """Ask to send the draft to review, or back to drafting."""
        if self.draft is not None:
            self.post_message(self.ReviewToggleRequested(self.draft.id))

    def action_history(self) -> None:
        """Show the revisions; picking one asks for it to be restored."""
        draft = self.draft
        if draft is None:
            return
        autosave = self.pending_save(reason="save")
        if autosave is not None:
            self.post_message(autosave)

        def restore(number: int | None) -> None:
            if number is not None:
                self.post_message(self.RestoreRequested(draft.id, number))

        from rtc_tui.ui.dialogs.revisions import RevisionsScreen

        self.app.push_screen(RevisionsScreen(draft), restore)

    def action_choose_platforms(self) -> None:
        """Choose the platforms this draft targets."""
        draft = self.draft
        if draft is None:
            return

        def chosen(platforms: list[str] | None) -> None:
            if platforms is not None:
                self.post_message(self.PlatformsChosen(draft.id, platforms))

        from rtc_tui.ui.dialogs.platforms_picker import PlatformsScreen

        self.app.push_screen(PlatformsScreen(draft.platforms), chosen)

    def action_external_editor(self) -> None:
        """Edit the current variant in ``$VISUAL``/``$EDITOR`` (the app suspends meanwhile)."""
        if self.draft is None:
            return
        self._sync_from_editor()
        edited = edit_externally(self.app, self.current_text())
        if edited is None:
            return
        self.editor.load_text(edited)
        self.editor.move_cursor(self.editor.document.end)
        self.editor.focus()
