"""covering indexes for the leaders' dashboards

Per-organisation and per-period aggregations over meeting_organisation, officials by meetings
over participation, and held-meeting counts over meeting answer from the index alone.

Revision ID: issue_4_dashboard_indexes
Revises: 0001
"""
from alembic import op

revision = 'issue_4_dashboard_indexes'
down_revision = '0001'
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_meeting_status_date_conf", "meeting", ["status", "date", "confidentiality"]),
    ("ix_participation_side_status_person", "participation",
     ["side", "meeting_status", "person_id", "confidentiality", "meeting_date"]),
    ("ix_meeting_organisation_org_status", "meeting_organisation",
     ["organisation_id", "meeting_status", "confidentiality", "meeting_date", "meeting_id"]),
    ("ix_meeting_organisation_status_date", "meeting_organisation",
     ["meeting_status", "meeting_date", "confidentiality", "organisation_id", "meeting_id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
