"""misconceptions (issue 11): the course's misconceptions, and the one a wrong option carries

Revision ID: 5b1e7c3a9d42
Revises: 5d1a3c7e9b42
Create Date: 2026-11-26 01:00:00

Data-preserving: existing options carry no misconception (NULL) until the content is imported
again; nothing else changes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e7c3a9d42'
down_revision = '5d1a3c7e9b42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('misconception',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_misconception_course_id_course')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_misconception')),
    sa.UniqueConstraint('course_id', 'slug', name=op.f('uq_misconception_course_id_slug'))
    )
    with op.batch_alter_table('misconception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_misconception_course_id'), ['course_id'], unique=False)

    with op.batch_alter_table('option', schema=None) as batch_op:
        batch_op.add_column(sa.Column('misconception', sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table('option', schema=None) as batch_op:
        batch_op.drop_column('misconception')

    with op.batch_alter_table('misconception', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_misconception_course_id'))

    op.drop_table('misconception')
