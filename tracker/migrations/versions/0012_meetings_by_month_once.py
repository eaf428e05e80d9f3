"""meetings_by_month counts each held meeting once per dimension

Before, a meeting with organisations from two sectors was counted under each, so a month's stack
read more than the meetings held. The summary now holds each meeting under one segment (its
organisations' shared sector or kind, "Several …", or "No organisation outside government"):
recounted by the read model's own projection — in 0017_archive17_archived now, since the
projection reads the ``archived_at`` columns that revision adds (a recount here would fail on
them; the summary is derived data, so counting it later loses nothing).

Revision ID: 0012_meetings_by_month_once
Revises: 0011_duplicate_dismissals
"""

revision = "0012_meetings_by_month_once"
down_revision = "0011_duplicate_dismissals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Recounted in 0017 (see above)."""


def downgrade() -> None:
    """The old counts are not restored: the summary is derived data, recounted by the next
    write, and reading the old meaning back would undo the fix."""
