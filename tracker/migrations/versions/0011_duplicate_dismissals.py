"""duplicate_dismissal: pairs of people or organisations a person said are not the same

The "Possible duplicates" list leaves these pairs out for good (issue 14 item 6).

Revision ID: 0011_duplicate_dismissals
Revises: 0010_audit_chain
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_duplicate_dismissals"
down_revision = "0010_audit_chain"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duplicate_dismissal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_kind", sa.String(length=20), nullable=False),
        sa.Column("low_id", sa.Integer(), nullable=False),
        sa.Column("high_id", sa.Integer(), nullable=False),
        sa.Column("dismissed_by", sa.String(length=100), nullable=False),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("record_kind IN ('person', 'organisation')",
                           name=op.f("ck_duplicate_dismissal_record_kind_known")),
        sa.CheckConstraint("low_id < high_id", name=op.f("ck_duplicate_dismissal_pair_in_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_dismissal")),
    )
    op.create_index("ix_duplicate_dismissal_pair", "duplicate_dismissal",
                    ["record_kind", "low_id", "high_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_duplicate_dismissal_pair", table_name="duplicate_dismissal")
    op.drop_table("duplicate_dismissal")
