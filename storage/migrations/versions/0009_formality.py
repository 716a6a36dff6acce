"""A contact can be addressed formally or informally in drafts ("Sie" or "du").

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on every database: on SQLite a batch migration would copy and drop
# the table, and with foreign keys on that would cascade-delete the rows that point at it.
def upgrade() -> None:
    op.add_column("contacts", sa.Column("formality", sa.String(10), nullable=True))


def downgrade() -> None:
    op.drop_column("contacts", "formality")
