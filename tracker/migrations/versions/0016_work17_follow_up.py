"""Follow-up actions, enterprise importance, reminders sent; app_user.email and person_id (issue 17)

Actions hang on exactly one meeting, agreement or pledge and carry no level of their own (they
are seen with the item). Reminders sent are kept per user, day and item, so a second run on the
same day sends nothing new. app_user.person_id has no foreign key: adding one would rebuild
app_user on SQLite, and the rebuild would touch audit rows that may not be rewritten.

Revision ID: 0016_work17_follow_up
Revises: 0015_calendar17_feed_tokens
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_work17_follow_up"
down_revision = "0015_calendar17_feed_tokens"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


def upgrade() -> None:
    op.create_table(
        "follow_up_action",
        sa.Column("what", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("status", _enum("action_status", "open", "done", "dropped"), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("agreement_id", sa.Integer(), nullable=True),
        sa.Column("pledge_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(CASE WHEN meeting_id IS NULL THEN 0 ELSE 1 END + "
                           "CASE WHEN agreement_id IS NULL THEN 0 ELSE 1 END + "
                           "CASE WHEN pledge_id IS NULL THEN 0 ELSE 1 END) = 1",
                           name=op.f("ck_follow_up_action_one_item")),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreement.id"],
                                name=op.f("fk_follow_up_action_agreement_id_agreement"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"],
                                name=op.f("fk_follow_up_action_meeting_id_meeting"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_id"], ["app_user.id"],
                                name=op.f("fk_follow_up_action_owner_id_app_user"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["pledge_id"], ["pledge.id"],
                                name=op.f("fk_follow_up_action_pledge_id_pledge"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_action")),
    )
    for column in ("agreement_id", "meeting_id", "pledge_id"):
        op.create_index(op.f(f"ix_follow_up_action_{column}"), "follow_up_action", [column])
    op.create_index("ix_follow_up_action_owner_status_due", "follow_up_action",
                    ["owner_id", "status", "due_on"])

    op.create_table(
        "organisation_importance",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("importance", _enum("importance", "strategic", "important", "routine"), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_organisation_importance_organisation_id_organisation"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_organisation_importance")),
    )
    op.create_index("ix_organisation_importance_importance", "organisation_importance", ["importance"])

    op.create_table(
        "reminder_sent",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("item", sa.String(length=60), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_reminder_sent_user_id_app_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "day", "item", name=op.f("pk_reminder_sent")),
    )
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("email", sa.String(length=320), nullable=True))
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("person_id")
        batch.drop_column("email")
    op.drop_table("reminder_sent")
    op.drop_index("ix_organisation_importance_importance", table_name="organisation_importance")
    op.drop_table("organisation_importance")
    op.drop_index("ix_follow_up_action_owner_status_due", table_name="follow_up_action")
    for column in ("agreement_id", "meeting_id", "pledge_id"):
        op.drop_index(op.f(f"ix_follow_up_action_{column}"), table_name="follow_up_action")
    op.drop_table("follow_up_action")
