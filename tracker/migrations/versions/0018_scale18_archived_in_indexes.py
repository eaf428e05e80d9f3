"""the dashboards' covering indexes carry ``archived_at``, so they cover again

Since archiving (0017) every reader's query also asks ``archived_at IS NULL`` (``cleared``), and
no index held that column: each counted row cost a table lookup, and PostgreSQL could not answer
from the index alone. ``archived_at`` goes last in each covering index the dashboards read, so
a seek or range is what it was before and the check is read from the index.

``ix_pledge_area_status`` grows to cover pledges by area and status (the level and the day made
too): over all time the Overview's chart read every pledge's row through it; and
``ix_pledge_target_date`` to cover the "due pledges delivered" card (status and level).

Revision ID: 0018_scale18_archived_in_indexes
Revises: 0017_archive17_archived
"""
from alembic import op

revision = "0018_scale18_archived_in_indexes"
down_revision = "0017_archive17_archived"
branch_labels = None
depends_on = None

# name: (table, columns before this revision); each gains archived_at at the end.
COVERING = {
    "ix_meeting_date_conf": ("meeting", ["date", "confidentiality"]),
    "ix_meeting_status_date_conf": ("meeting", ["status", "date", "confidentiality"]),
    "ix_participation_side_status_person": (
        "participation", ["side", "meeting_status", "person_id", "confidentiality", "meeting_date"]),
    "ix_meeting_organisation_org_date": (
        "meeting_organisation", ["organisation_id", "meeting_date", "confidentiality"]),
    "ix_meeting_organisation_date_org": (
        "meeting_organisation", ["meeting_date", "confidentiality", "organisation_id"]),
    "ix_meeting_organisation_conf_org": (
        "meeting_organisation", ["confidentiality", "organisation_id", "meeting_id"]),
    "ix_meeting_organisation_org_status": (
        "meeting_organisation",
        ["organisation_id", "meeting_status", "meeting_date", "confidentiality", "organisation_kind",
         "meeting_id"]),
    "ix_meeting_organisation_status_date": (
        "meeting_organisation",
        ["meeting_status", "meeting_date", "confidentiality", "organisation_id", "meeting_id"]),
    "ix_meeting_organisation_status_kind": (
        "meeting_organisation",
        ["meeting_status", "organisation_kind", "meeting_date", "confidentiality", "organisation_sector",
         "organisation_id", "meeting_id"]),
    "ix_pledge_organisation_status": (
        "pledge", ["organisation_id", "status", "confidentiality", "target_date", "area_id"]),
    "ix_pledge_made_on": ("pledge", ["made_on", "confidentiality"]),
    "ix_agreement_signed_on": ("agreement", ["signed_on", "confidentiality"]),
}

# name: (table, columns before, columns after)
CHANGED = {name: (table, columns, [*columns, "archived_at"]) for name, (table, columns) in COVERING.items()}
CHANGED["ix_pledge_area_status"] = (
    "pledge", ["area_id", "status"], ["area_id", "status", "confidentiality", "made_on", "archived_at"])
CHANGED["ix_pledge_target_date"] = (
    "pledge", ["target_date"], ["target_date", "status", "confidentiality", "archived_at"])


def upgrade() -> None:
    for name, (table, _before, after) in CHANGED.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, after)


def downgrade() -> None:
    for name, (table, before, _after) in CHANGED.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, before)
