"""meetings_by_organisation and meetings_by_official: all-time summaries

Over all time, "enterprises by meetings" counted every meeting × organisation row (or sought
each of 10,000 enterprises), and the network of officials and enterprises walked the 33,000
meetings of the 25 most-met enterprises at 100,000 meetings (85-145 ms). These two summaries hold
held meetings per non-government organisation and level (with the first and last), and per
government official × such organisation × level; the services keep them in step
(tracker/read_model). Filled here from meeting_organisation and participation.

Revision ID: 0006_organisation_summaries
Revises: 0005_meetings_by_month
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_organisation_summaries"
down_revision = "0005_meetings_by_month"
branch_labels = None
depends_on = None

# Non-government kinds, as in tracker/queries/scope.py when written.
OUTSIDE_KINDS = "('state_owned_enterprise', 'private_enterprise', 'foreign_enterprise', 'association', " \
                "'university', 'other')"


def _confidentiality(table: str) -> list:
    return [
        sa.Column("confidentiality", sa.SmallInteger(), server_default="1", nullable=False),
        sa.CheckConstraint("confidentiality BETWEEN 0 AND 3", name=op.f(f"ck_{table}_confidentiality_range")),
    ]


def upgrade() -> None:
    op.create_table(
        "meetings_by_organisation",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        *_confidentiality("meetings_by_organisation"),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.Column("first_met", sa.Date(), nullable=False),
        sa.Column("last_met", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "confidentiality", name=op.f("pk_meetings_by_organisation")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "meetings_by_official",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        *_confidentiality("meetings_by_official"),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "person_id", "confidentiality",
                                name=op.f("pk_meetings_by_official")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_meetings_by_official_person", "meetings_by_official", ["person_id"])
    op.execute(
        "INSERT INTO meetings_by_organisation (organisation_id, confidentiality, meetings, first_met, last_met) "
        "SELECT organisation_id, confidentiality, count(*), min(meeting_date), max(meeting_date) "
        f"FROM meeting_organisation WHERE meeting_status = 'held' AND organisation_kind IN {OUTSIDE_KINDS} "
        "GROUP BY organisation_id, confidentiality"
    )
    op.execute(
        "INSERT INTO meetings_by_official (organisation_id, person_id, confidentiality, meetings) "
        "SELECT mo.organisation_id, p.person_id, mo.confidentiality, count(*) "
        "FROM meeting_organisation mo JOIN participation p ON p.meeting_id = mo.meeting_id "
        f"WHERE mo.meeting_status = 'held' AND mo.organisation_kind IN {OUTSIDE_KINDS} "
        "AND p.side = 'government' GROUP BY mo.organisation_id, p.person_id, mo.confidentiality"
    )


def downgrade() -> None:
    op.drop_table("meetings_by_official")
    op.drop_table("meetings_by_organisation")
