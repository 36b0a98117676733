"""Demo data for a first look at the teacher pages: a teacher, a class and learners whose attempts
look like a real class's.

Learners have an ability and questions a difficulty; the chance of knowing an answer follows the
usual logistic item-response curve, so stronger learners score higher, pass sooner and get
further through the course. One question is answered as if its key were wrong (the strongest
learners agree on one distractor), so the question analysis has a miskeyed-looking item to flag.

Attempts are graded by the real grading rules and written in bulk, a few statements per table.
"""

import math
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from ..auth.models import User
from ..auth.passwords import hash_password
from ..courses.models import Course, Module, Option, QuestionVersion
from ..courses.services import active_modules, final_module
from ..extensions import db
from ..progress.models import ModuleProgress
from ..quizzes.grading import Gradable, gradable, grade_quiz
from ..quizzes.kinds import KINDS
from ..quizzes.models import Answer, QuizAttempt, answer_selection
from ..quizzes.services import current_questions, draw_final
from ..timeutil import utcnow
from .models import Classroom, Membership
from .services import create_class

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


class DemoExists(Exception):
    pass


@dataclass(frozen=True)
class DemoResult:
    teacher_email: str
    password: str
    classroom: Classroom
    learners: int
    attempts: int
    miskeyed_question: str


@dataclass
class _Plan:
    """What gets written, built in memory first so the writes can be a few bulk statements."""

    attempts: list[dict] = field(default_factory=list)
    answers: list[list[dict]] = field(default_factory=list)  # per attempt
    selections: list[list[list[str]]] = field(default_factory=list)  # per attempt, per answer
    progress: dict[tuple[int, int], dict] = field(default_factory=dict)


def seed(course: Course, learners: int, *, seed: int | None = None, hash_method: str) -> DemoResult:
    if db.session.scalar(select(User.id).where(User.email == TEACHER_EMAIL)) is not None:
        raise DemoExists(f"The demo teacher {TEACHER_EMAIL} already exists.")
    rng = random.Random(seed)
    password = secrets.token_urlsafe(12)
    teacher = User(
        email=TEACHER_EMAIL,
        display_name="Demo Teacher",
        role="teacher",
        password_hash=hash_password(password, hash_method),
    )
    db.session.add(teacher)
    db.session.flush()
    classroom = create_class(teacher.id, "Demo class")

    modules = active_modules(course)
    final = final_module(course)
    questions = {m.id: current_questions(m) for m in modules}
    miskeyed = _pick_miskeyed(modules, questions)
    learner_ids = _add_learners(learners, classroom, hash_method, rng)

    plan = _Plan()
    now = utcnow()
    difficulty = {v.id: rng.gauss(0.0, 0.9) for vs in questions.values() for v in vs}
    for user_id in learner_ids:
        ability = rng.gauss(0.0, 1.0)
        when = now - timedelta(days=rng.uniform(10, 28))
        for module in modules:
            if module.position > 1 and rng.random() > _keeps_going(ability):
                break
            passed, when = _simulate_module(
                plan,
                user_id,
                module,
                questions[module.id],
                course.pass_mark,
                ability,
                difficulty,
                miskeyed,
                when,
                rng,
            )
            if not passed:
                break
        else:
            if final is not None:
                drawn = draw_final(final, modules, rng)
                for version in drawn:
                    difficulty.setdefault(version.id, 0.0)
                _simulate_module(
                    plan,
                    user_id,
                    final,
                    drawn,
                    course.pass_mark,
                    ability,
                    difficulty,
                    None,
                    when,
                    rng,
                )
    _write(plan)
    return DemoResult(
        TEACHER_EMAIL,
        password,
        classroom,
        len(learner_ids),
        len(plan.attempts),
        miskeyed.question.slug if miskeyed else "",
    )


def _pick_miskeyed(modules: list[Module], questions) -> QuestionVersion | None:
    for module in modules[1:] + modules[:1]:
        for version in questions[module.id]:
            if KINDS[version.kind].has_key_position:
                return version
    return None


def _add_learners(count: int, classroom: Classroom, hash_method: str, rng) -> list[int]:
    # One unusable password for all: demo learners are looked at, not logged in as.
    password_hash = hash_password(secrets.token_urlsafe(24), hash_method)
    rows = [
        {
            "email": f"demo-learner-{n:04d}@example.org",
            "display_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_INITIALS)}.",
            "password_hash": password_hash,
            "role": "learner",
            "is_active": True,
            "session_token": secrets.token_urlsafe(24),
            "created_at": utcnow(),
        }
        for n in range(1, count + 1)
    ]
    if not rows:
        return []
    ids = list(
        db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), rows)
    )
    db.session.execute(
        insert(Membership),
        [{"classroom_id": classroom.id, "user_id": i, "joined_at": utcnow()} for i in ids],
    )
    return ids


def _keeps_going(ability: float) -> float:
    return 0.9 + 0.08 * math.tanh(ability)


def _knows(ability: float, difficulty: float) -> float:
    return 1.0 / (1.0 + math.exp(-(1.7 * (ability - difficulty) + 0.4)))


def _simulate_module(
    plan, user_id, module, versions, pass_mark, ability, difficulty, miskeyed, when, rng
) -> tuple[bool, datetime]:
    gradables = [gradable(v) for v in versions]
    best, passed = 0.0, False
    for number in range(1, 4):
        when += timedelta(hours=rng.uniform(2, 60))
        responses = {
            g.key: _respond(g, ability, difficulty[v.id], v is miskeyed, rng)
            for v, g in zip(versions, gradables, strict=True)
        }
        result = grade_quiz(gradables, responses, pass_mark)
        _plan_attempt(plan, user_id, module, versions, result, number, pass_mark, when)
        best, passed = max(best, result.score_percent), passed or result.is_passed
        if passed or rng.random() > 0.7:
            break
        ability += 0.5  # rereading the lesson helps
    plan.progress[(user_id, module.id)] = {
        "user_id": user_id,
        "module_id": module.id,
        "attempt_count": number,
        "best_score_percent": best,
        "is_passed": passed,
        "last_attempt_at": when,
    }
    return passed, when


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


def _plan_attempt(plan, user_id, module, versions, result, number, pass_mark, when):
    plan.attempts.append(
        {
            "user_id": user_id,
            "module_id": module.id,
            "number": number,
            "submission_token": secrets.token_urlsafe(24),
            "points": result.points,
            "max_points": result.max_points,
            "score_percent": result.score_percent,
            "pass_mark": pass_mark,
            "is_passed": result.is_passed,
            "submitted_at": when,
        }
    )
    plan.answers.append(
        [
            {
                "question_version_id": version.id,
                "position": position,
                "points": graded.points,
                "max_points": graded.max_points,
                "is_correct": graded.is_correct,
                "response": graded.response,
            }
            for position, (version, graded) in enumerate(
                zip(versions, result.answers, strict=True), start=1
            )
        ]
    )
    plan.selections.append([sorted(graded.selected) for graded in result.answers])


def _write(plan: _Plan) -> None:
    if not plan.attempts:
        return
    attempt_ids = list(
        db.session.scalars(
            insert(QuizAttempt).returning(QuizAttempt.id, sort_by_parameter_order=True),
            plan.attempts,
        )
    )
    answer_rows = [
        {**answer, "attempt_id": attempt_id}
        for attempt_id, answers in zip(attempt_ids, plan.answers, strict=True)
        for answer in answers
    ]
    answer_ids = list(
        db.session.scalars(
            insert(Answer).returning(Answer.id, sort_by_parameter_order=True), answer_rows
        )
    )
    option_ids = _option_ids({row["question_version_id"] for row in answer_rows})
    chosen = [slugs for per_attempt in plan.selections for slugs in per_attempt]
    db.session.execute(
        insert(answer_selection),
        [
            {"answer_id": answer_id, "option_id": option_ids[(row["question_version_id"], slug)]}
            for answer_id, row, slugs in zip(answer_ids, answer_rows, chosen, strict=True)
            for slug in slugs
        ],
    )
    db.session.execute(insert(ModuleProgress), list(plan.progress.values()))


def _option_ids(version_ids: set[int]) -> dict[tuple[int, str], int]:
    rows = db.session.execute(
        select(Option.question_version_id, Option.slug, Option.id).where(
            Option.question_version_id.in_(version_ids)
        )
    )
    return {(version_id, slug): option_id for version_id, slug, option_id in rows}
