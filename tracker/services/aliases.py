"""Aliases of organisations and people: kept as a list, matched case-insensitively."""

from __future__ import annotations

from sqlmodel import Session, select

from tracker.models import OrganisationAlias, PersonAlias
from tracker.models.text import normalise_key

AliasModel = type[OrganisationAlias] | type[PersonAlias]


def _owner_field(model: AliasModel) -> str:
    return "organisation_id" if model is OrganisationAlias else "person_id"


def list_aliases(session: Session, model: AliasModel, owner_id: int) -> list[str]:
    column = getattr(model, _owner_field(model))
    return list(session.exec(select(model.alias).where(column == owner_id).order_by(model.id)))


def replace_aliases(session: Session, model: AliasModel, owner_id: int, aliases: list[str],
                    *, own_name: str | None = None) -> list[str]:
    """Make the owner's aliases exactly ``aliases`` (minus its own name); returns what is kept."""
    field = _owner_field(model)
    column = getattr(model, field)
    own_key = normalise_key(own_name) if own_name else None
    wanted = {normalise_key(a): a for a in aliases if normalise_key(a) != own_key}
    existing = {row.alias_key: row for row in session.exec(select(model).where(column == owner_id))}
    for key, row in existing.items():
        if key not in wanted:
            session.delete(row)
    for key, alias in wanted.items():
        if key not in existing:
            session.add(model(**{field: owner_id, "alias": alias, "alias_key": key}))
    session.flush()
    return list(wanted.values())


def add_aliases(session: Session, model: AliasModel, owner_id: int, aliases: list[str],
                *, own_name: str | None = None) -> None:
    """Add aliases the owner does not have yet (used by merges)."""
    current = list_aliases(session, model, owner_id)
    replace_aliases(session, model, owner_id, current + list(aliases), own_name=own_name)
