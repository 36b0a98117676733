"""question bank and course path (issue 3): new question types, course settings, final
assessment, last-attempt progress, certificates

Revision ID: 9fd14af4b851
Revises: 2ffcaa8f2737
Create Date: 2026-11-25 09:00:00

Written by hand with batch operations so it runs on SQLite (table rebuilds) and PostgreSQL
(plain ALTERs). Data-preserving: existing rows get the values that describe them (for example the
old question kinds stay valid).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9fd14af4b851'
down_revision = '2ffcaa8f2737'
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

    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('learner_name', sa.String(length=80), nullable=False),
    sa.Column('course_title', sa.String(length=200), nullable=False),
    sa.Column('score_percent', sa.Float(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('score_percent >= 0 AND score_percent <= 100', name=op.f('ck_certificate_score_range')),
    sa.ForeignKeyConstraint(['attempt_id'], ['quiz_attempt.id'], name=op.f('fk_certificate_attempt_id_quiz_attempt')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_certificate_course_id_course')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_certificate_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('attempt_id', name=op.f('uq_certificate_attempt_id')),
    sa.UniqueConstraint('code', name=op.f('uq_certificate_code')),
    sa.UniqueConstraint('user_id', 'course_id', name=op.f('uq_certificate_user_id_course_id'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_user_id'), ['user_id'], unique=False)


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
        raise RuntimeError(
            "the course has a final assessment (and perhaps certificates); cannot downgrade"
        )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_user_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_course_id'))

    op.drop_table('certificate')
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
