"""classes and memberships: teachers' classes with join codes, and the learners in them

Revision ID: 2ffcaa8f2737
Revises: 563fc3c6ed80
Create Date: 2026-11-24 21:53:00.064493

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2ffcaa8f2737'
down_revision = '563fc3c6ed80'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('classroom',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('join_code', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['teacher_id'], ['user_account.id'], name=op.f('fk_classroom_teacher_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_classroom')),
    sa.UniqueConstraint('join_code', name=op.f('uq_classroom_join_code'))
    )
    with op.batch_alter_table('classroom', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_classroom_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('class_membership',
    sa.Column('classroom_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['classroom_id'], ['classroom.id'], name=op.f('fk_class_membership_classroom_id_classroom')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_class_membership_user_id_user_account')),
    sa.PrimaryKeyConstraint('classroom_id', 'user_id', name=op.f('pk_class_membership'))
    )
    with op.batch_alter_table('class_membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_class_membership_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('class_membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_class_membership_user_id'))

    op.drop_table('class_membership')
    with op.batch_alter_table('classroom', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_classroom_teacher_id'))

    op.drop_table('classroom')
