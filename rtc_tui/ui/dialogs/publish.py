"""Publishing dialogs: where (and when) a draft goes, and the queue with what came back.

The publish dialog offers, for each configured account whose network the draft targets,
"now" and "later" (later asks the time in a second dialog); when the gate is shut it lists
what is missing and offers nothing, like the export dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rtc_tui.desk.views import ChecklistState, Draft
from rtc_tui.i18n import _, ngettext
from rtc_tui.ui.dialogs.choice import ChoiceScreen
from rtc_tui.ui.dialogs.override import ReasonScreen

NETWORK_LABELS = {"mastodon": "Mastodon", "bluesky": "Bluesky"}


@dataclass(frozen=True)
class PublishChoice:
    """An account, and whether to post now or ask for a time."""

    account: str
    later: bool = False


class PublishScreen(ChoiceScreen[PublishChoice]):
    """The gate's verdict and, when it passes, each account now or later; escape closes."""

    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="publish.close"),
    ]

    def __init__(
        self, draft: Draft, state: ChecklistState, accounts: Sequence[tuple[str, str]]
    ) -> None:
        """``accounts``: the (name, network) of each account the draft can go to."""
        super().__init__()
        self.draft = draft
        self.state = state
        self.choices: list[tuple[PublishChoice, str]] = []
        if state.gate.passed:
            for name, network in accounts:
                where = {"account": name, "network": NETWORK_LABELS.get(network, network)}
                now = _("Post now on {account} ({network})").format(**where)
                later = _("Schedule on {account} ({network})…").format(**where)
                self.choices += [(PublishChoice(name), now), (PublishChoice(name, True), later)]

    def compose(self) -> ComposeResult:
        """Title, the gate's verdict, the accounts (or what is missing)."""
        gate = self.state.gate
        title = _("Publish #{id} {title}").format(id=self.draft.id, title=self.draft.title)
        with Vertical(id="publish-box", classes="rtc-dialog"):
            yield Static(Text(title), classes="rtc-dialog-title")
            if not gate.passed:
                hint = ngettext(
                    "Publishing refused: {count} thing missing (escape closes)",
                    "Publishing refused: {count} things missing (escape closes)",
                    len(gate.missing),
                )
                yield Static(Text(hint.format(count=len(gate.missing))), id="publish-hint")
                lines = [Option(Text(f"- {line}"), disabled=True) for line in gate.lines()]
                yield OptionList(*lines, id="publish-missing")
            elif not self.choices:
                yield Static(
                    Text(
                        _(
                            "No account for this draft's platforms: add one under accounts: in "
                            "the config, or add Mastodon or Bluesky to the draft (p in the "
                            "Draft pane). Escape closes."
                        )
                    ),
                    id="publish-hint",
                )
            else:
                yield Static(
                    Text(_("Choose (enter); the text is checked again as it goes. Escape closes.")),
                    id="publish-hint",
                )
                options = [
                    Option(Text(label), id=str(i)) for i, (_c, label) in enumerate(self.choices)
                ]
                yield OptionList(*options, id="publish-accounts")

    def on_mount(self) -> None:
        """Focus the list."""
        for option_list in self.query(OptionList):
            option_list.focus()


def when_screen(draft_id: int, account: str) -> ReasonScreen:
    """The dialog that asks when a scheduled post goes."""
    return ReasonScreen(
        _("Schedule #{id} on {account}").format(id=draft_id, account=account),
        _(
            "When? 18:30 (the next one), +30m, +2h, or 2026-12-01T18:30. A running rtc (or "
            "rtc publish --due from cron) sends it then, after checking it again."
        ),
        placeholder="18:30",
    )
