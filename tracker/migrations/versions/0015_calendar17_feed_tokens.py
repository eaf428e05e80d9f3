"""calendar_feed_token: each user's secret calendar feed address, kept as a SHA-256 (issue 17)

Revision ID: 0015_calendar17_feed_tokens
Revises: 0014_user_language
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_calendar17_feed_tokens"
down_revision = "0014_user_language"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_feed_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"],
                                name=op.f("fk_calendar_feed_token_user_id_app_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feed_token")),
    )
    op.create_index("ix_calendar_feed_token_hash", "calendar_feed_token", ["token_hash"], unique=True)
    op.create_index("ix_calendar_feed_token_user", "calendar_feed_token", ["user_id", "revoked_at"])


def downgrade() -> None:
    op.drop_index("ix_calendar_feed_token_user", table_name="calendar_feed_token")
    op.drop_index("ix_calendar_feed_token_hash", table_name="calendar_feed_token")
    op.drop_table("calendar_feed_token")
