"""name_key: one indexed row per name, local name, alias, pinyin spelling and legal-name core of
every person and organisation, so a search resolves the record it names by index (issue 14 item 4)

Revision ID: 0013_search_keys
Revises: 0012_meetings_by_month_once
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_search_keys"
down_revision = "0012_meetings_by_month_once"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from tracker.read_model.names import refresh_name_keys

    op.create_table(
        "name_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("key_kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.CheckConstraint("(person_id IS NULL) <> (organisation_id IS NULL)",
                           name=op.f("ck_name_key_one_owner")),
        sa.CheckConstraint("key_kind IN ('name', 'local', 'alias', 'pinyin', 'legal')",
                           name=op.f("ck_name_key_key_kind")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_name_key_person_id_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_name_key_organisation_id_organisation"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_name_key")),
    )
    op.create_index("ix_name_key_key", "name_key", ["key"])
    op.create_index("ix_name_key_person", "name_key", ["person_id"])
    op.create_index("ix_name_key_organisation", "name_key", ["organisation_id"])
    refresh_name_keys(op.get_bind())


def downgrade() -> None:
    for index in ("ix_name_key_organisation", "ix_name_key_person", "ix_name_key_key"):
        op.drop_index(index, table_name="name_key")
    op.drop_table("name_key")
