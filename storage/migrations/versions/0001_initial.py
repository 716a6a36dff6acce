"""Contacts, touchpoints, requests and the users who own them.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("budget_minutes", sa.Integer(), nullable=False),
        sa.Column("positioning", sa.Text(), nullable=True),
        sa.Column("nudge_time", sa.Time(), nullable=False),
        sa.Column("nudge_days", sa.String(length=10), nullable=False),
        sa.Column("slot_weekday", sa.Integer(), nullable=True),
        sa.Column("slot_time", sa.Time(), nullable=True),
        sa.Column("cadences", sa.JSON(), nullable=False),
        sa.Column("onboarded", sa.Boolean(), nullable=False),
        sa.Column("unreachable", sa.Boolean(), nullable=False),
        sa.Column("pending", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "external_id", name="uq_users_identity"),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("circle", sa.String(length=10), nullable=False),
        sa.Column("cadence_days", sa.Integer(), nullable=True),
        sa.Column("company", sa.String(length=200), nullable=True),
        sa.Column("birthday_day", sa.Integer(), nullable=True),
        sa.Column("birthday_month", sa.Integer(), nullable=True),
        sa.Column("birthday_year", sa.Integer(), nullable=True),
        sa.Column("how_met", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=100), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("handle", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_touch_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_channel", sa.String(length=12), nullable=True),
        sa.Column("next_note", sa.Text(), nullable=True),
        sa.Column("due_day", sa.Integer(), nullable=False),
        sa.Column("rank_factor", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_contacts_due", "contacts", ["user_id", "status", "due_day"], unique=False)
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("text_excerpt", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=12), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("sender_name", sa.String(length=200), nullable=True),
        sa.Column("decision", sa.String(length=12), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_requests_user_created", "requests", ["user_id", "created_at"], unique=False)
    op.create_table(
        "touchpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("incoming", sa.Boolean(), nullable=False),
        sa.Column("previous_touch_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("previous_channel", sa.String(length=12), nullable=True),
        sa.Column("previous_next_note", sa.Text(), nullable=True),
        sa.Column("next_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_touchpoints_contact", "touchpoints", ["user_id", "contact_id", "at"], unique=False
    )
    op.create_index("ix_touchpoints_user_at", "touchpoints", ["user_id", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_touchpoints_user_at", table_name="touchpoints")
    op.drop_index("ix_touchpoints_contact", table_name="touchpoints")
    op.drop_table("touchpoints")
    op.drop_index("ix_requests_user_created", table_name="requests")
    op.drop_table("requests")
    op.drop_index("ix_contacts_due", table_name="contacts")
    op.drop_table("contacts")
    op.drop_table("users")
