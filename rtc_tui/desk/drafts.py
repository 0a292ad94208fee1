"""Draft actions: create, save with revisions, restore, status workflow, counters, time to post."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rtc_tui.config import Config
from rtc_tui.core.drafting.workflow import (
    GATED,
    TransitionError,
    check_transition,
    clean_variants,
    find_revision,
    record_texts,
    texts_by_platform,
    time_to_post,
)
from rtc_tui.core.models import (
    PLATFORMS,
    Draft,
    DraftStatus,
    Event,
    Origin,
    TriageState,
)
from rtc_tui.core.trending.standing import Triage
from rtc_tui.core.trending.stories import worst_sensitivity
from rtc_tui.desk.base import Clock
from rtc_tui.desk.errors import BadInputError, DraftConflictError, RefusedError
from rtc_tui.i18n import _
from rtc_tui.store import (
    DraftChanges,
    DraftMark,
    DraftNotFoundError,
    LockListener,
    RevisionConflictError,
    Store,
    lock_waits_reported,
)

if TYPE_CHECKING:
    from rtc_tui.core.drafting.platforms import PlatformCount


@dataclass(eq=False)
class DraftsService:
    """Everything the Draft pane and ``rtc draft``/``rtc drafts`` do.

    The other services that change drafts (the checklist's ticks, the exports) go through
    :meth:`update`, so every draft write is one locked re-read-change-write.
    """

    config: Config
    store: Store
    user: str
    now: Clock
    story_events: Callable[[str], Sequence[Event]] | None = None
    """Every copy of an event's story (the trending service's): a draft from any copy
    snapshots the worst sensitivity of the whole story."""

    def all(self) -> list[Draft]:
        """Every draft, most recently changed first."""
        return self.store.drafts.all()

    def recent(self, limit: int = 1) -> list[Draft]:
        """The ``limit`` most recently changed drafts (what a pane opens on), not every one."""
        return self.store.drafts.recent(limit)

    def mark(self) -> DraftMark:
        """Where the drafts' changes stand now (read before the drafts a list shows)."""
        return self.store.drafts.mark()

    def changed_since(self, mark: DraftMark) -> DraftChanges:
        """The drafts changed after ``mark`` (by anyone) and the mark to ask from next."""
        return self.store.drafts.changed_since(mark)

    def for_moments(self) -> list[Draft]:
        """The drafts made for a calendar moment, most recently changed first."""
        return self.store.drafts.for_moments()

    def get(self, draft_id: int) -> Draft:
        """One draft.

        Raises:
            BadInputError: there is no draft with that id.
        """
        try:
            return self.store.drafts.get(draft_id)
        except DraftNotFoundError as exc:
            raise BadInputError(str(exc)) from exc

    def new(
        self,
        *,
        title: str = "",
        text: str = "",
        platforms: Sequence[str] = (),
        event_id: str | None = None,
        origin: Origin | None = None,
    ) -> Draft:
        """Create a draft, optionally reacting to a stored event; return it with its new id.

        ``origin`` is for a moment (the calendar service builds it); ``event_id`` looks the event
        up and snapshots its title, the worst sensitivity of its whole story and its first-seen
        time, the start of the time-to-post clock.

        Raises:
            BadInputError: unknown platform or event.
        """
        chosen = self._check_platforms(platforms or self.config.platforms.default)
        if event_id is not None:
            # One read gives the event and its story's copies (the event comes first).
            found = self.story_events(event_id) if self.story_events else ()
            event = found[0] if found else self.store.events.get(event_id)
            if event is None:
                raise BadInputError(_("no event with id {id}").format(id=event_id))
            copies = found[1:]
            origin = Origin(
                kind="event",
                ref=event.id,
                title=event.title,
                sensitivity=worst_sensitivity(
                    [event.sensitivity, *(c.sensitivity for c in copies)]
                ),
                first_seen=event.first_seen,
            )
        now = self.now()
        author = self.user

        def build(new_id: int) -> Draft:
            draft = Draft(
                id=new_id,
                title=title or (origin.title if origin else _("Draft {id}").format(id=new_id)),
                platforms=chosen,
                origin=origin,
                author=author,
                created_at=now,
                updated_at=now,
            )
            record_texts(draft, text, {}, author=author, at=now)
            return draft

        draft = self.store.drafts.create(build)
        self.store.state.audit("draft_created", author, draft=draft.id, title=draft.title)
        if origin is not None and origin.kind == "event":
            self._link_event(origin.ref, draft.id)
        return draft

    def save(
        self,
        draft_id: int,
        *,
        text: str | None = None,
        variants: Mapping[str, str] | None = None,
        title: str | None = None,
        platforms: Sequence[str] | None = None,
        expect_revision: int | None = None,
    ) -> Draft:
        """Save what is given; a save that changes the texts adds a revision.

        ``variants`` replaces every variant (empty ones, and ones equal to the base text, are
        dropped). The re-read, change and write happen under the store's lock.

        ``expect_revision`` is the revision the editor's texts are based on (``Draft.revision``
        when it loaded them). If someone saved since, nothing is written and
        :class:`DraftConflictError` says who and when, so no one's text is ever replaced
        unseen; a stale save whose texts equal the stored ones is no conflict (nothing to
        lose) and goes on top. Without it the save goes on top of the latest revision, as
        ``rtc draft edit`` without ``--expect-revision`` does.

        Raises:
            BadInputError: unknown draft or platform.
            DraftConflictError: the draft is no longer at ``expect_revision``.
        """
        chosen = None if platforms is None else self._check_platforms(platforms)
        now = self.now()
        author = self.user

        def change(draft: Draft) -> None:
            new_text = draft.text if text is None else text
            new_variants = draft.variants if variants is None else variants
            changed = record_texts(draft, new_text, new_variants, author=author, at=now)
            if title is not None and title != draft.title:
                draft.title = title
                changed = True
            if chosen is not None and chosen != draft.platforms:
                draft.platforms = chosen
                changed = True
            if changed:
                draft.updated_at = now

        while True:
            try:
                return self.update(draft_id, change, expect_revision=expect_revision)
            except RevisionConflictError as exc:
                current = exc.current
                if not _same_texts(current, text, variants):
                    raise DraftConflictError(exc.expected, current) from exc
                # Their texts are ours: base the save on their revision (title, platforms).
                expect_revision = current.revision

    def restore_revision(
        self, draft_id: int, number: int, *, expect_revision: int | None = None
    ) -> Draft:
        """Bring back the texts of revision ``number``; the restore is itself a new revision.

        ``expect_revision``: as in :meth:`save` (taking theirs after a conflict states it).

        Raises:
            BadInputError: unknown draft or revision.
            DraftConflictError: the draft is no longer at ``expect_revision``.
        """
        now = self.now()
        author = self.user

        def change(draft: Draft) -> None:
            try:
                revision = find_revision(draft, number)
            except LookupError as exc:
                raise BadInputError(str(exc)) from exc
            if record_texts(draft, revision.text, revision.variants, author=author, at=now):
                draft.updated_at = now

        try:
            return self.update(draft_id, change, expect_revision=expect_revision)
        except RevisionConflictError as exc:
            raise DraftConflictError(exc.expected, exc.current) from exc

    def lock_waits(self, listener: LockListener) -> AbstractContextManager[None]:
        """Tell ``listener`` whose lock a save of this thread waits for, when it waits long."""
        return lock_waits_reported(listener)

    def write_copy(self, path: Path, text: str, variants: Mapping[str, str]) -> None:
        """Write the texts to a new file of the user's choice (a save that failed keeps them).

        The base text, then each variant under a ``--- platform ---`` line, as ``rtc draft
        show`` prints them. An existing file is never replaced.

        Raises:
            BadInputError: the file exists or cannot be written (one line naming it).
        """
        body = text + "".join(f"\n\n--- {p} ---\n{v}" for p, v in sorted(variants.items()))
        try:
            with path.open("x", encoding="utf-8") as file:
                file.write(body + "\n")
        except FileExistsError as exc:
            raise BadInputError(
                _("{path}: exists already; choose another name").format(path=path)
            ) from exc
        except OSError as exc:
            reason = (exc.strerror or type(exc).__name__).lower()
            raise BadInputError(
                _("{path}: cannot write: {reason}").format(path=path, reason=reason)
            ) from exc

    def set_status(self, draft_id: int, status: DraftStatus, *, gated: bool = False) -> Draft:
        """Move a draft along the workflow (see :data:`rtc_tui.core.drafting.workflow.TRANSITIONS`).

        Approval and export are gated by the checklist: the checklist service checks its gate and
        then calls this with ``gated=True``; nobody else may set those statuses. Every change
        lands in the audit log.

        Raises:
            BadInputError: unknown draft.
            RefusedError: the workflow has no such step, or it needs the gate.
        """
        if status in GATED and not gated:
            raise RefusedError(
                _("{status} needs the checklist: use the Checklist pane").format(
                    status=status.value
                )
            )
        now = self.now()

        def change(draft: Draft) -> None:
            try:
                check_transition(draft.status, status)
            except TransitionError as exc:
                raise RefusedError(str(exc)) from exc
            draft.status = status
            draft.updated_at = now

        draft = self.update(draft_id, change)
        self.store.state.audit("status", self.user, draft=draft_id, status=status.value)
        return draft

    def toggle_review(self, draft_id: int) -> Draft:
        """Send a draft to review, or take a draft in review (or approved) back to drafting.

        Raises:
            BadInputError: unknown draft.
            RefusedError: an exported draft (reopen it explicitly with :meth:`set_status`).
        """
        current = self.get(draft_id).status
        target = DraftStatus.IN_REVIEW if current is DraftStatus.DRAFT else DraftStatus.DRAFT
        if current is DraftStatus.EXPORTED:
            raise RefusedError(_("draft {id} is exported; reopen it to edit").format(id=draft_id))
        return self.set_status(draft_id, target)

    def platform_limits(self) -> Mapping[str, int]:
        """The limit table with the config's overrides (``platforms.limits`` and the IG cap)."""
        overrides: dict[str, int] = dict(self.config.platforms.limits)
        overrides["instagram_hashtags"] = self.config.platforms.instagram_hashtag_cap
        # Imported here: the counters (the ``regex`` module, the URL patterns) are for the
        # commands that measure a text, not for ``rtc moments`` building the desk.
        from rtc_tui.core.drafting.platforms import resolve_limits

        try:
            return resolve_limits(overrides)
        except ValueError as exc:
            raise BadInputError(_("config: platforms: {problem}").format(problem=exc)) from exc

    def measure(self, draft: Draft) -> dict[str, PlatformCount]:
        """Each chosen platform's count for the text it would get."""
        from rtc_tui.core.drafting.platforms import measure_all

        return measure_all(texts_by_platform(draft), self.platform_limits())

    def time_to_post(self, draft: Draft) -> timedelta | None:
        """Elapsed time since the draft's origin event was first seen (the real-time KPI)."""
        return time_to_post(draft, self.now())

    def _check_platforms(self, platforms: Sequence[str]) -> list[str]:
        chosen = list(dict.fromkeys(platforms))
        unknown = [p for p in chosen if p not in PLATFORMS]
        if unknown:
            raise BadInputError(
                _("unknown platform '{name}' (known: {known})").format(
                    name=unknown[0], known=", ".join(PLATFORMS)
                )
            )
        return chosen

    def update(
        self,
        draft_id: int,
        change: Callable[[Draft], None],
        *,
        expect_revision: int | None = None,
    ) -> Draft:
        """Apply ``change`` to the draft under the store's lock and write it back.

        ``change`` may raise a :class:`~rtc_tui.desk.errors.DeskError`: nothing is written.
        ``expect_revision``: see :meth:`rtc_tui.store.repos.DraftRepo.update`.

        Raises:
            BadInputError: unknown draft.
            RevisionConflictError: the draft is no longer at ``expect_revision``.
        """
        try:
            return self.store.drafts.update(draft_id, change, expect_revision=expect_revision)
        except DraftNotFoundError as exc:
            raise BadInputError(str(exc)) from exc

    def _link_event(self, event_id: str, draft_id: int) -> None:
        """Mark the event reacted to, with the draft: its triage record only, not the events."""

        def change(records: list[Triage]) -> None:
            for record in records:
                if draft_id not in record.draft_ids:
                    record.draft_ids.append(draft_id)
                record.state = TriageState.REACTED
                record.snoozed_until = None

        self.store.events.change_triage([event_id], change)


def _same_texts(draft: Draft, text: str | None, variants: Mapping[str, str] | None) -> bool:
    """Whether saving ``text`` and ``variants`` would leave the draft's texts as they are."""
    new_text = draft.text if text is None else text
    new_variants = draft.variants if variants is None else clean_variants(new_text, variants)
    return (new_text, new_variants) == (draft.text, draft.variants)
