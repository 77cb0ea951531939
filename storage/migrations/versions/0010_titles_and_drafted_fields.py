"""pain point and candidate titles, drafted fields and teams affected

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows get an empty title (lists then show the problem's first sentence) and no
    # drafts: nothing already on the roadmap is marked as unconfirmed after the upgrade.
    with op.batch_alter_table('pain_point', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('drafts', sa.JSON(), nullable=False, server_default='{}'))
    with op.batch_alter_table('roadmap_candidate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('teams_affected', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('drafts', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('roadmap_candidate', schema=None) as batch_op:
        batch_op.drop_column('drafts')
        batch_op.drop_column('teams_affected')
        batch_op.drop_column('title')
    with op.batch_alter_table('pain_point', schema=None) as batch_op:
        batch_op.drop_column('drafts')
        batch_op.drop_column('title')
