"""Indexes that let /due read a constant amount however large the network is.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_contacts_due", table_name="contacts")
    op.create_index("ix_contacts_due", "contacts",
                    ["user_id", "status", "due_day", "snoozed_until"])
    op.create_index("ix_contacts_rank", "contacts",
                    ["user_id", "status", "rank_factor", "due_day", "snoozed_until"])


def downgrade() -> None:
    op.drop_index("ix_contacts_rank", table_name="contacts")
    op.drop_index("ix_contacts_due", table_name="contacts")
    op.create_index("ix_contacts_due", "contacts", ["user_id", "status", "due_day"])
