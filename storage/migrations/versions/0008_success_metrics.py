"""success metrics, their dated check-ins, and what stakeholders say once a candidate shipped

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('metric',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('direction', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('baseline', sa.Float(), nullable=False),
    sa.Column('baseline_date', sa.Date(), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('cadence', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('closed_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('skipped_through', sa.Date(), nullable=True),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['roadmap_candidate.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('metric', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_metric_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_metric_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_metric_team_id'), ['team_id'], unique=False)

    op.create_table('metric_checkin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('metric_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('confidence', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['metric_id'], ['metric.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('metric_id', 'on')
    )
    with op.batch_alter_table('metric_checkin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_metric_checkin_metric_id'), ['metric_id'], unique=False)

    op.create_table('ship_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('pain_point_id', sa.Integer(), nullable=False),
    sa.Column('stakeholder', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['roadmap_candidate.id'], ),
    sa.ForeignKeyConstraint(['pain_point_id'], ['pain_point.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('candidate_id', 'pain_point_id')
    )
    with op.batch_alter_table('ship_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ship_feedback_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ship_feedback_pain_point_id'), ['pain_point_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ship_feedback_team_id'), ['team_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ship_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ship_feedback_team_id'))
        batch_op.drop_index(batch_op.f('ix_ship_feedback_pain_point_id'))
        batch_op.drop_index(batch_op.f('ix_ship_feedback_candidate_id'))

    op.drop_table('ship_feedback')
    with op.batch_alter_table('metric_checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_metric_checkin_metric_id'))

    op.drop_table('metric_checkin')
    with op.batch_alter_table('metric', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_metric_team_id'))
        batch_op.drop_index(batch_op.f('ix_metric_state'))
        batch_op.drop_index(batch_op.f('ix_metric_candidate_id'))

    op.drop_table('metric')
