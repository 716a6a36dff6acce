"""A handled update keeps its reply until the adapter has delivered it.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on every database, never a batch migration (see 0009).
def upgrade() -> None:
    op.add_column("processed_updates", sa.Column("reply", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("processed_updates", "reply")
