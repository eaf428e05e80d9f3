"""indexes for the network of who met whom

The network starts from the most-met enterprises and walks out to their meetings' officials:
- participation (meeting_id, side, person_id): each meeting's government-side people from the
  index alone, instead of a table read per participation;
- meeting_organisation (organisation_id, meeting_status, meeting_date, confidentiality,
  organisation_kind, meeting_id): the date before confidentiality, so one organisation's
  meetings in a period are one index range, and the kind in it, so counting enterprises by
  meetings reads no table row.
At 100,000 meetings: network all time 570 -> about 107 ms, last 12 months 26 -> about 17 ms;
top enterprises all time about 68 ms.

Revision ID: 0003_network_index
Revises: 0002_merge_heads
"""
from alembic import op

revision = "0003_network_index"
down_revision = "0002_merge_heads"
branch_labels = None
depends_on = None

ORG_STATUS = "ix_meeting_organisation_org_status"


def upgrade() -> None:
    op.create_index("ix_participation_meeting_side_person", "participation",
                    ["meeting_id", "side", "person_id"])
    op.drop_index(ORG_STATUS, table_name="meeting_organisation")
    op.create_index(ORG_STATUS, "meeting_organisation",
                    ["organisation_id", "meeting_status", "meeting_date", "confidentiality", "organisation_kind",
                     "meeting_id"])


def downgrade() -> None:
    op.drop_index(ORG_STATUS, table_name="meeting_organisation")
    op.create_index(ORG_STATUS, "meeting_organisation",
                    ["organisation_id", "meeting_status", "confidentiality", "meeting_date", "meeting_id"])
    op.drop_index("ix_participation_meeting_side_person", table_name="participation")
