"""The publishing queue and results: every post, how it stands, and how it landed.

One row per post: its id, state, account, draft, then when it goes (queued), why it waits
(held, failed) or where it lives (sent) with its latest likes, reposts and replies and the
replies' sentiment. The keys act on the row under the cursor: cancel a queued or held post,
release a held one (re-checked first), take a published one down (asks for the key again),
and read the latest results from the networks. Every action runs in a worker and reports in a
toast; the table is read again after each.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static
from textual.worker import Worker

from rtc_tui.desk import Desk, DeskError, Subscription
from rtc_tui.desk.publishing import PostReport
from rtc_tui.desk.views import QueuedPost, shown_hold_reason
from rtc_tui.i18n import N_, _, format_date, ngettext
from rtc_tui.ui.store_events import StoreChanged, subscribe_node
from rtc_tui.ui.worker_errors import report_worker_failure
from rtc_tui.words import POST_WORDS, REPLY_WORDS

COLUMNS = (
    (N_("ID"), 8),
    (N_("State"), 9),
    (N_("Account"), 10),
    (N_("Draft"), 5),
    (N_("Results"), 20),
)
"""The fixed columns and their widths; the detail (when / where / why) takes what is left."""


SPARKS = "▁▂▃▄▅▆▇█"
"""The bars of a sparkline, lowest first."""


def sparkline(values: list[int], width: int = 8) -> str:
    """The last ``width`` values as bars scaled to their own range (flat: the lowest bar)."""
    shown = values[-width:]
    if not shown:
        return ""
    low, high = min(shown), max(shown)
    span = high - low
    return "".join(SPARKS[(v - low) * (len(SPARKS) - 1) // span if span else 0] for v in shown)


def results_cell(report: PostReport | None) -> str:
    """``12♥ 3↻ 2↩ · +1 =0 -1``: the latest counts and the replies' sentiment."""
    if report is None:
        return ""
    latest = report.results.counts[-1] if report.results.counts else None
    parts = []
    if latest is not None:
        parts.append(f"{latest.likes}♥ {latest.reposts}↻ {latest.replies}↩")
    tally = report.tally
    if tally.total:
        parts.append(f"+{tally.positive} ={tally.neutral} -{tally.negative}")
    if report.results.error:
        parts.append("!")
    return " · ".join(parts)


def detail_cell(post: QueuedPost) -> str:
    """When a queued post goes, why a post waits or failed, where a sent one lives."""
    if post.state == "queued":
        local = post.due_at.astimezone()
        due = f"{format_date(local, 'dd MMM')} {local:%H:%M}"
        return f"{due} · {post.last_error}" if post.last_error else due
    if post.state == "held":
        return shown_hold_reason(post.hold_reason)
    if post.state == "failed":
        return post.last_error
    if post.state == "cancelled":
        return _("cancelled by {name}").format(name=post.cancelled_by)
    if post.state == "deleted":
        return _("deleted by {name}").format(name=post.deleted_by)
    return post.remote_url or post.remote_uri


class QueueScreen(ModalScreen[None]):
    """The queue and results table; see the module docstring for the keys."""

    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="queue.close"),
        Binding("c", "cancel_post", _("Cancel post"), id="queue.cancel"),
        Binding("r", "release_post", _("Release held post"), id="queue.release"),
        Binding("d", "delete_post", _("Delete published post"), id="queue.delete"),
        Binding("f", "read_results", _("Read results"), id="queue.refresh"),
    ]

    @on(Worker.StateChanged)
    def _report_worker_failure(self, event: Worker.StateChanged) -> None:
        """No worker of the queue fails silently."""
        report_worker_failure(self, event)

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.posts: list[QueuedPost] = []
        self.reports: dict[str, PostReport] = {}
        self._armed_delete = ""
        self._changes: Subscription | None = None

    def compose(self) -> ComposeResult:
        """Title, the table, a hint line."""
        with Vertical(id="queue-box", classes="rtc-dialog"):
            yield Static(Text(_("Publishing: queue and results")), classes="rtc-dialog-title")
            table: DataTable[Text] = DataTable(id="queue-table", cursor_type="row")
            for label, width in COLUMNS:
                table.add_column(_(label), width=width)
            table.add_column(_("When / where / why"))
            yield table
            yield Static(id="queue-detail")
            yield Static(Text(self._hint()), id="queue-hint")

    def on_mount(self) -> None:
        """Load the posts, focus the table, and follow the queue while open."""
        self.query_one(DataTable).focus()
        self.reload()
        self._changes = subscribe_node(self.desk.changes, self)

    def on_unmount(self) -> None:
        """Stop following the queue."""
        if self._changes is not None:
            self._changes.close()
            self._changes = None

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        # A post sent by the timer (or by cron, or another editor) shows up at once.
        if "posts" in message.change.tables:
            self.reload()

    @staticmethod
    def _hint() -> str:
        return _(
            "c cancel · r release a held post · d delete a published one · f read results · "
            "escape closes"
        )

    # -- data ------------------------------------------------------------------------------

    @work(thread=True, group="queue-load", exit_on_error=False)
    def reload(self) -> None:
        """Read the queue and results (off the UI thread), then show them."""
        try:
            posts = self.desk.publishing.posts()
            reports = {r.post.id: r for r in self.desk.publishing.reports()}
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._fill, posts, reports)

    def _fill(self, posts: list[QueuedPost], reports: dict[str, PostReport]) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        selected = self.current()
        self.posts, self.reports = posts, reports
        table.clear()
        for post in posts:
            table.add_row(
                Text(post.id[:8]),
                Text(POST_WORDS(post.state)),
                Text(post.account, no_wrap=True, overflow="ellipsis"),
                Text(f"#{post.draft_id}"),
                Text(results_cell(reports.get(post.id))),
                Text(detail_cell(post), no_wrap=True, overflow="ellipsis"),
                key=post.id,
            )
        if not posts:
            self.query_one("#queue-hint", Static).update(
                Text(_("Nothing queued or published yet: P in the Checklist pane publishes."))
            )
        elif selected is not None:
            index = next((i for i, p in enumerate(posts) if p.id == selected.id), 0)
            table.move_cursor(row=index)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self.query_one("#queue-detail", Static).update(self._detail(self.current()))

    def _detail(self, post: QueuedPost | None) -> Text:
        """The post under the cursor: engagement over time and its replies with their mood."""
        if post is None:
            return Text("")
        report = self.reports.get(post.id)
        text = Text(no_wrap=True, overflow="ellipsis")
        if report is None or not report.results.counts:
            return text
        totals = [c.likes + c.reposts + c.replies + c.quotes for c in report.results.counts]
        parts = [_("engagement {spark}").format(spark=sparkline(totals, 16))]
        if report.seconds_from_event is not None:
            minutes = round(report.seconds_from_event / 60)
            parts.append(_("{minutes} min from the event").format(minutes=minutes))
        text.append(" · ".join(parts))
        for scored in report.results.replies[:4]:
            words = " ".join(scored.reply.text.split())
            text.append(f"\n{REPLY_WORDS(scored.label):<8} @{scored.reply.author}: {words}")
        return text

    def current(self) -> QueuedPost | None:
        """The post under the cursor."""
        table: DataTable[Text] = self.query_one(DataTable)
        if not self.posts or table.row_count == 0:
            return None
        row = table.cursor_coordinate.row
        if not 0 <= row < len(self.posts):
            return None
        key = table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        return next((p for p in self.posts if p.id == key), None)

    # -- actions ---------------------------------------------------------------------------

    def action_cancel_post(self) -> None:
        """Cancel the queued or held post under the cursor."""
        post = self.current()
        if post is not None:
            self._run("cancel", post.id)

    def action_release_post(self) -> None:
        """Release the held post under the cursor (a person's decision, recorded)."""
        post = self.current()
        if post is not None:
            self._run("release", post.id)

    def action_delete_post(self) -> None:
        """Take the published post under the cursor down; asks for ``d`` once more first."""
        post = self.current()
        if post is None:
            return
        if self._armed_delete != post.id:
            self._armed_delete = post.id
            self.query_one("#queue-hint", Static).update(
                Text(
                    _("Press d again to take post {id} down from {account}.").format(
                        id=post.id[:8], account=post.account
                    )
                )
            )
            return
        self._armed_delete = ""
        self.query_one("#queue-hint", Static).update(Text(self._hint()))
        self._run_async("delete", post.id)

    def action_read_results(self) -> None:
        """Read the latest counts and replies from the networks."""
        self._run_async("refresh", "")

    @work(thread=True, group="queue-write", exit_on_error=False)
    def _run(self, action: str, post_id: str) -> None:
        publishing = self.desk.publishing
        try:
            post = publishing.cancel(post_id) if action == "cancel" else publishing.release(post_id)
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
            return
        note = _("Post {id}: {state}").format(id=post.id[:8], state=POST_WORDS(post.state))
        self.app.call_from_thread(self.notify, note, timeout=3, markup=False)
        self.app.call_from_thread(self.reload)

    @work(thread=True, group="queue-network", exit_on_error=False)
    def _run_async(self, action: str, post_id: str) -> None:
        # The network round runs on its own event loop in this thread: the screen stays live.
        publishing = self.desk.publishing
        try:
            if action == "delete":
                post = asyncio.run(publishing.delete(post_id))
                state = POST_WORDS(post.state)
                note = _("Post {id}: {state}").format(id=post.id[:8], state=state)
            else:
                reports = asyncio.run(publishing.refresh_results())
                note = ngettext(
                    "Results read for {count} post", "Results read for {count} posts", len(reports)
                ).format(count=len(reports))
        except DeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, note, timeout=3, markup=False)
        self.app.call_from_thread(self.reload)

    def action_close(self) -> None:
        """Close the screen."""
        self.dismiss(None)
