"""question bank and course path (issue 3): ordering, matching and short-answer questions

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


def upgrade():
    with op.batch_alter_table('question_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feedback', sa.Text(), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_question_version_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_question_version_kind'), NEW_KINDS)

    with op.batch_alter_table('option', schema=None) as batch_op:
        batch_op.add_column(sa.Column('match_text', sa.Text(), nullable=True))

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('response', sa.JSON(), nullable=True))


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
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('response')

    with op.batch_alter_table('option', schema=None) as batch_op:
        batch_op.drop_column('match_text')

    with op.batch_alter_table('question_version', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_question_version_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_question_version_kind'), OLD_KINDS)
        batch_op.drop_column('feedback')
