"""Nudge deliveries (claimed once per user, local day and kind) and worker heartbeats.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nudge_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "local_day", "kind",
                            name="uq_nudge_deliveries_user_day_kind"),
    )
    op.create_index("ix_nudge_deliveries_status_claimed", "nudge_deliveries",
                    ["status", "claimed_at"])
    op.create_table(
        "scheduler_heartbeats",
        sa.Column("process_id", sa.String(length=100), nullable=False),
        sa.Column("host", sa.String(length=200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_tick_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_nudge_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("process_id"),
    )
    op.create_index("ix_scheduler_heartbeats_last_tick_at", "scheduler_heartbeats",
                    ["last_tick_at"])


def downgrade() -> None:
    op.drop_index("ix_scheduler_heartbeats_last_tick_at", table_name="scheduler_heartbeats")
    op.drop_table("scheduler_heartbeats")
    op.drop_index("ix_nudge_deliveries_status_claimed", table_name="nudge_deliveries")
    op.drop_table("nudge_deliveries")
