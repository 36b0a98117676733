"""Demo data for a first look at the teacher pages: a teacher, a class and learners whose attempts
look like a real class's.

Learners have an ability and questions a difficulty; the chance of knowing an answer follows the
usual logistic item-response curve, so stronger learners score higher, pass sooner and get
further through the course. One question is answered as if its key were wrong (the strongest
learners agree on one distractor), so the question analysis has a miskeyed-looking item to flag.

Every attempt goes through the real submission service (``quizzes.services.submit_attempt``),
backdated through its ``submitted_at``: progress rows and certificates are exactly what real
submissions make, and no date is later than the moment the seed ran.
"""

import math
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert, or_, select

from ..auth.models import Role, User
from ..auth.passwords import hash_password
from ..auth.services import normalize_email
from ..certificates.services import issue_for as issue_certificate
from ..courses.models import Course, Module, QuestionVersion
from ..courses.services import active_modules, current_questions, final_module
from ..extensions import db
from ..quizzes.grading import Gradable, gradable, grade_quiz
from ..quizzes.kinds import KINDS
from ..quizzes.services import draw_final, submit_attempt
from ..timeutil import utcnow
from .models import Classroom, Membership
from .services import TEACHING_ROLES, create_class

TEACHER_EMAIL = "demo-teacher@example.org"
FIRST_NAMES = (
    "Amina",
    "Ben",
    "Carlos",
    "Dara",
    "Elif",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wei",
    "Xenia",
    "Yusuf",
    "Zoe",
)
LAST_INITIALS = "ABCDEFGHJKLMNOPRSTVWZ"


LEARNER_EMAIL = "demo-learner-{:04d}@example.org"


class DemoExists(Exception):
    pass


class NotATeacher(Exception):
    pass


@dataclass(frozen=True)
class DemoResult:
    teacher_email: str
    password: str | None  # None when the class went to an existing teacher
    classroom: Classroom
    learners: int
    attempts: int
    miskeyed_question: str


@dataclass
class _Submission:
    module: Module
    versions: list[QuestionVersion]
    responses: dict[str, object]
    after: timedelta  # since the learner joined


@dataclass
class _Learner:
    """One simulated learner: every submission, in order, before anything is written."""

    display_name: str
    submissions: list[_Submission] = field(default_factory=list)
    elapsed: timedelta = timedelta()


def seed(
    course: Course,
    learners: int,
    *,
    seed: int | None = None,
    hash_method: str,
    teacher_email: str | None = None,
) -> DemoResult:
    """Create the demo class (for a new demo teacher, or for the existing teacher with
    ``teacher_email``) and its learners' attempts. Raises ``DemoExists`` when this database
    already has demo data (it is created once), ``NotATeacher`` when ``teacher_email`` is not a
    teacher's account. Flushes; the caller commits."""
    if db.session.scalar(
        select(User.id).where(
            or_(User.email == TEACHER_EMAIL, User.email == LEARNER_EMAIL.format(1))
        )
    ):
        raise DemoExists("This database already has the demo class.")
    rng = random.Random(seed)
    password = None
    if teacher_email is None:
        password = secrets.token_urlsafe(12)
        teacher = User(
            email=TEACHER_EMAIL,
            display_name="Demo Teacher",
            role=Role.TEACHER.value,
            password_hash=hash_password(password, hash_method),
        )
        db.session.add(teacher)
        db.session.flush()
    else:
        found = db.session.scalar(select(User).where(User.email == normalize_email(teacher_email)))
        if found is None or found.role not in TEACHING_ROLES:
            raise NotATeacher(f"{teacher_email} is not a teacher's account.")
        teacher = found
    modules = active_modules(course)
    final = final_module(course)
    questions = {m.id: current_questions(m) for m in modules}
    miskeyed = _pick_miskeyed(modules, questions)
    difficulty = {v.id: rng.gauss(0.0, 0.9) for vs in questions.values() for v in vs}
    simulated = [
        _simulate_learner(course, modules, final, questions, difficulty, miskeyed, rng)
        for _ in range(learners)
    ]
    now = utcnow()
    # Each learner joined some days before their first attempt and finished before now.
    joined = [now - s.elapsed - timedelta(days=rng.uniform(0.5, 14)) for s in simulated]
    opened = min(joined, default=now) - timedelta(days=1)
    classroom = create_class(teacher.id, "Demo class", created_at=opened)
    attempts = _write(simulated, joined, classroom, course, hash_method)
    return DemoResult(
        teacher.email,
        password,
        classroom,
        len(simulated),
        attempts,
        miskeyed.question.slug if miskeyed else "",
    )


def _simulate_learner(course, modules, final, questions, difficulty, miskeyed, rng) -> _Learner:
    learner = _Learner(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_INITIALS)}.")
    ability = rng.gauss(0.0, 1.0)
    for module in modules:
        if module.position > 1 and rng.random() > _keeps_going(ability):
            return learner
        passed, ability = _simulate_module(
            learner,
            module,
            questions[module.id],
            course.pass_mark,
            ability,
            difficulty,
            miskeyed,
            rng,
        )
        if not passed:
            return learner
    if final is not None:
        drawn = draw_final(final, modules, rng)
        for version in drawn:
            difficulty.setdefault(version.id, 0.0)
        _simulate_module(learner, final, drawn, course.pass_mark, ability, difficulty, None, rng)
    return learner


def _pick_miskeyed(modules: list[Module], questions) -> QuestionVersion | None:
    for module in modules[1:] + modules[:1]:
        for version in questions[module.id]:
            if KINDS[version.kind].has_key_position:
                return version
    return None


def _keeps_going(ability: float) -> float:
    return 0.9 + 0.08 * math.tanh(ability)


def _knows(ability: float, difficulty: float) -> float:
    return 1.0 / (1.0 + math.exp(-(1.7 * (ability - difficulty) + 0.4)))


def _simulate_module(
    learner, module, versions, pass_mark, ability, difficulty, miskeyed, rng
) -> tuple[bool, float]:
    """Up to three attempts at one quiz, graded by the real rules to decide whether the learner
    goes on; returns whether the module was passed and the learner's ability afterwards."""
    gradables = [gradable(v) for v in versions]
    for _ in range(3):
        learner.elapsed += timedelta(hours=rng.uniform(2, 60))
        responses = {
            g.key: _respond(g, ability, difficulty[v.id], v is miskeyed, rng)
            for v, g in zip(versions, gradables, strict=True)
        }
        learner.submissions.append(_Submission(module, versions, responses, learner.elapsed))
        if grade_quiz(gradables, responses, pass_mark).is_passed:
            return True, ability
        if rng.random() > 0.7:
            break
        ability += 0.5  # rereading the lesson helps
    return False, ability


def _respond(question: Gradable, ability, difficulty, looks_miskeyed, rng):
    """A response in the shape the grader takes for the question's kind."""
    knows = rng.random() < _knows(ability, difficulty)
    kind = KINDS[question.kind]
    if looks_miskeyed:
        # The strongest learners agree on one distractor; the weakest often hit the key.
        agreed = kind.wrong_response(question, random.Random(question.key))
        if ability > 0.3:
            return agreed if rng.random() < 0.8 else kind.right_response(question)
        if rng.random() < 0.6:
            return kind.right_response(question)
        return kind.wrong_response(question, rng)
    return kind.right_response(question) if knows else kind.wrong_response(question, rng)


def _write(
    simulated: list[_Learner],
    joined: list[datetime],
    classroom: Classroom,
    course: Course,
    hash_method: str,
) -> int:
    """Add the learners, joined at the given times, and submit their attempts through the real
    service; returns the number of attempts."""
    if not simulated:
        return 0
    # One unusable password for all: demo learners are looked at, not logged in as.
    password_hash = hash_password(secrets.token_urlsafe(24), hash_method)
    ids = list(
        db.session.scalars(
            insert(User).returning(User.id, sort_by_parameter_order=True),
            [
                {
                    "email": LEARNER_EMAIL.format(n),
                    "display_name": learner.display_name,
                    "password_hash": password_hash,
                    "role": Role.LEARNER.value,
                    "is_active": True,
                    "session_token": secrets.token_urlsafe(24),
                    "created_at": start,
                }
                for n, (learner, start) in enumerate(zip(simulated, joined, strict=True), start=1)
            ],
        )
    )
    db.session.execute(
        insert(Membership),
        [
            {"classroom_id": classroom.id, "user_id": user_id, "joined_at": start}
            for user_id, start in zip(ids, joined, strict=True)
        ],
    )
    attempts = 0
    for user_id, learner, start in zip(ids, simulated, joined, strict=True):
        for submission in learner.submissions:
            attempt = submit_attempt(
                user_id,
                submission.module,
                submission.versions,
                submission.responses,
                secrets.token_urlsafe(24),
                course.pass_mark,
                submitted_at=start + submission.after,
            )
            if attempt.earns_certificate:
                issue_certificate(
                    user_id, course.id, attempt.id, attempt.score_percent, attempt.submitted_at
                )
            attempts += 1
    return attempts
