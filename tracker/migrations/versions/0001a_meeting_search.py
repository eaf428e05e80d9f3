"""meeting search index (SQLite FTS5 trigram over meeting.search_text)

Revision ID: issue_3a_meeting_search
Revises: 0001
"""
from alembic import op

from tracker.search_index import create_search_index, drop_search_index

revision = 'issue_3a_meeting_search'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_search_index(op.get_bind())


def downgrade() -> None:
    drop_search_index(op.get_bind())
