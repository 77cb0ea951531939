"""confidential links: a confidential pain point counted with a candidate others raised

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = '0011'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'confidential_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('pain_point_id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['candidate_id'], ['roadmap_candidate.id']),
        sa.ForeignKeyConstraint(['pain_point_id'], ['pain_point.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['team_id'], ['team.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('pain_point_id', 'candidate_id'),
    )
    with op.batch_alter_table('confidential_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_confidential_link_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_confidential_link_pain_point_id'), ['pain_point_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_confidential_link_team_id'), ['team_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('confidential_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_confidential_link_team_id'))
        batch_op.drop_index(batch_op.f('ix_confidential_link_pain_point_id'))
        batch_op.drop_index(batch_op.f('ix_confidential_link_candidate_id'))
    op.drop_table('confidential_link')
