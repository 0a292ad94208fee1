"""The benchmark's one table: figure, reference, ratio, target, met or missed."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.bench.scenarios import Bound


def median(values: list[float]) -> float:
    """The median (values must not be empty)."""
    return statistics.median(values)


def p90(values: list[float]) -> float:
    """The 90th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.9 + 0.5) - 1)]


def ms(seconds: float) -> str:
    """Seconds as milliseconds for the table."""
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def size(count: float) -> str:
    """A byte count for the table."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.0f} MiB"
    return f"{count / 1024:.1f} KB" if count >= 1024 else f"{count:.0f} B"


@dataclass(frozen=True)
class Row:
    """One measured target (or, with ``met`` None, a figure shown beside the targets)."""

    what: str
    figure: str
    reference: str
    ratio: float | None
    target: str
    met: bool | None

    @classmethod
    def ratio_row(cls, what: str, value: float, ref: float, limit: float, fmt: str = "ms") -> Row:
        """A row whose target is ``value / ref <= limit``."""
        show = ms if fmt == "ms" else size
        ratio = value / ref if ref else float("inf")
        return cls(what, show(value), show(ref), ratio, f"<= {limit:g}x", ratio <= limit)


def render(rows: list[Row], title: str) -> str:
    """The table, fixed-width, one row per target, and a count of targets met."""
    header = ("measurement", "rtc", "reference", "ratio", "target", "")
    lines = [
        (
            r.what,
            r.figure,
            r.reference,
            "" if r.ratio is None else f"{r.ratio:.2f}x",
            r.target,
            "" if r.met is None else "met" if r.met else "MISSED",
        )
        for r in rows
    ]
    widths = [max(len(str(x[i])) for x in [header, *lines]) for i in range(len(header))]
    out = [title, ""]
    for line in [header, tuple("-" * w for w in widths), *lines]:
        out.append(
            "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True))
        )
    targets = [r for r in rows if r.met is not None]
    out.append("")
    out.append(f"{sum(bool(r.met) for r in targets)}/{len(targets)} targets met")
    return "\n".join(out)


def render_bound(bounds: Sequence[Bound], hello_limit: float, title: str) -> str:
    """The ready rows' bound: each app cold, its own work, its imports; what a target leaves.

    The last line says what a ready target of ``hello_limit`` times the hello app leaves rtc
    beyond the floor app (the least a Textual app painting a table pays), cold and warm.
    """
    header = ("app", "first rows", "modules imported first", "interpreter + imports")
    lines = [(b.app, ms(b.cold), ms(b.warm), ms(b.imports)) for b in bounds]
    widths = [max(len(x[i]) for x in [header, *lines]) for i in range(len(header))]
    out = [title, ""]
    for line in [header, tuple("-" * w for w in widths), *lines]:
        out.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
    hello, floor = bounds[0], bounds[1]
    allowed = hello.cold * hello_limit
    out.append("")
    out.append(
        f"{hello_limit:g}x hello is {ms(allowed)}; the floor app alone takes {ms(floor.cold)}, "
        f"leaving {ms(allowed - floor.cold)} for everything rtc does beyond a bare table"
    )
    for b in bounds[2:]:
        out.append(
            f"{b.app}: {ms(b.imports - floor.imports)} more interpreter + imports and "
            f"{ms(b.warm - floor.warm)} more start-up work than the floor"
        )
    return "\n".join(out)
