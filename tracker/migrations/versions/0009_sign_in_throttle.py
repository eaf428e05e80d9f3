"""Sign-in attempts counted per name, known or not, before the password is checked

With 40 guesses at once, 32 wrong passwords were checked (the count was taken after each check)
and unknown names were not throttled at all. The counter now lives in its own row per hashed
name, reserved atomically before any password is checked.

Revision ID: 0009_sign_in_throttle
Revises: 0007_organisation_listing_index
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_sign_in_throttle"
down_revision = "0008_user_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("name_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name_hash"),
    )
    op.create_index("ix_sign_in_throttle_last_attempt", "sign_in_throttle", ["last_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_throttle_last_attempt", table_name="sign_in_throttle")
    op.drop_table("sign_in_throttle")
