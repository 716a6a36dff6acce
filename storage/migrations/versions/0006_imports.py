"""Imports and the calendar feed: profile URLs, staged imports, a calendar token.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contacts", sa.Column("profile_url", sa.String(length=500), nullable=True))
    op.add_column("users", sa.Column("calendar_token", sa.String(length=64), nullable=True))
    op.create_index("ix_users_calendar_token", "users", ["calendar_token"], unique=True)
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_import_batches_user_id", "import_batches", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_import_batches_user_id", table_name="import_batches")
    op.drop_table("import_batches")
    op.drop_index("ix_users_calendar_token", table_name="users")
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35 and later): a batch migration would
    # copy and drop the users table, and with foreign keys on that deletes every
    # contact through ON DELETE CASCADE.
    op.execute("ALTER TABLE users DROP COLUMN calendar_token")
    op.execute("ALTER TABLE contacts DROP COLUMN profile_url")
