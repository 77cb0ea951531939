"""roadmap trade-off decisions (Keep or Swap on a big item), dated plan snapshots, a sizing
request's note and the engineer's confidence

Revision ID: 0007
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models

revision: str = '0007'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('roadmap_trade_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('alternatives', sa.JSON(), nullable=False),
    sa.Column('choice', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('decided_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['roadmap_candidate.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('roadmap_trade_off', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_trade_off_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roadmap_trade_off_team_id'), ['team_id'], unique=False)

    op.create_table('roadmap_plan_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('taken_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('capacity', sa.Float(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'taken_on')
    )
    with op.batch_alter_table('roadmap_plan_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_plan_snapshot_team_id'), ['team_id'], unique=False)

    with op.batch_alter_table('roadmap_sizing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confidence', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
        batch_op.add_column(sa.Column('request_note', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('roadmap_sizing', schema=None) as batch_op:
        batch_op.drop_column('request_note')
        batch_op.drop_column('confidence')

    with op.batch_alter_table('roadmap_plan_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_plan_snapshot_team_id'))

    op.drop_table('roadmap_plan_snapshot')

    with op.batch_alter_table('roadmap_trade_off', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_trade_off_team_id'))
        batch_op.drop_index(batch_op.f('ix_roadmap_trade_off_candidate_id'))

    op.drop_table('roadmap_trade_off')
