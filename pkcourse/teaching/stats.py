"""Classical item analysis for the teacher's question analysis page. Pure: plain values in, frozen
dataclasses out; no Flask, no database.

Definitions:
- Groups (the 27% rule): rank learners by overall course score; the upper group is the top
  n = round(0.27 * N) learners and the lower group the bottom n, with n at least 1 when N >= 2
  and no groups at all when N < 2. Equal scores are ordered by learner id, lowest id ranked
  higher, so the same data always gives the same groups.
- Facility p: proportion of a question's respondents who got it fully right (0..1).
- Discrimination D = p_upper - p_lower: facility among the upper-group learners who answered the
  question minus facility among the lower-group learners who answered it (-1..1).

Only learners who answered a question count for it; each learner answers a question at most once.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

GROUP_FRACTION = 0.27
MIN_RESPONSES = 5  # below this, the statistics are noise and no statistical flag is raised
LOW_DISCRIMINATION = 0.2  # D below this (but not negative) barely separates learners
TOO_HARD_BELOW = 0.2  # facility below this: hardly anyone gets it right
TOO_EASY_ABOVE = 0.9  # facility above this: nearly everyone gets it right
HIGH_SCORE = 85  # the band above "passed" starts here


def score_bands(pass_mark: int) -> tuple[tuple[str, int], ...]:
    """Bands of best score for the teacher's charts, as (label, lowest score): below the pass
    mark, from the pass mark to 85%, and 85% or more. Aligned with the pass mark so that no band
    holds both passed and failed scores; with a pass mark of 85% or more there are two bands."""
    below = (f"Below {pass_mark}%", 0)
    if pass_mark >= HIGH_SCORE:
        return (below, (f"{pass_mark}-100%", pass_mark))
    return (
        below,
        (f"{pass_mark}-{HIGH_SCORE - 1}%", pass_mark),
        (f"{HIGH_SCORE}-100%", HIGH_SCORE),
    )


@dataclass(frozen=True)
class LearnerResponse:
    learner_id: int
    is_correct: bool
    chosen: frozenset[str]


@dataclass(frozen=True)
class QuestionData:
    key: str
    option_ids: tuple[str, ...]
    correct_ids: frozenset[str]
    responses: tuple[LearnerResponse, ...]


@dataclass(frozen=True)
class Groups:
    upper: frozenset[int]
    lower: frozenset[int]


@dataclass(frozen=True)
class OptionRow:
    """How often one option was chosen: by upper-group, lower-group and all respondents."""

    option_id: str
    is_key: bool
    upper: int
    lower: int
    total: int


@dataclass(frozen=True)
class Flag:
    code: str
    message: str


@dataclass(frozen=True)
class ItemAnalysis:
    key: str
    respondents: int
    facility: float | None
    discrimination: float | None
    options: tuple[OptionRow, ...]
    flags: tuple[Flag, ...]


def split_groups(course_scores: Mapping[int, float], fraction: float = GROUP_FRACTION) -> Groups:
    """Upper and lower `fraction` of learners by course score (see the module docstring).

    n = round(fraction * N), rounding halves up, at least 1 when N >= 2, and never more than
    N // 2 so that the groups cannot overlap. `fraction` must be in (0, 0.5].
    """
    if not 0 < fraction <= 0.5:
        raise ValueError(f"fraction must be in (0, 0.5], got {fraction}")
    total = len(course_scores)
    if total < 2:
        return Groups(upper=frozenset(), lower=frozenset())
    size = min(max(1, math.floor(fraction * total + 0.5)), total // 2)
    ranked = sorted(course_scores, key=lambda learner: (-course_scores[learner], learner))
    return Groups(upper=frozenset(ranked[:size]), lower=frozenset(ranked[-size:]))


@dataclass(frozen=True)
class OptionCount:
    upper: int
    lower: int
    total: int


@dataclass(frozen=True)
class Tally:
    """Everything item analysis needs about one question, as counts. Built from responses by
    `tally`, or counted by the database for a whole class (see reports.py)."""

    respondents: int
    correct: int
    upper_respondents: int
    upper_correct: int
    lower_respondents: int
    lower_correct: int
    chosen: Mapping[str, OptionCount]


def tally(question: QuestionData, groups: Groups) -> Tally:
    upper = [r for r in question.responses if r.learner_id in groups.upper]
    lower = [r for r in question.responses if r.learner_id in groups.lower]
    chosen = {
        option_id: OptionCount(
            upper=sum(option_id in r.chosen for r in upper),
            lower=sum(option_id in r.chosen for r in lower),
            total=sum(option_id in r.chosen for r in question.responses),
        )
        for option_id in question.option_ids
    }
    return Tally(
        respondents=len(question.responses),
        correct=sum(r.is_correct for r in question.responses),
        upper_respondents=len(upper),
        upper_correct=sum(r.is_correct for r in upper),
        lower_respondents=len(lower),
        lower_correct=sum(r.is_correct for r in lower),
        chosen=chosen,
    )


def facility_of(counts: Tally) -> float | None:
    """Proportion of respondents fully right, or None if nobody answered."""
    return counts.correct / counts.respondents if counts.respondents else None


def discrimination_of(counts: Tally) -> float | None:
    """D = p_upper - p_lower, or None when either group has no respondents to this question."""
    if not counts.upper_respondents or not counts.lower_respondents:
        return None
    # Exact fractions, so that e.g. 0.7 - 0.5 is 0.2 and not 0.19999999999999996 (which would
    # wrongly fall below LOW_DISCRIMINATION).
    p_upper = Fraction(counts.upper_correct, counts.upper_respondents)
    p_lower = Fraction(counts.lower_correct, counts.lower_respondents)
    return float(p_upper - p_lower)


def rows_of(
    counts: Tally, option_ids: Iterable[str], correct_ids: frozenset[str]
) -> tuple[OptionRow, ...]:
    """One row per option, in the given order; options nobody chose count zero."""
    empty = OptionCount(0, 0, 0)
    return tuple(
        OptionRow(
            option_id=option_id,
            is_key=option_id in correct_ids,
            upper=counts.chosen.get(option_id, empty).upper,
            lower=counts.chosen.get(option_id, empty).lower,
            total=counts.chosen.get(option_id, empty).total,
        )
        for option_id in option_ids
    )


def facility(question: QuestionData) -> float | None:
    return facility_of(tally(question, Groups(frozenset(), frozenset())))


def discrimination(question: QuestionData, groups: Groups) -> float | None:
    """D = p_upper - p_lower over the group members who answered this question."""
    return discrimination_of(tally(question, groups))


def option_rows(question: QuestionData, groups: Groups) -> tuple[OptionRow, ...]:
    """One row per option, in the question's option order; chosen ids not among them are ignored."""
    return rows_of(tally(question, groups), question.option_ids, question.correct_ids)


def analyse_counts(
    key: str,
    option_ids: Iterable[str],
    correct_ids: frozenset[str],
    counts: Tally,
    *,
    min_responses: int = MIN_RESPONSES,
    labels: Mapping[str, str] | None = None,
) -> ItemAnalysis:
    """Facility, discrimination, option rows and flags for one question's counts. Flags name
    options by `labels` (option id to the text a learner saw), else by id."""
    p = facility_of(counts)
    d = discrimination_of(counts)
    options = rows_of(counts, option_ids, correct_ids)
    return ItemAnalysis(
        key=key,
        respondents=counts.respondents,
        facility=p,
        discrimination=d,
        options=options,
        flags=tuple(_flags(counts.respondents, p, d, options, min_responses, labels or {})),
    )


def analyse_question(
    question: QuestionData,
    groups: Groups,
    *,
    min_responses: int = MIN_RESPONSES,
    labels: Mapping[str, str] | None = None,
) -> ItemAnalysis:
    return analyse_counts(
        question.key,
        question.option_ids,
        question.correct_ids,
        tally(question, groups),
        min_responses=min_responses,
        labels=labels,
    )


def analyse(
    questions: Iterable[QuestionData],
    course_scores: Mapping[int, float],
    *,
    fraction: float = GROUP_FRACTION,
    min_responses: int = MIN_RESPONSES,
) -> list[ItemAnalysis]:
    """Analyse every question against one set of groups formed from the course scores."""
    groups = split_groups(course_scores, fraction)
    return [analyse_question(q, groups, min_responses=min_responses) for q in questions]


def _flags(
    respondents: int,
    p: float | None,
    d: float | None,
    options: tuple[OptionRow, ...],
    min_responses: int,
    labels: Mapping[str, str],
) -> list[Flag]:
    if respondents < min_responses:
        message = (
            f"Only {respondents} learner(s) answered this question; at least {min_responses} "
            "are needed before these numbers mean anything."
        )
        return [Flag("too_few_responses", message)]
    flags = []
    if d is not None and d < 0:
        message = (
            "Learners who did worse overall got this right more often than the strongest "
            f"learners (D = {d:.2f}). Check the key and the wording."
        )
        flags.append(Flag("negative_discrimination", message))
    elif d is not None and d < LOW_DISCRIMINATION:
        message = f"This question barely separates stronger from weaker learners (D = {d:.2f})."
        flags.append(Flag("low_discrimination", message))
    flags.extend(_miskey_flags(options, labels))
    if p is None:
        return flags
    right = f"{round(p * respondents)} of {respondents} learners ({p:.0%})"
    if p < TOO_HARD_BELOW:
        flags.append(Flag("too_hard", f"Only {right} got this right; it may be too hard."))
    elif p > TOO_EASY_ABOVE:
        message = f"{right} got this right; it may be too easy to tell learners apart."
        flags.append(Flag("too_easy", message))
    # Most serious first, as the questions themselves are listed (a likely wrong key before
    # the low discrimination it causes).
    return sorted(flags, key=lambda flag: _rank(flag.code))


def _rank(code: str) -> int:
    return FLAG_ORDER.index(code) if code in FLAG_ORDER else len(FLAG_ORDER)


def _miskey_flags(options: tuple[OptionRow, ...], labels: Mapping[str, str]) -> list[Flag]:
    # Compared with the most popular key, so a multiple-select question is not flagged just
    # because the strongest learners spread their choices across several correct options.
    best_key = max((row for row in options if row.is_key), key=lambda row: row.upper, default=None)
    best_key_upper = best_key.upper if best_key else 0
    preferred = sorted(
        (row for row in options if not row.is_key and row.upper > best_key_upper),
        key=lambda row: (-row.upper, row.option_id),
    )
    if not preferred:
        return []

    def name(row: OptionRow, noun: str = "") -> str:
        label = labels.get(row.option_id)
        return f"“{_shorten(label)}”" if label else f'{noun}"{row.option_id}"'

    named = " and ".join(f"{row.upper} chose {name(row, 'option ')}" for row in preferred)
    key = f"the key {name(best_key)}" if best_key else "a key"
    message = (
        f"Among the strongest learners, {named}, but only {best_key_upper} chose {key}. "
        "Check that the key is right."
    )
    return [Flag("likely_miskeyed", message)]


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# The flags that may mean a wrong key or a broken question come before the merely easy or hard;
# "too_few_responses" is a caveat, not a reason to look.
FLAG_ORDER = (
    "likely_miskeyed",
    "negative_discrimination",
    "too_hard",
    "low_discrimination",
    "too_easy",
)


# Listed only as a count in a summary line: a question nearly everyone gets right is rarely wrong.
SUMMARY_ONLY = ("too_easy",)


def listed_as(analysis: ItemAnalysis) -> str | None:
    """The one flag a question is listed under: its most serious. A too-easy question's low
    discrimination is no separate finding (when nearly everyone is right, nothing can separate
    the learners), so such a question counts as too easy only."""
    codes = {flag.code for flag in analysis.flags}
    if "too_easy" in codes:
        codes.discard("low_discrimination")
    return next((code for code in FLAG_ORDER if code in codes), None)


def needs_a_look(analysis: ItemAnalysis) -> bool:
    """Listed among the questions to look at, not merely counted in the summary."""
    code = listed_as(analysis)
    return code is not None and code not in SUMMARY_ONLY


def severity(analysis: ItemAnalysis) -> tuple[int, float]:
    """Rank for listing flagged questions, most serious first (lower is more serious); within a
    kind, the lower discrimination first."""
    code = listed_as(analysis)
    rank = FLAG_ORDER.index(code) if code else len(FLAG_ORDER)
    d = analysis.discrimination
    return rank, d if d is not None else 1.0
