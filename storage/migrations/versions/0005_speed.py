"""Stored normalised contact names and weekly minute sums, so lookups stay small.

Name matching used to normalise every contact's name on every /log, and /week read
two years of touchpoints on every call. The contact now keeps its normalised name
(indexed with the user), ``contact_words`` holds each of its words for lookups by
first or last name, and ``week_minutes`` keeps minutes per user, budget week and
channel. All are filled from the existing rows here.

Revision ID: 0005
Revises: 0004
"""

from collections import defaultdict
from datetime import UTC

import sqlalchemy as sa
from alembic import op

from coach.names import NAME_KEY_CHARS, name_key, name_words
from coach.weeks import monday_of

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BATCH = 5_000


def upgrade() -> None:
    bind = op.get_bind()
    # A plain ADD COLUMN, never a batch rebuild: on SQLite a rebuild drops the old
    # contacts table, and with foreign keys on that would cascade to the touchpoints.
    op.add_column("contacts", sa.Column("name_key", sa.String(length=NAME_KEY_CHARS),
                                        nullable=False, server_default=""))
    contacts = sa.table("contacts", sa.column("id", sa.Integer()), sa.column("name", sa.String()),
                        sa.column("name_key", sa.String()))
    rows = bind.execute(sa.select(contacts.c.id, contacts.c.name)).all()
    update = (sa.update(contacts).where(contacts.c.id == sa.bindparam("contact_id"))
              .values(name_key=sa.bindparam("key")))
    for start in range(0, len(rows), BATCH):
        bind.execute(update, [{"contact_id": row.id, "key": name_key(row.name)}
                              for row in rows[start:start + BATCH]])
    op.create_index("ix_contacts_name_key", "contacts", ["user_id", "name_key", "status"])
    contact_words = op.create_table(
        "contact_words",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=NAME_KEY_CHARS), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "word", "contact_id"),
    )
    op.create_index("ix_contact_words_contact", "contact_words", ["contact_id"])
    owners = sa.table("contacts", sa.column("id", sa.Integer()), sa.column("user_id", sa.Integer()),
                      sa.column("name", sa.String()))
    words = [{"user_id": row.user_id, "word": word, "contact_id": row.id}
             for row in bind.execute(sa.select(owners.c.id, owners.c.user_id, owners.c.name))
             for word in name_words(row.name)]
    for start in range(0, len(words), BATCH):
        op.bulk_insert(contact_words, words[start:start + BATCH])

    week_minutes = op.create_table(
        "week_minutes",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("monday_day", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "monday_day", "channel"),
    )
    users = sa.table("users", sa.column("id", sa.Integer()), sa.column("timezone", sa.String()))
    zones = dict(bind.execute(sa.select(users.c.id, users.c.timezone)).all())
    touchpoints = sa.table("touchpoints", sa.column("user_id", sa.Integer()),
                           sa.column("at", sa.DateTime(timezone=True)),
                           sa.column("channel", sa.String()), sa.column("minutes", sa.Integer()))
    sums: dict[tuple[int, int, str], int] = defaultdict(int)
    for user_id, at, channel, minutes in bind.execute(
            sa.select(touchpoints.c.user_id, touchpoints.c.at, touchpoints.c.channel,
                      touchpoints.c.minutes)):
        if at.tzinfo is None:  # SQLite hands back the stored UTC time without a zone
            at = at.replace(tzinfo=UTC)
        monday = monday_of(at, zones.get(user_id) or "UTC")
        sums[(user_id, monday.toordinal(), channel)] += minutes
    rows_out = [{"user_id": user_id, "monday_day": day, "channel": channel, "minutes": minutes}
                for (user_id, day, channel), minutes in sums.items()]
    for start in range(0, len(rows_out), BATCH):
        op.bulk_insert(week_minutes, rows_out[start:start + BATCH])


def downgrade() -> None:
    op.drop_table("week_minutes")
    op.drop_index("ix_contact_words_contact", table_name="contact_words")
    op.drop_table("contact_words")
    op.drop_index("ix_contacts_name_key", table_name="contacts")
    # SQLite 3.35+ drops a column in place; a batch rebuild would cascade (see above).
    op.drop_column("contacts", "name_key")
