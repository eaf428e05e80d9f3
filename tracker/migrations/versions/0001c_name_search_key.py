"""pinyin search key on people and organisations

Revision ID: issue_3b_name_search_key
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = 'issue_3b_name_search_key'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from tracker.read_model.names import refresh_search_keys

    for table in ("person", "organisation"):
        op.add_column(table, sa.Column("search_key", sa.Text(), nullable=False, server_default=""))
    refresh_search_keys(op.get_bind())


def downgrade() -> None:
    for table in ("person", "organisation"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("search_key")
