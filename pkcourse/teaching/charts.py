"""Geometry for the teacher's charts, drawn as SVG by templates/teaching/_charts.html. Pure: counts
in, rectangles out, in the SVG's own coordinate units."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    kind: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class StackedRow:
    label: str
    y: float
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


def stacked_rows(
    rows: Sequence[tuple[str, Sequence[int]]],
    kinds: Sequence[str],
    total: int,
    *,
    width: float,
    pitch: float,
) -> list[StackedRow]:
    """One horizontal bar per row, its segments side by side in proportion to `total` (the bar's
    full width). Empty segments are left out; rows are `pitch` apart."""
    rows_out = []
    for index, (label, counts) in enumerate(rows):
        x = 0.0
        segments = []
        for kind, count in zip(kinds, counts, strict=True):
            if count <= 0 or total <= 0:
                continue
            length = width * count / total
            segments.append(Segment(kind, count, round(x, 2), round(length, 2)))
            x += length
        rows_out.append(StackedRow(label, index * pitch, tuple(segments)))
    return rows_out


def histogram(
    counts: Sequence[int], labels: Sequence[str], *, width: float, height: float, gap: float
) -> list[Bar]:
    """Vertical bars of equal width filling `width`, the tallest reaching `height`; bars stand on
    the line y = height."""
    if len(counts) != len(labels):
        raise ValueError("one label per count")
    if not counts:
        return []
    bar_width = (width - gap * (len(counts) - 1)) / len(counts)
    tallest = max(counts) or 1
    bars = []
    for index, (count, label) in enumerate(zip(counts, labels, strict=True)):
        bar_height = height * count / tallest
        bars.append(
            Bar(
                label=label,
                count=count,
                x=round(index * (bar_width + gap), 2),
                y=round(height - bar_height, 2),
                width=round(bar_width, 2),
                height=round(bar_height, 2),
            )
        )
    return bars
