"""Merging duplicate people or organisations into one survivor.

Every reference to the merged record moves to the survivor; where the survivor already holds the
same place (both attended one meeting, both are parties to one agreement) the survivor's row is
kept and completed from the other. The merged record's names become the survivor's aliases, its
empty fields fill the survivor's, it is deleted, and one audit event on each id tells the story.
What the merge changed is kept row by row, so it can be undone within 30 days (``merge_undo``).
Tables added later that point at people or organisations are moved too (found from the schema).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from tracker.audit.record import record_audit
from tracker.auth.actor import Actor, require_write
from tracker.db import unit_of_work
from tracker.errors import ValidationError
from tracker.i18n import N_
from tracker.matching import has_cjk
from tracker.models import (
    AgreementParty,
    AuditAction,
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
    OrganisationImportance,
    OrganisationKind,
    Participation,
    Person,
    PersonAlias,
    Pledge,
    Position,
    User,
)
from tracker.services.aliases import add_aliases, list_aliases
from tracker.services.lookups import get_known, require_nothing_above
from tracker.services.merge_undo import affected_rows, record_merge
from tracker.services.organisations import org_snapshot
from tracker.services.people import person_snapshot


def check_merge_pair(survivor_id: int, merged_id: int) -> None:
    if survivor_id == merged_id:
        raise ValidationError({"merged_id": "choose two different records to merge"})


def local_name_to_keep(merged, survivor) -> str | None:
    """The local-script name the survivor lacks: the merged one's, or its name when in Chinese."""
    if merged.local_name:
        return merged.local_name
    return merged.name if has_cjk(merged.name) and not has_cjk(survivor.name) else None


def names_to_keep(merged, survivor, aliases: list[str]) -> list[str]:
    """The merged record's names the survivor does not already carry, to keep as aliases."""
    names = [merged.name, merged.local_name, *aliases]
    return [n for n in dict.fromkeys(names) if n and n != survivor.local_name]


def _move_positions(session: Session, column, survivor_id: int, merged_id: int) -> int:
    """Move positions to the survivor, dropping those identical to one it already has."""
    def signature(p: Position) -> tuple:
        return (p.person_id if column is Position.organisation_id else p.organisation_id,
                p.title.casefold(), p.start_date, p.end_date)

    kept = {signature(p) for p in session.exec(select(Position).where(column == survivor_id))}
    moved = 0
    for position in session.exec(select(Position).where(column == merged_id)).all():
        if signature(position) in kept:
            session.delete(position)
            continue
        setattr(position, column.key, survivor_id)
        kept.add(signature(position))
        session.add(position)
        moved += 1
    session.flush()
    return moved


def _move_unhandled(session: Session, table: str, survivor_id: int, merged_id: int,
                    handled: set[tuple[str, str]]) -> None:
    """Repoint foreign keys to ``table`` that this module does not handle by name."""
    for other in SQLModel.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table.name != table or (other.name, fk.parent.name) in handled:
                continue
            session.execute(sa.update(other).where(fk.parent == merged_id).values(
                {fk.parent.name: survivor_id}))


def merge_people(*, session: Session, actor: Actor, survivor_id: int, merged_id: int) -> Person:
    """Merge person ``merged_id`` into ``survivor_id``: references move, names become aliases."""
    require_write(actor, N_("merge people"))
    check_merge_pair(survivor_id, merged_id)
    with unit_of_work(session):
        survivor = get_known(session, actor, Person, survivor_id, field="survivor_id")
        merged = get_known(session, actor, Person, merged_id, field="merged_id")
        for person in (survivor, merged):
            require_nothing_above(session, actor, person, "Merging these people")
        before = {"survivor": person_snapshot(session, survivor),
                  "merged": person_snapshot(session, merged)}
        rows_before = affected_rows(session, "person", [survivor_id, merged_id])
        meeting_ids = set(session.exec(select(Participation.meeting_id)
                                       .where(Participation.person_id == merged_id)))
        both = {p.meeting_id: p for p in session.exec(select(Participation).where(
            Participation.person_id == survivor_id, Participation.meeting_id.in_(sorted(meeting_ids))))}
        clashes = 0
        for row in session.exec(select(Participation).where(Participation.person_id == merged_id)).all():
            kept = both.get(row.meeting_id)
            if kept is None:
                row.person_id = survivor_id
                session.add(row)
                continue
            kept.organisation_id = kept.organisation_id or row.organisation_id
            kept.title = kept.title or row.title
            session.add(kept)
            session.delete(row)
            clashes += 1
        session.flush()
        positions = _move_positions(session, Position.person_id, survivor_id, merged_id)
        session.execute(sa.update(AgreementParty).where(AgreementParty.signatory_person_id == merged_id)
                        .values(signatory_person_id=survivor_id))
        _move_unhandled(session, "person", survivor_id, merged_id, {
            ("participation", "person_id"), ("position", "person_id"), ("person_alias", "person_id"),
            ("agreement_party", "signatory_person_id")})
        # No foreign key holds a user's person (see app_user.person_id): repointed by name.
        session.execute(sa.update(User).where(User.person_id == merged_id).values(person_id=survivor_id))
        survivor.local_name = survivor.local_name or local_name_to_keep(merged, survivor)
        names = names_to_keep(merged, survivor, list_aliases(session, PersonAlias, merged_id))
        session.add(survivor)
        session.delete(merged)
        session.flush()
        add_aliases(session, PersonAlias, survivor_id, [n for n in names if n], own_name=survivor.name)
        after = {**person_snapshot(session, survivor),
                 "moved": {"meetings": len(meeting_ids), "shared_meetings": clashes,
                           "positions": positions}}
        summary = f"Merged {before['merged']['name']} (#{merged_id}) into {survivor.name}"
        record_audit(session, actor=actor, action=AuditAction.MERGE, entity="person",
                     entity_id=survivor_id, before=before, after=after, summary=summary)
        record_audit(session, actor=actor, action=AuditAction.MERGE, entity="person",
                     entity_id=merged_id, before=before["merged"],
                     after={"merged_into": survivor_id}, summary=summary)
        record_merge(session, actor, entity="person", survivor=survivor, merged_id=merged_id,
                     merged_name=before["merged"]["name"], before=rows_before)
    return survivor


def _merge_agreement_parties(session: Session, survivor_id: int, merged_id: int) -> int:
    survivor_parties = {p.agreement_id: p for p in session.exec(
        select(AgreementParty).where(AgreementParty.organisation_id == survivor_id))}
    clashes = 0
    for row in session.exec(select(AgreementParty).where(
            AgreementParty.organisation_id == merged_id)).all():
        kept = survivor_parties.get(row.agreement_id)
        if kept is None:
            row.organisation_id = survivor_id
            session.add(row)
            continue
        kept.signatory_person_id = kept.signatory_person_id or row.signatory_person_id
        kept.signatory_title = kept.signatory_title or row.signatory_title
        session.add(kept)
        session.delete(row)
        clashes += 1
    session.flush()
    return clashes


def _merge_meeting_rows(session: Session, survivor_id: int, merged_id: int) -> tuple[set[int], int]:
    meeting_ids = set(session.exec(select(MeetingOrganisation.meeting_id).where(
        MeetingOrganisation.organisation_id == merged_id)))
    shared = set(session.exec(select(MeetingOrganisation.meeting_id).where(
        MeetingOrganisation.organisation_id == survivor_id,
        MeetingOrganisation.meeting_id.in_(sorted(meeting_ids)))))
    if shared:
        session.execute(sa.delete(MeetingOrganisation).where(
            MeetingOrganisation.organisation_id == merged_id,
            MeetingOrganisation.meeting_id.in_(sorted(shared))))
    session.execute(sa.update(MeetingOrganisation).where(MeetingOrganisation.organisation_id == merged_id)
                    .values(organisation_id=survivor_id))
    session.execute(sa.update(Participation).where(Participation.organisation_id == merged_id)
                    .values(organisation_id=survivor_id))
    session.execute(sa.update(Pledge).where(Pledge.organisation_id == merged_id)
                    .values(organisation_id=survivor_id))
    return meeting_ids, len(shared)


def _keep_one_importance(session: Session, survivor_id: int, merged_id: int) -> None:
    """An enterprise has one importance: the survivor's stays; the merged one's moves only when
    the survivor has none (the generic repointing below does that)."""
    if session.get(OrganisationImportance, survivor_id) is not None:
        session.execute(sa.delete(OrganisationImportance).where(
            OrganisationImportance.organisation_id == merged_id))


def _fix_parent(session: Session, survivor: Organisation, merged: Organisation) -> None:
    """Children of the merged record move under the survivor; the survivor never parents itself."""
    session.execute(sa.update(Organisation).where(Organisation.parent_id == merged.id,
                                                  Organisation.id != survivor.id)
                    .values(parent_id=survivor.id))
    if survivor.parent_id in (None, merged.id):
        survivor.parent_id = merged.parent_id if merged.parent_id != survivor.id else None
    seen, current = {survivor.id}, survivor.parent_id
    while current is not None:
        if current in seen:
            survivor.parent_id = None
            break
        seen.add(current)
        current = session.execute(sa.select(Organisation.parent_id).where(
            Organisation.id == current)).scalar()


def merge_organisations(*, session: Session, actor: Actor, survivor_id: int,
                        merged_id: int) -> Organisation:
    """Merge organisation ``merged_id`` into ``survivor_id``: references move, names become aliases."""
    require_write(actor, N_("merge organisations"))
    check_merge_pair(survivor_id, merged_id)
    with unit_of_work(session):
        survivor = get_known(session, actor, Organisation, survivor_id, field="survivor_id")
        merged = get_known(session, actor, Organisation, merged_id, field="merged_id")
        for org in (survivor, merged):
            require_nothing_above(session, actor, org, "Merging these organisations")
        before = {"survivor": org_snapshot(session, survivor), "merged": org_snapshot(session, merged)}
        rows_before = affected_rows(session, "organisation", [survivor_id, merged_id])
        meeting_ids, shared_meetings = _merge_meeting_rows(session, survivor_id, merged_id)
        shared_agreements = _merge_agreement_parties(session, survivor_id, merged_id)
        positions = _move_positions(session, Position.organisation_id, survivor_id, merged_id)
        _fix_parent(session, survivor, merged)
        _keep_one_importance(session, survivor_id, merged_id)
        _move_unhandled(session, "organisation", survivor_id, merged_id, {
            ("meeting_organisation", "organisation_id"), ("participation", "organisation_id"),
            ("pledge", "organisation_id"), ("agreement_party", "organisation_id"),
            ("position", "organisation_id"), ("organisation", "parent_id"),
            ("organisation_alias", "organisation_id")})
        survivor.local_name = survivor.local_name or local_name_to_keep(merged, survivor)
        for field in ("sector", "region", "website"):
            if not getattr(survivor, field) and getattr(merged, field):
                setattr(survivor, field, getattr(merged, field))
        if survivor.kind is OrganisationKind.OTHER:
            survivor.kind = merged.kind
        names = names_to_keep(merged, survivor, list_aliases(session, OrganisationAlias, merged_id))
        session.add(survivor)
        session.delete(merged)
        session.flush()
        add_aliases(session, OrganisationAlias, survivor_id, names, own_name=survivor.name)
        after = {**org_snapshot(session, survivor),
                 "moved": {"meetings": len(meeting_ids), "shared_meetings": shared_meetings,
                           "shared_agreements": shared_agreements, "positions": positions}}
        summary = f"Merged {before['merged']['name']} (#{merged_id}) into {survivor.name}"
        record_audit(session, actor=actor, action=AuditAction.MERGE, entity="organisation",
                     entity_id=survivor_id, before=before, after=after, summary=summary)
        record_audit(session, actor=actor, action=AuditAction.MERGE, entity="organisation",
                     entity_id=merged_id, before=before["merged"],
                     after={"merged_into": survivor_id}, summary=summary)
        record_merge(session, actor, entity="organisation", survivor=survivor, merged_id=merged_id,
                     merged_name=before["merged"]["name"], before=rows_before)
    return survivor
