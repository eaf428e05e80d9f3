"""The cooperation-area filter means an area with every area beneath it, in every query that
filters by area: choosing "Digital economy" finds what was filed under "AI R&D" beneath it, on
the meeting list, the Overview's figures, the pledge pages, the relationships, the reports and
the table exports alike (``tracker/queries/filter_sql.py``)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import make_meeting, make_organisation, make_person
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import AgreementCreate, Confidentiality, OrganisationKind, PledgeCreate
from tracker.models.agreement import AgreementPartyIn
from tracker.models.enums import Side
from tracker.queries import drilldown, follow_through, meetings, overview, relationships, report_data
from tracker.queries.filters import Filters
from tracker.queries.pledges import pledge_counts, pledge_follow_up
from tracker.queries.table_views import table_preview
from tracker.services import agreements, areas, pledges
from tracker.taxonomy import ensure_default_taxonomy

TODAY = dt.date.today()


@pytest.fixture
def filed(session):
    """Two enterprises met once each; one pledged (at that meeting, under an agreement) in
    "AI R&D", a sub-area of "Digital economy", the other in "E-government"; both pledges late."""
    ensure_default_taxonomy(session)
    ai = areas.get_by_name(session=session, name="AI R&D")
    egov = areas.get_by_name(session=session, name="E-government")
    ministry = make_organisation(session, name="Ministry", kind=OrganisationKind.GOVERNMENT_BODY)
    official = make_person(session, name="Official", organisation=ministry)
    made = {}
    for name, area, days_ago in (("SenseTime", ai, 40), ("Inspur", egov, 20)):
        enterprise = make_organisation(session, name=name)
        envoy = make_person(session, name=f"{name} envoy", organisation=enterprise)
        meeting = make_meeting(session, title=f"Meeting with {name}",
                               date=TODAY - dt.timedelta(days=days_ago),
                               people_and_orgs=[(official, ministry, Side.GOVERNMENT),
                                                (envoy, enterprise, Side.ENTERPRISE)])
        agreement = agreements.create_agreement(session=session, actor=SYSTEM_ACTOR, data=AgreementCreate(
            title=f"Agreement with {name}", signed_on=meeting.date, meeting_id=meeting.id,
            parties=[AgreementPartyIn(organisation_id=enterprise.id)]))
        pledge = pledges.create_pledge(session=session, actor=SYSTEM_ACTOR, data=PledgeCreate(
            organisation_id=enterprise.id, area_id=area.id, text=f"{name} pledge", made_on=meeting.date,
            target_date=TODAY - dt.timedelta(days=5), meeting_id=meeting.id, agreement_id=agreement.id))
        made[name] = {"enterprise": enterprise.id, "meeting": meeting.id, "pledge": pledge.id}
    session.commit()
    return {"parent": ai.parent_id, "child": ai.id, **made["SenseTime"]}


def _filters(area_id: int) -> Filters:
    return Filters(start=TODAY - dt.timedelta(days=365), end=TODAY, area_ids=(area_id,),
                   clearance=Confidentiality.SECRET)


def _what_an_area_selects(session, filters: Filters) -> dict:
    kpis = overview.kpis(session, filters, today=TODAY).set_index("key")["value"]
    by_area = follow_through.pledges_by_area_status(session, filters)
    per_month = overview.meetings_per_month(session, filters, by="sector")
    return {
        "meeting list": set(meetings.list_meetings(session, filters).rows["id"]),
        "meetings held": kpis["meetings_held"],
        "pledges made": kpis["pledges_made"],
        "meetings per month": int(per_month["meetings"].sum()),
        "pledges by area": dict(zip(by_area["area"], by_area["pledges"], strict=True)),
        "meetings behind": set(drilldown.meetings_behind(session, filters)["meeting_id"]),
        "pledge follow-up": set(pledge_follow_up(session, filters, today=TODAY)[0]["id"]),
        "pledge counts": pledge_counts(session, filters, today=TODAY)["overdue"],
        "relationships": set(relationships.relationships(session, filters, today=TODAY)["organisation_id"]),
        "network": set(relationships.network(session, filters)["organisation_id"]),
        "report meetings": set(report_data.meeting_appendix(session, filters)["title"]),
        "report agreements": list(report_data.agreements_in_period(session, filters)["title"]),
        "report overdue pledges": report_data.overdue_pledge_count(session, filters, as_of=TODAY),
        "exported meetings": len(table_preview(session, filters, "meetings")),
        "exported pledges": len(table_preview(session, filters, "pledges")),
        "exported agreements": len(table_preview(session, filters, "agreements")),
    }


def test_an_area_includes_its_sub_areas_everywhere(session, filed):
    expected = {
        "meeting list": {filed["meeting"]},
        "meetings held": 1,
        "pledges made": 1,
        "meetings per month": 1,
        "pledges by area": {"AI R&D": 1},
        "meetings behind": {filed["meeting"]},
        "pledge follow-up": {filed["pledge"]},
        "pledge counts": 1,
        "relationships": {filed["enterprise"]},
        "network": {filed["enterprise"]},
        "report meetings": {"Meeting with SenseTime"},
        "report agreements": ["Agreement with SenseTime"],
        "report overdue pledges": 1,
        "exported meetings": 1,
        "exported pledges": 1,
        "exported agreements": 1,
    }
    assert _what_an_area_selects(session, _filters(filed["child"])) == expected
    assert _what_an_area_selects(session, _filters(filed["parent"])) == expected
