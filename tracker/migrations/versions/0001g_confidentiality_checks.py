"""Range checks on confidentiality and clearance, which the models declare but 0001 left out.

Revision ID: issue_2b_confidentiality_checks
Revises: 0001
"""

from alembic import op

from tracker.search_index import FTS_TABLE, create_search_index

revision = "issue_2b_confidentiality_checks"
down_revision = "0001"
branch_labels = None
depends_on = None

# table → column holding a Confidentiality level (0 public … 3 secret)
LEVEL_COLUMNS = {
    "meeting": "confidentiality",
    "participation": "confidentiality",
    "meeting_organisation": "confidentiality",
    "agreement": "confidentiality",
    "pledge": "confidentiality",
    "app_user": "clearance",
}


def upgrade() -> None:
    # On SQLite batch mode rebuilds each table (it cannot add a CHECK in place); on PostgreSQL
    # this is a plain ALTER TABLE … ADD CONSTRAINT.
    for table, column in LEVEL_COLUMNS.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_check_constraint(op.f(f"ck_{table}_{column}_range"), f"{column} BETWEEN 0 AND 3")
    _restore_search_index()


def downgrade() -> None:
    for table, column in LEVEL_COLUMNS.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{column}_range"), type_="check")
    _restore_search_index()


def _restore_search_index() -> None:
    """Rebuilding ``meeting`` on SQLite drops its triggers, the search index's among them."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).first():
        create_search_index(bind)
