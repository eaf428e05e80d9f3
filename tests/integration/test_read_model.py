"""The organisation kind and sector copied into meeting_organisation stay equal to the
organisation's own, through every write that creates the rows or changes those fields."""

from __future__ import annotations

import sqlalchemy as sa

from tests.factories import make_meeting, make_organisation
from tracker.models import OrganisationKind, OrganisationUpdate
from tracker.services import organisations
from tracker.services.merge import merge_organisations


def stale_copies(session) -> list[tuple]:
    """Rows whose copies differ from the organisation (empty when everything is in step)."""
    return session.execute(sa.text(
        "SELECT mo.meeting_id, mo.organisation_id, mo.organisation_kind, o.kind, "
        "mo.organisation_sector, o.sector FROM meeting_organisation mo "
        "JOIN organisation o ON o.id = mo.organisation_id "
        "WHERE mo.organisation_kind <> o.kind "
        "OR coalesce(mo.organisation_sector, '') <> coalesce(o.sector, '')")).all()


def copies_of(session, organisation_id: int) -> set[tuple]:
    return set(session.execute(sa.text(
        "SELECT organisation_kind, organisation_sector FROM meeting_organisation "
        "WHERE organisation_id = :o"), {"o": organisation_id}).all())


def test_copies_follow_meetings_organisation_updates_and_merges(session, editor):
    firm = make_organisation(session, sector="Energy")
    other = make_organisation(session, kind=OrganisationKind.OTHER, sector=None)
    make_meeting(session, organisation_ids=[firm.id])
    make_meeting(session, organisation_ids=[firm.id, other.id])
    assert copies_of(session, firm.id) == {("private_enterprise", "Energy")}
    assert copies_of(session, other.id) == {("other", None)}

    organisations.update_organisation(session=session, actor=editor, organisation_id=firm.id,
                                      data=OrganisationUpdate(kind=OrganisationKind.FOREIGN_ENTERPRISE,
                                                              sector="Artificial intelligence"))
    assert copies_of(session, firm.id) == {("foreign_enterprise", "Artificial intelligence")}

    # The survivor (kind "other", no sector) takes the merged one's kind and sector, and its
    # meeting rows (its own and the moved ones) carry them.
    merge_organisations(session=session, actor=editor, survivor_id=other.id, merged_id=firm.id)
    assert copies_of(session, other.id) == {("foreign_enterprise", "Artificial intelligence")}
    assert stale_copies(session) == []
