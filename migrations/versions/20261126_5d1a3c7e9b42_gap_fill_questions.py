"""gap fill questions (issue 10): the gap_fill kind, and the question's body (the sentence)

Revision ID: 5d1a3c7e9b42
Revises: 9fd14af4b851
Create Date: 2026-11-26 01:30:00

Batch operations, so it runs on SQLite (table rebuild) and PostgreSQL (plain ALTERs). Data kept:
existing versions keep their kinds and get no body. Downgrading refuses while a gap_fill question
version exists (its answers would have no kind to point at); remove them with their attempts first.

The kind lists are written out here, not read from the registry: a migration describes the schema
as it was at this revision, whatever kinds the code registers later.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d1a3c7e9b42'
down_revision = '9fd14af4b851'
branch_labels = None
depends_on = None

OLD_KINDS = (
    "kind IN ('single_choice', 'multiple_select', 'true_false', 'ordering', 'matching', "
    "'short_answer')"
)
NEW_KINDS = (
    "kind IN ('single_choice', 'multiple_select', 'true_false', 'ordering', 'matching', "
    "'short_answer', 'gap_fill')"
)


def upgrade():
    with op.batch_alter_table('question_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body', sa.Text(), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_question_version_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_question_version_kind'), NEW_KINDS)


def downgrade():
    with op.batch_alter_table('question_version', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_question_version_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_question_version_kind'), OLD_KINDS)
        batch_op.drop_column('body')
