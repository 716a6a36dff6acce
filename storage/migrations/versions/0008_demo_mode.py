"""A user can switch into their demo network from a chat (``/start demo``) and back.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on every database: on SQLite a batch migration would copy and drop
# the table, and with foreign keys on that would cascade-delete the rows that point at it.
def upgrade() -> None:
    op.add_column("users", sa.Column("viewing_demo", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("users", "viewing_demo")
