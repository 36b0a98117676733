"""regrades and original grading (issue 15, "fix the key, regrade"): the audit of regrades, admins'
decisions on certificates a regrade no longer supports, and nullable columns on attempts and answers
for the grading a regrade replaced. Adds only; no existing row changes.

Revision ID: c00a046594fa
Revises: 8e02e4099d0e
Create Date: 2026-12-07 11:27:05.712959

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c00a046594fa'
down_revision = '8e02e4099d0e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certificate_code', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('score_percent', sa.Float(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("decision IN ('withdrawn', 'kept')", name=op.f('ck_certificate_review_decision')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_certificate_review_course_id_course')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_certificate_review_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_certificate_review_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_review'))
    )
    with op.batch_alter_table('certificate_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_review_certificate_code'), ['certificate_code'], unique=False)

    op.create_table('regrade',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('from_versions', sa.String(length=80), nullable=False),
    sa.Column('to_version', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('scope', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answers_regraded', sa.Integer(), nullable=False),
    sa.Column('attempts_changed', sa.Integer(), nullable=False),
    sa.Column('points_gained', sa.Float(), nullable=False),
    sa.Column('points_lost', sa.Float(), nullable=False),
    sa.Column('newly_passed', sa.Integer(), nullable=False),
    sa.Column('newly_failed', sa.Integer(), nullable=False),
    sa.Column('certificates_issued', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_regrade_actor_id_user_account')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_regrade_question_id_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regrade'))
    )
    with op.batch_alter_table('regrade', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regrade_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_question_version_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('original_points', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('original_is_correct', sa.Boolean(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_answer_original_question_version_id_question_version'), 'question_version', ['original_question_version_id'], ['id'])

    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_points', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('original_score_percent', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('original_is_passed', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('regraded_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_column('regraded_at')
        batch_op.drop_column('original_is_passed')
        batch_op.drop_column('original_score_percent')
        batch_op.drop_column('original_points')

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_answer_original_question_version_id_question_version'), type_='foreignkey')
        batch_op.drop_column('original_is_correct')
        batch_op.drop_column('original_points')
        batch_op.drop_column('original_question_version_id')

    with op.batch_alter_table('regrade', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regrade_question_id'))

    op.drop_table('regrade')
    with op.batch_alter_table('certificate_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_review_certificate_code'))

    op.drop_table('certificate_review')
