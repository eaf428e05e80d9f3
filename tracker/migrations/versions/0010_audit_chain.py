"""Chain the audit trail: each row stores its place, its predecessor's hash and its own SHA-256

Existing rows are linked here in id order (the order they were written), so an upgraded
database starts with a valid chain and loses no row; ``audit_chain_head`` records the last link.
The append-only triggers are lifted for this one transaction only, as a restore does, to write
the new columns into rows that exist already; new rows get them at insert.

Revision ID: 0010_audit_chain
Revises: 0007_organisation_listing_index
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

from tracker.audit.chain import GENESIS, link

revision = "0010_audit_chain"
down_revision = "0009_sign_in_throttle"
branch_labels = None
depends_on = None

BATCH = 2_000
PG_TRIGGER = "audit_event_append_only"

# The columns as this revision knows them (not the model, which may move on).
audit_event = sa.table(
    "audit_event", sa.column("id", sa.Integer), sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor_id", sa.Integer), sa.column("actor_username", sa.String),
    sa.column("action", sa.String), sa.column("entity_type", sa.String),
    sa.column("entity_id", sa.Integer), sa.column("summary", sa.String),
    sa.column("before", sa.JSON), sa.column("after", sa.JSON), sa.column("chain_seq", sa.BigInteger),
    sa.column("prev_hash", sa.String), sa.column("row_hash", sa.String))


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild on SQLite, which would drop the append-only triggers).
    op.add_column("audit_event", sa.Column("chain_seq", sa.BigInteger(), nullable=True))
    op.add_column("audit_event", sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64),
                                           nullable=True))
    op.add_column("audit_event", sa.Column("row_hash", sqlmodel.sql.sqltypes.AutoString(length=64),
                                           nullable=True))
    op.create_index("ux_audit_event_chain_seq", "audit_event", ["chain_seq"], unique=True)
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")))
    seq, head = _backfill(op.get_bind())
    op.execute(sa.text("INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, :seq, :hash)")
               .bindparams(seq=seq, hash=head))


def _backfill(conn: sa.Connection) -> tuple[int, str]:
    """Link every existing row in id order; returns the head (last place, last hash)."""
    seq, head = 0, GENESIS
    last_id = 0
    with _updates_allowed(conn):
        while True:
            rows = [dict(r._mapping) for r in conn.execute(
                sa.select(audit_event).where(audit_event.c.id > last_id)
                .order_by(audit_event.c.id).limit(BATCH))]
            if not rows:
                return seq, head
            seq, head = link(rows, seq=seq, prev_hash=head)
            conn.execute(
                audit_event.update().where(audit_event.c.id == sa.bindparam("row_id"))
                .values(chain_seq=sa.bindparam("seq"), prev_hash=sa.bindparam("prev"),
                        row_hash=sa.bindparam("hash")),
                [{"row_id": r["id"], "seq": r["chain_seq"], "prev": r["prev_hash"], "hash": r["row_hash"]}
                 for r in rows])
            last_id = rows[-1]["id"]


class _updates_allowed:
    """The append-only triggers off for the enclosing transaction, back on afterwards."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn, self.sqlite_triggers = conn, []

    def __enter__(self) -> None:
        if self.conn.dialect.name == "postgresql":
            self.conn.exec_driver_sql(f"ALTER TABLE audit_event DISABLE TRIGGER {PG_TRIGGER}")
            return
        self.sqlite_triggers = self.conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event' "
            "AND sql LIKE '%BEFORE UPDATE%'").all()
        for name, _sql in self.sqlite_triggers:
            self.conn.exec_driver_sql(f'DROP TRIGGER "{name}"')

    def __exit__(self, *exc) -> None:
        if self.conn.dialect.name == "postgresql":
            self.conn.exec_driver_sql(f"ALTER TABLE audit_event ENABLE TRIGGER {PG_TRIGGER}")
            return
        for _name, sql in self.sqlite_triggers:
            self.conn.exec_driver_sql(sql)


def downgrade() -> None:
    op.drop_table("audit_chain_head")
    op.drop_index("ux_audit_event_chain_seq", table_name="audit_event")
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("chain_seq")
