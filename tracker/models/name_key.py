"""The keys a search box's text is matched against to find the person or organisation it names:
one indexed row per name, local-script name, alias, pinyin spelling and (organisations) legal-name
core. Derived data, kept by the read model (``tracker.read_model.names``); a record's keys go with
it when it is deleted."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

KEY_KINDS = ("name", "local", "alias", "pinyin", "legal")


class NameKey(SQLModel, table=True):
    __tablename__ = "name_key"
    __table_args__ = (
        sa.CheckConstraint("(person_id IS NULL) <> (organisation_id IS NULL)", name="one_owner"),
        sa.CheckConstraint(f"key_kind IN ({', '.join(repr(k) for k in KEY_KINDS)})", name="key_kind"),
        sa.Index("ix_name_key_key", "key"),
        sa.Index("ix_name_key_person", "person_id"),
        sa.Index("ix_name_key_organisation", "organisation_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="CASCADE")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="CASCADE")
    key_kind: str = Field(sa_type=sa.String(10), description="name, local, alias, pinyin or legal")
    key: str = Field(sa_type=sa.Text)
    source: str | None = Field(default=None, sa_type=sa.String(200),
                               description="the alias a key was made from (shown as why it matched)")
