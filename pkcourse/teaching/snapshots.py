"""Class reports kept per process, checked against the database on every request.

A class's gradebook and question analysis cost tens of milliseconds to compute (and the gradebook
as much again to render) for a class of hundreds, and they change only when a learner of the class
submits a quiz, joins or leaves, or changes their name or email, or when content is imported. So
each worker keeps the last reports of the classes it served, each with the key it was computed
under, and every request reads that key again with small indexed queries (``class_key``,
``names_key``); a report is served from memory only when its key is unchanged:

- the class's memberships: how many, the latest ``joined_at`` and the sum of the learners' ids
  (a join adds a row with the latest time, a leave removes one);
- the learners' progress rows: how many, the total of their attempt counts and the latest attempt
  time. Progress rows are written by the submission upsert (``progress.services
  .record_attempt``, which adds one to ``attempt_count``) or by a regrade (below), and deleted
  only with the learner's account (which also removes the membership), so any stored change to
  what the reports are computed from (attempts, answers, progress) changes this key;
- the latest regrade: a regrade (``regrading.services.apply``) rewrites answers, attempts and
  progress rows without adding an attempt, and each one writes an audit row;
- for what shows names (the gradebook and its CSV), the members' ids, names and emails.

Content (modules, questions, course settings) is covered by keeping the store on the cached course
(``courses.services.derived``), which a content import or a settings change replaces.

The reports are private: they live in this process's memory only, never in a shared or HTTP cache
(the pages keep ``Cache-Control: no-store``). The store keeps the most recently used classes only.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import BindParameter, Integer, bindparam, func, select, true

from ..auth.models import User
from ..courses.models import Course
from ..courses.services import derived
from ..extensions import db
from ..progress.models import ModuleProgress
from ..regrading.models import Regrade
from .models import Classroom, Membership

T = TypeVar("T")

# Classes kept per process (each entry: the reports of one class, a few hundred KB for 200
# learners).
MAX_CLASSES = 16

_class: BindParameter[int] = bindparam("class_id", type_=Integer)
_progress = ModuleProgress.__table__
_membership = (
    select(
        func.count().label("members"),
        func.max(Membership.joined_at).label("latest_join"),
        func.sum(Membership.user_id).label("member_ids"),
    )
    .where(Membership.classroom_id == _class)
    .subquery("membership")
)
_progress_rows = (
    select(
        func.count().label("rows"),
        func.sum(_progress.c.attempt_count).label("attempts"),
        func.max(_progress.c.last_attempt_at).label("latest_attempt"),
    )
    .where(
        _progress.c.user_id.in_(select(Membership.user_id).where(Membership.classroom_id == _class))
    )
    .subquery("progress")
)
# A regrade rewrites answers, attempts and progress rows without adding an attempt.
_latest_regrade = select(func.max(Regrade.id).label("latest_regrade")).subquery("regrades")
# One row of small aggregates over the class's index ranges (see the module docstring).
_CLASS_KEY = select(_membership, _progress_rows, _latest_regrade).select_from(
    _membership.join(_progress_rows, true()).join(_latest_regrade, true())
)
_NAMES = (
    select(User.id, User.display_name, User.email)
    .join(Membership, Membership.user_id == User.id)
    .where(Membership.classroom_id == _class)
    .order_by(User.id)
)


def class_key(class_id: int) -> tuple:
    """What the class's reports are computed from, in one small query."""
    row = db.session.connection().execute(_CLASS_KEY, {"class_id": class_id}).one()
    return tuple(row)


def names_key(class_id: int) -> tuple:
    """The members' ids, names and emails, for the reports that show them."""
    # all(): one fetch of every row. Iterating the result fetches row by row, which on psycopg
    # cost more than the query itself for a class of 200.
    rows = db.session.connection().execute(_NAMES, {"class_id": class_id}).all()
    return tuple(map(tuple, rows))


_STORE = "teaching.snapshots"


class _Store:
    """The most recently used classes' reports: class id -> (key, {name: report})."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.classes: OrderedDict[int, tuple[Hashable, dict[Hashable, object]]] = OrderedDict()

    def reports(self, class_id: int, key: Hashable) -> dict[Hashable, object]:
        with self.lock:
            found = self.classes.get(class_id)
            if found is None or found[0] != key:
                found = (key, {})
                self.classes[class_id] = found
            self.classes.move_to_end(class_id)
            while len(self.classes) > MAX_CLASSES:
                self.classes.popitem(last=False)
            return found[1]


def report(
    course: Course,
    classroom: Classroom,
    key: Hashable,
    name: Hashable,
    build: Callable[[], T],
    names: Hashable = None,
) -> T:
    """``build()``, or what this process built earlier for the same course, class, report ``name``
    and ``key`` (``class_key()``) and, for a report that shows them, ``names`` (``names_key()``).
    Built afresh for a course that does not come from the course cache."""
    store = derived(course, _STORE, _Store)
    if store is None:
        return build()
    reports = store.reports(classroom.id, key)
    found = reports.get(name)
    if found is None or found[0] != names:  # type: ignore[index]
        found = (names, build())
        reports[name] = found
    return found[1]  # type: ignore[index]


def forget(course: Course) -> None:
    """Drop every report this process keeps for the course (benchmarks/scale.py times the reports
    computed afresh as well as kept)."""
    store = derived(course, _STORE, _Store)
    if store is not None:
        with store.lock:
            store.classes.clear()
