"""app_user.language: the language each user reads the tracker in (issue 15)

Empty for everyone at first: until a user picks 中文 or English, the tracker follows
TRACKER_DEFAULT_LANGUAGE, else the browser's language, else English.

Revision ID: 0014_user_language
Revises: 0013_search_keys
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_user_language"
down_revision = "0013_search_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("language", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("language")
