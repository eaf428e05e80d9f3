"""meetings_by_month: held meetings per month, sector or kind, and level

"Meetings per month" for all time counted distinct meetings over every meeting × organisation
row (about 180,000 at 100,000 meetings: 170 ms); this summary holds the same counts per month,
organisation sector or kind, and confidentiality level (a few thousand rows), kept in step by the
services (tracker/read_model). Filled here from meeting_organisation.

Revision ID: 0005_meetings_by_month
Revises: 0004_relationships_index
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_meetings_by_month"
down_revision = "0004_relationships_index"
branch_labels = None
depends_on = None

# Non-government kinds and the label for no sector, as in tracker/queries/scope.py when written.
OUTSIDE_KINDS = "('state_owned_enterprise', 'private_enterprise', 'foreign_enterprise', 'association', " \
                "'university', 'other')"
NO_SECTOR = "Sector not recorded"


def upgrade() -> None:
    op.create_table(
        "meetings_by_month",
        sa.Column("dimension", sa.String(length=10), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("segment", sa.String(length=100), nullable=False),
        sa.Column("confidentiality", sa.SmallInteger(), server_default="1", nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.CheckConstraint("confidentiality BETWEEN 0 AND 3",
                           name=op.f("ck_meetings_by_month_confidentiality_range")),
        sa.CheckConstraint("dimension IN ('sector', 'kind')", name=op.f("ck_meetings_by_month_dimension")),
        sa.PrimaryKeyConstraint("dimension", "month", "segment", "confidentiality",
                                name=op.f("pk_meetings_by_month")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    month = "to_char(meeting_date, 'YYYY-MM')" if postgres else "strftime('%Y-%m', meeting_date)"
    segments = {"sector": f"coalesce(organisation_sector, '{NO_SECTOR}')", "kind": "organisation_kind"}
    selects = [
        f"SELECT {month}, '{dimension}', {segment}, confidentiality, count(DISTINCT meeting_id) "
        "FROM meeting_organisation "
        f"WHERE meeting_status = 'held' AND organisation_kind IN {OUTSIDE_KINDS} "
        f"GROUP BY {month}, {segment}, confidentiality"
        for dimension, segment in segments.items()
    ]
    op.execute("INSERT INTO meetings_by_month (month, dimension, segment, confidentiality, meetings) "
               + " UNION ALL ".join(selects))


def downgrade() -> None:
    op.drop_table("meetings_by_month")
