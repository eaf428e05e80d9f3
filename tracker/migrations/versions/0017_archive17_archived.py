"""Nothing deleted for good: ``archived_at`` and ``archived_by`` on meetings, people,
organisations, agreements and pledges; the meeting's ``archived_at`` copied onto its
participations and organisation rows (the read model keeps it, as the date and level);
``merge_record``, what each merge changed, so it can be undone within 30 days.

Nullable columns added in place (no table rebuild on SQLite); every existing row stays live.

Revision ID: 0017_archive17_archived
Revises: 0016_work17_follow_up
"""
import sqlalchemy as sa
from alembic import op

revision = "0017_archive17_archived"
down_revision = "0016_work17_follow_up"
branch_labels = None
depends_on = None

ARCHIVABLE = ("meeting", "person", "organisation", "agreement", "pledge")
COPIES = ("participation", "meeting_organisation")


def new_columns() -> list[tuple[str, sa.Column]]:
    """(table, column) this revision adds to existing tables."""
    return [(table, column) for table in ARCHIVABLE for column in (
                sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
                sa.Column("archived_by", sa.String(length=100), nullable=True))
            ] + [(table, sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
                 for table in COPIES]


def upgrade() -> None:
    existing = sa.inspect(op.get_bind())
    for table, column in new_columns():  # a column already there (an upgrade test adds them early)
        if column.name not in {c["name"] for c in existing.get_columns(table)}:
            op.add_column(table, column)
    op.create_table(
        "merge_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("merged_name", sa.String(length=200), nullable=False),
        sa.Column("survivor_name", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("rows_before", sa.JSON(), nullable=False),
        sa.Column("rows_after", sa.JSON(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(length=100), nullable=True),
        sa.CheckConstraint("entity IN ('person', 'organisation')", name=op.f("ck_merge_record_entity_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_record")),
    )
    op.create_index("ix_merge_record_at", "merge_record", ["at"])
    # The summaries as the read model counts them now (0012's recount of meetings_by_month is
    # made here: the projection reads the columns above).
    from tracker.read_model.summaries import refresh_summaries

    refresh_summaries(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_merge_record_at", table_name="merge_record")
    op.drop_table("merge_record")
    # Plain DROP COLUMN (SQLite 3.35+ has it): a batch rebuild of ``meeting`` would cascade-delete
    # the rows that hang on it while foreign keys are on.
    for table, column in reversed(new_columns()):
        op.drop_column(table, column.name)
