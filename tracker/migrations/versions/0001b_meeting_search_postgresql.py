"""meeting search on PostgreSQL: pg_trgm GIN index over meeting.search_text

Revision ID: issue_3a_meeting_search_pg
Revises: issue_3a_meeting_search
"""
from alembic import op

from tracker.search_index import create_pg_trigram_index, drop_pg_trigram_index

revision = 'issue_3a_meeting_search_pg'
down_revision = 'issue_3a_meeting_search'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_pg_trigram_index(op.get_bind())


def downgrade() -> None:
    drop_pg_trigram_index(op.get_bind())
