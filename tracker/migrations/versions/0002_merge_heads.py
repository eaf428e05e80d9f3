"""one head again after the parallel migrations that each followed 0001

Their files are named 0001a to 0001g for their place in the chain; their revision ids keep the
names that databases in use have recorded in alembic_version.

Revision ID: 0002_merge_heads
Revises: issue_3a_meeting_search_pg, issue_3b_name_search_key, issue_4p_read_model, issue_6_audit_append_only, issue_2b_confidentiality_checks
Create Date: 2026-11-25 21:03:30.898954
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tracker.models.base


revision = '0002_merge_heads'
down_revision = ('issue_3a_meeting_search_pg', 'issue_3b_name_search_key', 'issue_4p_read_model', 'issue_6_audit_append_only', 'issue_2b_confidentiality_checks')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
