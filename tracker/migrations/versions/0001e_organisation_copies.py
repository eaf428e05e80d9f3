"""organisation kind and sector copied into meeting_organisation

The dashboards split held meetings by sector and pick enterprises by kind over every
meeting × organisation row; with the two fields on the row (kept in step by the services, see
tracker/read_model) and one covering index, those questions never join organisation.

Revision ID: issue_4p_read_model
Revises: issue_4_dashboard_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = 'issue_4p_read_model'
down_revision = 'issue_4_dashboard_indexes'
branch_labels = None
depends_on = None

KINDS = ('government_body', 'party_organ', 'state_owned_enterprise', 'private_enterprise',
         'foreign_enterprise', 'association', 'university', 'other')
INDEX_COLUMNS = ["meeting_status", "organisation_kind", "meeting_date", "confidentiality",
                 "organisation_sector", "organisation_id", "meeting_id"]


def upgrade() -> None:
    with op.batch_alter_table('meeting_organisation') as batch_op:
        batch_op.add_column(sa.Column('organisation_kind', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('organisation_sector', sa.String(length=100), nullable=True))
    op.execute(
        "UPDATE meeting_organisation SET "
        "organisation_kind = (SELECT o.kind FROM organisation o "
        "WHERE o.id = meeting_organisation.organisation_id), "
        "organisation_sector = (SELECT o.sector FROM organisation o "
        "WHERE o.id = meeting_organisation.organisation_id)"
    )
    kinds = ", ".join(f"'{k}'" for k in KINDS)
    with op.batch_alter_table('meeting_organisation') as batch_op:
        batch_op.alter_column('organisation_kind', existing_type=sa.String(length=40), nullable=False)
        batch_op.create_check_constraint(op.f('ck_meeting_organisation_meeting_organisation_organisation_kind'),
                                         f"organisation_kind IN ({kinds})")
        batch_op.create_index('ix_meeting_organisation_status_kind', INDEX_COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('meeting_organisation') as batch_op:
        batch_op.drop_index('ix_meeting_organisation_status_kind')
        batch_op.drop_constraint(op.f('ck_meeting_organisation_meeting_organisation_organisation_kind'),
                                 type_='check')
        batch_op.drop_column('organisation_sector')
        batch_op.drop_column('organisation_kind')
