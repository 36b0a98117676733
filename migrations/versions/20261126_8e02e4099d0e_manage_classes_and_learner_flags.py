"""manage classes and learner flags (issue 15): archived classes, co-teachers, and learners'
flags on questions. Adds only; no existing row changes.

Revision ID: 8e02e4099d0e
Revises: 5b1e7c3a9d42
Create Date: 2026-11-26 00:48:13.052943

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e02e4099d0e'
down_revision = '5b1e7c3a9d42'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('class_teacher',
    sa.Column('classroom_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['classroom_id'], ['classroom.id'], name=op.f('fk_class_teacher_classroom_id_classroom')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_class_teacher_user_id_user_account')),
    sa.PrimaryKeyConstraint('classroom_id', 'user_id', name=op.f('pk_class_teacher'))
    )
    with op.batch_alter_table('class_teacher', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_class_teacher_user_id'), ['user_id'], unique=False)

    op.create_table('question_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_version_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("reason IN ('wrong', 'unclear')", name=op.f('ck_question_flag_reason')),
    sa.ForeignKeyConstraint(['question_version_id'], ['question_version.id'], name=op.f('fk_question_flag_question_version_id_question_version')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user_account.id'], name=op.f('fk_question_flag_resolved_by_id_user_account')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_question_flag_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_flag')),
    sa.UniqueConstraint('user_id', 'question_version_id', name=op.f('uq_question_flag_user_id_question_version_id'))
    )
    with op.batch_alter_table('question_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_flag_question_version_id'), ['question_version_id'], unique=False)

    with op.batch_alter_table('classroom', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))




def downgrade():

    with op.batch_alter_table('classroom', schema=None) as batch_op:
        batch_op.drop_column('archived_at')

    with op.batch_alter_table('question_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_flag_question_version_id'))

    op.drop_table('question_flag')
    with op.batch_alter_table('class_teacher', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_class_teacher_user_id'))

    op.drop_table('class_teacher')

