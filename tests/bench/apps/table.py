"""Reference: a bare DataTable with the Trending list's columns (5,000 rows: for cursor keys).

``python -m tests.bench.apps.table N`` fills N rows instead: with one screen of rows it is the
floor of the ready row, the least any app painting a Textual table's first screen pays.
"""

from __future__ import annotations

import random
import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from tests.bench.words import WORDS_EN, WORDS_IT

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000


class TableApp(App[None]):
    """One focused DataTable, row cursor, nothing else."""

    def compose(self) -> ComposeResult:
        """The table."""
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        """Columns like the Trending list's and ``ROWS`` rows of headlines."""
        table: DataTable[str] = self.query_one(DataTable)
        for label, width in ((" ", 1), ("!", 1), ("Score", 5), ("Source", 14), ("Title", 46)):
            table.add_column(label, width=width)
        rng = random.Random(5)
        for index in range(ROWS):
            words = WORDS_IT if index % 3 else WORDS_EN
            title = " ".join(rng.choice(words) for _ in range(rng.randint(4, 11))).capitalize()
            table.add_row(" ", " ", f"{rng.random() * 100:5.1f}", f"Feed {index % 50:03d}", title)
        table.focus()


if __name__ == "__main__":
    TableApp().run()
