"""CSV exports: the gradebook and attempt list as tables with the screen's numbers (percentages
rounded by the same rule, ``numbers.percent_value``), and CSV text a
spreadsheet opens safely. No Flask, no database: report rows in, text out."""

import csv
import io
from collections.abc import Iterable, Sequence

from ..numbers import percent_value
from .reports import AttemptLine, Gradebook

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe, which
    spreadsheets show as text; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with a byte order mark, so spreadsheet programs read the UTF-8 correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()


def _points(value: float) -> float | int:
    """Two decimals at most, and 8 rather than 8.0 (as the pages show points)."""
    rounded = round(float(value), 2)
    return int(rounded) if rounded.is_integer() else rounded


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def gradebook_table(book: Gradebook) -> tuple[list[str], list[list[object]]]:
    modules = [column.module for column in book.columns]
    header = ["Learner", "Email"]
    for module in modules:
        header += [
            f"{module.title}: {book.counts} score %",
            f"{module.title}: passed",
            f"{module.title}: attempts",
        ]
    header += ["Modules passed", "Course score %", "Course completed", "Last activity (UTC)"]
    rows = []
    for row in book.rows:
        line: list[object] = [row.name, row.email]
        for module in modules:
            cell = row.cells.get(module.id)
            if cell:
                line += [percent_value(cell.score), _yes_no(cell.is_passed), cell.attempts]
            else:
                line += ["", "no", 0]
        line += [
            row.passed_modules,
            percent_value(row.course_score),
            _yes_no(row.completed),
            row.last_activity.isoformat(timespec="seconds") if row.last_activity else "",
        ]
        rows.append(line)
    return header, rows


def attempts_table(lines: Iterable[AttemptLine]) -> tuple[list[str], list[list[object]]]:
    header = [
        "Learner",
        "Email",
        "Module",
        "Attempt",
        "Submitted (UTC)",
        "Points",
        "Max points",
        "Score %",
        "Pass mark %",
        "Passed",
    ]
    rows: list[list[object]] = [
        [
            line.learner_name,
            line.learner_email,
            line.module_title,
            line.attempt.number,
            line.attempt.submitted_at.isoformat(timespec="seconds"),
            _points(line.attempt.points),
            _points(line.attempt.max_points),
            percent_value(line.attempt.score_percent),
            line.attempt.pass_mark,
            _yes_no(line.attempt.is_passed),
        ]
        for line in lines
    ]
    return header, rows
