"""roadmap candidates, evidence, merges, duplicate suggestions and sizing requests

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('roadmap_candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('root_cause', sa.Text(), nullable=False),
    sa.Column('solution', sa.Text(), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('impact_kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('impact', sa.Integer(), nullable=True),
    sa.Column('effort', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('effort_note', sa.Text(), nullable=True),
    sa.Column('sized_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('sized_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('metric', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('baseline', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('target', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('priority_override', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('override_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('override_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('horizon_pin', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('merged_into', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merged_into'], ['roadmap_candidate.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('roadmap_candidate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_candidate_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_roadmap_candidate_team_id'), ['team_id'], unique=False)

    op.create_table('roadmap_duplicate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('other_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('decided_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['roadmap_candidate.id'], ),
    sa.ForeignKeyConstraint(['other_id'], ['roadmap_candidate.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('candidate_id', 'other_id')
    )
    with op.batch_alter_table('roadmap_duplicate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_duplicate_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roadmap_duplicate_other_id'), ['other_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roadmap_duplicate_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_roadmap_duplicate_team_id'), ['team_id'], unique=False)

    op.create_table('roadmap_merge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('kept_id', sa.Integer(), nullable=False),
    sa.Column('merged_id', sa.Integer(), nullable=False),
    sa.Column('pain_point_ids', sa.JSON(), nullable=False),
    sa.Column('merged_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('merged_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('undone_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('undone_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.ForeignKeyConstraint(['kept_id'], ['roadmap_candidate.id'], ),
    sa.ForeignKeyConstraint(['merged_id'], ['roadmap_candidate.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('roadmap_merge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_merge_kept_id'), ['kept_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roadmap_merge_merged_id'), ['merged_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roadmap_merge_team_id'), ['team_id'], unique=False)

    op.create_table('roadmap_sizing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('engineer', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('requested_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('size', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['roadmap_candidate.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('roadmap_sizing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_sizing_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roadmap_sizing_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_roadmap_sizing_team_id'), ['team_id'], unique=False)

    op.create_table('roadmap_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('pain_point_id', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['roadmap_candidate.id'], ),
    sa.ForeignKeyConstraint(['pain_point_id'], ['pain_point.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pain_point_id')
    )
    with op.batch_alter_table('roadmap_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_evidence_candidate_id'), ['candidate_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('roadmap_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_evidence_candidate_id'))

    op.drop_table('roadmap_evidence')
    with op.batch_alter_table('roadmap_sizing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_sizing_team_id'))
        batch_op.drop_index(batch_op.f('ix_roadmap_sizing_status'))
        batch_op.drop_index(batch_op.f('ix_roadmap_sizing_candidate_id'))

    op.drop_table('roadmap_sizing')
    with op.batch_alter_table('roadmap_merge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_merge_team_id'))
        batch_op.drop_index(batch_op.f('ix_roadmap_merge_merged_id'))
        batch_op.drop_index(batch_op.f('ix_roadmap_merge_kept_id'))

    op.drop_table('roadmap_merge')
    with op.batch_alter_table('roadmap_duplicate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_duplicate_team_id'))
        batch_op.drop_index(batch_op.f('ix_roadmap_duplicate_status'))
        batch_op.drop_index(batch_op.f('ix_roadmap_duplicate_other_id'))
        batch_op.drop_index(batch_op.f('ix_roadmap_duplicate_candidate_id'))

    op.drop_table('roadmap_duplicate')
    with op.batch_alter_table('roadmap_candidate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_candidate_team_id'))
        batch_op.drop_index(batch_op.f('ix_roadmap_candidate_status'))

    op.drop_table('roadmap_candidate')
