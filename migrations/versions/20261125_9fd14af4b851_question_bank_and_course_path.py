"""question bank and course path (issue 3): new question types, course settings, final
assessment, last-attempt progress

Revision ID: 9fd14af4b851
Revises: 563fc3c6ed80
Create Date: 2026-11-25 09:00:00

Written by hand with batch operations so it runs on SQLite (table rebuilds) and PostgreSQL
(plain ALTERs). Data-preserving: existing rows get the values that describe them (for example the
old question kinds stay valid).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9fd14af4b851'
down_revision = '563fc3c6ed80'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('single_choice', 'multiple_select', 'true_false')"
NEW_KINDS = (
    "kind IN ('single_choice', 'multiple_select', 'true_false', 'ordering', 'matching', "
    "'short_answer')"
)


FINAL_DRAW = (
    "(kind = 'final' AND draw_per_module >= 1) OR (kind = 'lesson' AND draw_per_module IS NULL)"
)


def upgrade():
    with op.batch_alter_table('question_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feedback', sa.Text(), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_question_version_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_question_version_kind'), NEW_KINDS)

    with op.batch_alter_table('option', schema=None) as batch_op:
        batch_op.add_column(sa.Column('match_text', sa.Text(), nullable=True))

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('response', sa.JSON(), nullable=True))

    # Course settings; existing courses get the defaults (unlimited, best, sequential).
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_attempts', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('counts', sa.String(length=8), server_default='best', nullable=False)
        )
        batch_op.add_column(
            sa.Column('is_sequential', sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.create_check_constraint(
            op.f('ck_course_max_attempts_positive'), 'max_attempts IS NULL OR max_attempts >= 1'
        )
        batch_op.create_check_constraint(op.f('ck_course_counts'), "counts IN ('best', 'last')")

    # The final assessment is a module of its own kind; existing modules are lessons.
    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('kind', sa.String(length=16), server_default='lesson', nullable=False)
        )
        batch_op.add_column(sa.Column('draw_per_module', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_module_kind'), "kind IN ('lesson', 'final')")
        batch_op.create_check_constraint(op.f('ck_module_draw_only_for_final'), FINAL_DRAW)

    # The last attempt's score and result, next to the best: filled in from each learner's
    # latest attempt, so "counts: last" is right for history too.
    with op.batch_alter_table('module_progress', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('last_score_percent', sa.Float(), server_default='0', nullable=False)
        )
        batch_op.add_column(
            sa.Column('last_is_passed', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    latest = (
        "SELECT {column} FROM quiz_attempt a WHERE a.user_id = module_progress.user_id "
        "AND a.module_id = module_progress.module_id ORDER BY a.number DESC LIMIT 1"
    )
    op.execute(
        "UPDATE module_progress SET "
        f"last_score_percent = COALESCE(({latest.format(column='a.score_percent')}), 0), "
        f"last_is_passed = COALESCE(({latest.format(column='a.is_passed')}), "
        f"{'false' if op.get_bind().dialect.name == 'postgresql' else '0'})"
    )


def downgrade():
    # Questions of the new kinds cannot be represented by the old schema: refuse rather than
    # silently dropping learners' answers to them.
    bind = op.get_bind()
    new_kinds = bind.execute(
        sa.text(f"SELECT COUNT(*) FROM question_version WHERE NOT ({OLD_KINDS})")
    ).scalar()
    if new_kinds:
        raise RuntimeError(
            f"{new_kinds} question version(s) use ordering, matching or short_answer; "
            "remove them before downgrading"
        )
    finals = bind.execute(sa.text("SELECT COUNT(*) FROM module WHERE kind = 'final'")).scalar()
    if finals:
        raise RuntimeError("the final assessment has attempts or settings; cannot downgrade")
    with op.batch_alter_table('module_progress', schema=None) as batch_op:
        batch_op.drop_column('last_is_passed')
        batch_op.drop_column('last_score_percent')

    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_module_draw_only_for_final'), type_='check')
        batch_op.drop_constraint(op.f('ck_module_kind'), type_='check')
        batch_op.drop_column('draw_per_module')
        batch_op.drop_column('kind')

    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_course_counts'), type_='check')
        batch_op.drop_constraint(op.f('ck_course_max_attempts_positive'), type_='check')
        batch_op.drop_column('is_sequential')
        batch_op.drop_column('counts')
        batch_op.drop_column('max_attempts')

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('response')

    with op.batch_alter_table('option', schema=None) as batch_op:
        batch_op.drop_column('match_text')

    with op.batch_alter_table('question_version', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_question_version_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_question_version_kind'), OLD_KINDS)
        batch_op.drop_column('feedback')
