"""Draft actions: create from nothing, an event or a moment; save with revisions; list; show."""

from __future__ import annotations

from collections.abc import Sequence

from rtc_tui.core.models import PLATFORMS, Draft, Event, Origin, Revision, TriageState
from rtc_tui.desk.base import DeskBase
from rtc_tui.desk.errors import BadInputError
from rtc_tui.store import DraftNotFoundError


class DraftsDesk(DeskBase):
    """Everything the Draft pane and ``rtc draft``/``rtc drafts`` do."""

    def drafts(self) -> list[Draft]:
        """Every draft, most recently changed first."""
        return self.store.drafts.all()

    def draft(self, draft_id: int) -> Draft:
        """One draft.

        Raises:
            BadInputError: there is no draft with that id.
        """
        try:
            return self.store.drafts.get(draft_id)
        except DraftNotFoundError as exc:
            raise BadInputError(str(exc)) from exc

    def new_draft(
        self,
        *,
        title: str = "",
        text: str = "",
        platforms: Sequence[str] = (),
        event_id: str | None = None,
        origin: Origin | None = None,
    ) -> Draft:
        """Create a draft, optionally reacting to a stored event; return it with its new id.

        Raises:
            BadInputError: unknown platform or event.
        """
        chosen = list(platforms) or list(self.config.platforms.default)
        unknown = [p for p in chosen if p not in PLATFORMS]
        if unknown:
            raise BadInputError(f"unknown platform '{unknown[0]}' (known: {', '.join(PLATFORMS)})")
        if event_id is not None:
            event = self.store.events.get(event_id)
            if event is None:
                raise BadInputError(f"no event with id {event_id}")
            origin = Origin(
                kind="event",
                ref=event.id,
                title=event.title,
                sensitivity=event.sensitivity,
                first_seen=event.first_seen,
            )
        now = self.now()
        author = self.user

        def build(new_id: int) -> Draft:
            draft = Draft(
                id=new_id,
                title=title or (origin.title if origin else f"Draft {new_id}"),
                text=text,
                platforms=chosen,
                origin=origin,
                author=author,
                created_at=now,
                updated_at=now,
            )
            if text:
                draft.revisions.append(Revision(1, author, now, text))
            return draft

        draft = self.store.drafts.create(build)
        if origin is not None and origin.kind == "event":
            self._link_event(origin.ref, draft.id)
        return draft

    def save_draft(
        self,
        draft_id: int,
        *,
        text: str | None = None,
        variants: dict[str, str] | None = None,
        title: str | None = None,
        platforms: Sequence[str] | None = None,
    ) -> Draft:
        """Save texts; a save that changes what would be published adds a revision."""
        now = self.now()
        author = self.user

        def change(draft: Draft) -> None:
            before = (draft.text, dict(draft.variants))
            if text is not None:
                draft.text = text
            if variants is not None:
                draft.variants = {p: v for p, v in variants.items() if v}
            if title is not None:
                draft.title = title
            if platforms is not None:
                draft.platforms = list(platforms)
            if (draft.text, draft.variants) != before:
                number = (draft.revisions[-1].number + 1) if draft.revisions else 1
                draft.revisions.append(
                    Revision(number, author, now, draft.text, dict(draft.variants))
                )
            draft.updated_at = now

        try:
            return self.store.drafts.update(draft_id, change)
        except DraftNotFoundError as exc:
            raise BadInputError(str(exc)) from exc

    def _link_event(self, event_id: str, draft_id: int) -> None:
        def change(event: Event) -> None:
            if draft_id not in event.draft_ids:
                event.draft_ids.append(draft_id)
            event.state = TriageState.REACTED

        self.store.events.update(event_id, change)
