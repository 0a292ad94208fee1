"""The checklist template: the validated list of items a draft must pass.

A manual item is ticked by a person; auto items (``platform_fit``, ``links``) are computed from
the safety report. An item with role ``not_author`` (the second pair of eyes) applies in team
mode only. Templates are read from YAML at the edge (:mod:`rtc_tui.safety_files.checklist`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rtc_tui.core.models import ChecklistItem
from rtc_tui.i18n import _

AUTO_ITEMS = ("platform_fit", "links")
"""Ids an ``auto`` item may have: the computed checks the checklist knows."""

KINDS = ("manual", "auto")
ROLES = ("anyone", "not_author")


class ChecklistError(ValueError):
    """A bad template, or a tick or override that is not allowed (the message says why)."""


@dataclass(frozen=True)
class Template:
    """A validated checklist template."""

    items: tuple[ChecklistItem, ...]
    path: Path | None = None

    def get(self, item_id: str) -> ChecklistItem:
        """The item with ``item_id``.

        Raises:
            ChecklistError: No item has that id.
        """
        for item in self.items:
            if item.id == item_id:
                return item
        raise ChecklistError(_("no checklist item {id}").format(id=repr(item_id)))
