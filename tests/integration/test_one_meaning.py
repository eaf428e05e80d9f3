"""One meaning per figure (issue 14 item 8): every shared figure, computed through each page's,
report's and export's own query for the same filters, is the same number, and is the number
``tracker.definitions``' Python predicates give when applied to the rows one by one.

The world below has a figure of each kind on both sides of its line: returning and new
enterprises, planned and cancelled meetings and an association (not engaged), pledges overdue,
silent only at the 90-day threshold, stalled, withdrawn, delivered on time and delivered early,
due today (not yet due), and a government pledge (on Pledges, not on Relationships).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.factories import make_meeting, make_organisation, make_person
from tracker import definitions
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import (
    Confidentiality,
    MeetingStatus,
    OrganisationKind,
    PledgeCreate,
    PledgeProgressCreate,
    PledgeStatus,
)
from tracker.models.enums import ENTERPRISE_KINDS, Side
from tracker.queries import briefing_data, drilldown, overview, profiles, relationships, report_data
from tracker.queries.filters import Filters
from tracker.queries.home import headline_counts
from tracker.queries.pledges import FollowUp, pledge_counts, pledge_follow_up, pledge_record
from tracker.queries.table_views import TABLE_VIEWS
from tracker.reports.document import Table
from tracker.reports.period import build_period_report
from tracker.services import areas, pledges
from tracker.taxonomy import ensure_default_taxonomy

TODAY = dt.date.today()
SECRET = Confidentiality.SECRET
ENTERPRISES = tuple(k.value for k in ENTERPRISE_KINDS)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def world(session):
    ensure_default_taxonomy(session)
    area = areas.get_by_name(session=session, name="AI R&D").id
    bureau = make_organisation(session, name="Economic Bureau", kind=OrganisationKind.GOVERNMENT_BODY)
    official = make_person(session, name="Li Guanyuan", organisation=bureau)
    orgs = {name: make_organisation(session, name=name, sector="Robotics") for name in
            ("Old Co", "New Co", "Quiet Co", "Planned Co")}
    orgs["Chamber"] = make_organisation(session, name="Chamber", kind=OrganisationKind.ASSOCIATION)
    envoys = {name: make_person(session, name=f"{name} envoy", organisation=org)
              for name, org in orgs.items()}

    def meet(days_ago: int, *names: str, status=MeetingStatus.HELD):
        return make_meeting(session, title=f"{' and '.join(names)}, {days_ago} days ago", date=ago(days_ago),
                            status=status,
                            people_and_orgs=[(official, bureau, Side.GOVERNMENT),
                                             *[(envoys[n], orgs[n], Side.ENTERPRISE) for n in names]])

    first_old = meet(400, "Old Co")
    both = meet(60, "Old Co", "New Co")
    first_new = meet(100, "New Co")
    quiet = meet(300, "Quiet Co")
    meet(-30, "Planned Co", status=MeetingStatus.PLANNED)
    meet(50, "Old Co", status=MeetingStatus.CANCELLED)
    meet(20, "Chamber")

    def pledge(org, meeting, made: int, target: int | None, *updates: tuple[int, PledgeStatus | None]):
        made_on = ago(made)
        created = pledges.create_pledge(session=session, actor=SYSTEM_ACTOR, data=PledgeCreate(
            organisation_id=org.id, area_id=area, text=f"{org.name} pledge made {made} days ago",
            made_on=made_on, target_date=None if target is None else ago(target),
            meeting_id=meeting.id if meeting else None))
        for days, status in updates:
            pledges.create_pledge_update(session=session, actor=SYSTEM_ACTOR, pledge_id=created.id,
                                         data=PledgeProgressCreate(on=ago(days), note="News", status=status))
        return created.id

    ids = {
        "overdue and silent": pledge(orgs["Old Co"], first_old, 400, 100),
        "fresh": pledge(orgs["Old Co"], both, 60, -30),
        "delivered on time": pledge(orgs["New Co"], first_new, 100, 10, (20, PledgeStatus.DELIVERED)),
        "silent at 90 only": pledge(orgs["New Co"], first_new, 100, -200, (95, PledgeStatus.IN_PROGRESS)),
        "stalled and overdue": pledge(orgs["Quiet Co"], quiet, 300, 50, (120, PledgeStatus.STALLED)),
        "withdrawn": pledge(orgs["Quiet Co"], quiet, 300, 40, (200, PledgeStatus.WITHDRAWN)),
        "government, overdue": pledge(bureau, both, 60, 5),
        "delivered early": pledge(orgs["Old Co"], None, 10, -100, (2, PledgeStatus.DELIVERED)),
        "due today": pledge(orgs["Old Co"], both, 30, 0),
    }
    session.commit()
    return {"orgs": {name: org.id for name, org in orgs.items()}, "bureau": bureau.id, "pledges": ids}


ALL_TIME = Filters(clearance=SECRET)
FILTERS = {
    "all time": ALL_TIME,
    "the last year": Filters(start=ago(364), end=TODAY, clearance=SECRET),
    "enterprises, the last 200 days": Filters(start=ago(200), end=TODAY, organisation_kinds=ENTERPRISES,
                                              clearance=SECRET),
    "a sector, from 450 to 90 days ago": Filters(start=ago(450), end=ago(90), sectors=("Robotics",),
                                                 clearance=SECRET),
}


def _agree(figures: dict[str, object]) -> object:
    """The one value all the ``figures`` (source → value) share; fails naming the odd ones out."""
    values = set(figures.values())
    assert len(values) == 1, f"one figure, several values: {figures}"
    return values.pop()


def _summary_row(document, label: str) -> str | int | None:
    table = next(b for b in document.blocks if isinstance(b, Table) and b.name == "Summary")
    return next(row[1] for row in table.rows if row[0] == label)


def _all_pledges(session, filters: Filters) -> pd.DataFrame:
    frame, total = pledge_follow_up(session, filters, today=TODAY, limit=10_000)
    assert len(frame) == total
    return frame


def _export(session, filters: Filters, view: str) -> pd.DataFrame:
    table = TABLE_VIEWS[view](session, filters)
    return table.as_frame()


@pytest.mark.parametrize("name", list(FILTERS))
def test_every_shared_figure_is_one_number_on_every_page_and_report(session, world, name):
    filters = FILTERS[name]
    start, end = filters.start, filters.end
    kpis = overview.kpis(session, filters, today=TODAY).set_index("key")["value"]
    report = build_period_report(session, filters, with_charts=False)
    funnel = overview.pledge_funnel(session, filters, today=TODAY).set_index("stage")["pledges"]
    by_area = overview.pledges_by_area_status(session, filters)
    counts = pledge_counts(session, filters, today=TODAY)
    listed = _all_pledges(session, filters)
    exported = _export(session, filters, "pledges")

    held = _agree({
        "Overview card": int(kpis["meetings_held"]),
        "report summary": _summary_row(report, "Meetings held"),
        **{f"monthly bars by {by}": int(overview.meetings_per_month(session, filters, by)["meetings"].sum())
           for by in overview.STACK_DIMENSIONS},
        "report by month": int(report_data.meetings_by_month(session, filters)["meetings"].sum()),
        "meetings behind the Overview": drilldown.count_meetings_behind(session, filters, today=TODAY),
        "meetings export, held rows": int((_export(session, filters, "meetings")["status"] == "Held").sum()),
    })
    engaged = _agree({
        "Overview card": int(kpis["enterprises_engaged"]),
        "report summary": _summary_row(report, "Enterprises engaged"),
        "top enterprises, uncapped": len(overview.top_enterprises(session, filters, limit=10_000)),
    })
    new = _agree({
        "Overview card": int(kpis["new_enterprises"]),
        "report summary": _summary_row(report, "New enterprises"),
        "profiles' first meeting": sum(definitions.is_new(_first_met(session, org_id), start, end)
                                       for org_id in _enterprises(world)),
        "briefings' first meeting": sum(
            definitions.is_new(_briefing_first_met(session, org_id), start, end)
            for org_id in _enterprises(world)),
    })
    made = _agree({
        "Overview card": int(kpis["pledges_made"]),
        "report summary": _summary_row(report, "Pledges made"),
        "funnel's first stage": int(funnel["pledged"]),
        "pledges by area and status": int(by_area["pledges"].sum()),
        "report's pledges by area": int(report_data.pivot_pledges_by_area(by_area)["total"].sum()),
        "Pledges page list": len(listed),
        "pledges export": len(exported),
    })
    overdue = _agree({
        "Pledges page card": counts["overdue"],
        "Pledges page, overdue only": pledge_follow_up(session, filters, FollowUp(overdue_only=True),
                                                        today=TODAY)[1],
        "Pledges page flags": int(listed["overdue"].sum()),
        "each pledge's record": sum(pledge_record(session, filters, i, today=TODAY)["overdue"]
                                    for i in listed["id"]),
        "definition, row by row": sum(definitions.is_overdue(r.status, r.target_date, TODAY)
                                      for r in listed.itertuples()),
        "report count": report_data.overdue_pledge_count(session, filters),
        "report list": len(report_data.overdue_pledges(session, filters, limit=10_000)),
        "pledges export": int((exported["overdue"] == "Yes").sum()),
    })
    silent = _agree({
        "Pledges page card": counts["silent"],
        "Pledges page, silent only": pledge_follow_up(session, filters, FollowUp(silent_only=True),
                                                       today=TODAY)[1],
        "Pledges page flags": int(listed["silent"].sum()),
        "each pledge's record": sum(pledge_record(session, filters, i, today=TODAY)["silent"]
                                    for i in listed["id"]),
        "definition, row by row": sum(definitions.is_silent(r.status, r.last_update_on, r.made_on, TODAY)
                                      for r in listed.itertuples()),
        "Overview funnel": int(funnel["silent"]),
        "pledges export": int((exported["silent"] == "Yes").sum()),
    })
    delivered = _agree({
        "Pledges page card": counts["delivered"],
        "Overview funnel": int(funnel["delivered"]),
        "pledges by area and status": int(by_area.loc[by_area["status"].map(str).str.endswith("delivered"),
                                                      "pledges"].sum()),
        "definition, row by row": sum(definitions.is_delivered(s) for s in listed["status"]),
    })
    # The delivered share is of the pledges whose target date falls in the period.
    everything = _all_pledges(session, Filters(**{**_without_period(filters), "clearance": SECRET}))
    in_period = everything[[(start is None or t >= start) and (end is None or t <= end) if t else False
                            for t in everything["target_date"]]]
    due = [r for r in in_period.itertuples() if definitions.is_due(r.status, r.target_date, TODAY)]
    share = _agree({
        "Overview card": kpis["due_pledges_delivered"],
        "definition, row by row": definitions.delivered_share(
            len(due), sum(definitions.is_delivered(r.status) for r in due)),
    })
    shown_share = None if share is None else f"{100 * share:.0f}%"
    assert _summary_row(report, "Due pledges delivered") == shown_share
    assert (held, engaged, new, made, overdue, silent, delivered, share) == EXPECTED[name]


def _without_period(filters: Filters) -> dict:
    return {"organisation_kinds": filters.organisation_kinds, "sectors": filters.sectors}


# meetings held, enterprises engaged, new, pledges made, overdue, silent, delivered, delivered share
EXPECTED = {
    "all time": (5, 3, 3, 9, 3, 3, 2, 1 / 4),
    "the last year": (4, 3, 2, 8, 2, 2, 2, 1 / 4),
    "enterprises, the last 200 days": (2, 2, 1, 5, 0, 1, 2, 1 / 3),
    "a sector, from 450 to 90 days ago": (3, 3, 3, 5, 2, 3, 1, 0 / 1),
}


def _enterprises(world) -> list[int]:
    return [org_id for name, org_id in world["orgs"].items() if name != "Chamber"]


def _first_met(session, org_id: int):
    card = profiles.organisation_card(session, ALL_TIME, org_id)
    first = card.iloc[0]["first_met"]
    return None if first is None or pd.isna(first) else pd.Timestamp(first).date()


def _briefing_first_met(session, org_id: int):
    numbers = briefing_data.relationship_numbers(session, ALL_TIME, org_id, today=TODAY)
    first = numbers.set_index("figure").loc["First met", "value"]
    return None if first == "never" else dt.date.fromisoformat(first)


def test_all_time_figures_agree_with_home_relationships_profiles_and_briefings(session, world):
    """Over all time the home page, Relationships (enterprises only), each profile and each
    briefing add up to the Pledges page's and the Overview's figures."""
    enterprises_only = Filters(organisation_kinds=ENTERPRISES, clearance=SECRET)
    home = headline_counts(session, ALL_TIME)
    kpis = overview.kpis(session, ALL_TIME, today=TODAY).set_index("key")["value"]
    rel = relationships.relationships(session, enterprises_only, today=TODAY)
    ids = [*world["orgs"].values(), world["bureau"]]
    numbers = {i: briefing_data.relationship_numbers(session, ALL_TIME, i, today=TODAY)
               .set_index("figure")["value"] for i in ids}
    briefed = {i: briefing_data.open_pledges(session, ALL_TIME, i, today=TODAY) for i in ids}
    profiled = {i: profiles.pledges(session, ALL_TIME, "organisation", i, today=TODAY) for i in ids}
    counts = pledge_counts(session, ALL_TIME, today=TODAY)
    enterprise_counts = pledge_counts(session, enterprises_only, today=TODAY)

    assert _agree({"home": home["meetings"], "Overview": int(kpis["meetings_held"])}) == 5
    assert _agree({
        "home": home["enterprises"], "Overview": int(kpis["enterprises_engaged"]),
        "Relationships, ever met": int(rel["last_contact"].notna().sum()),
        "profiles with a held meeting": sum(
            int(profiles.organisation_card(session, ALL_TIME, i).iloc[0]["meetings"]) > 0
            for i in _enterprises(world)),
    }) == 3
    assert _agree({
        "home": home["open_pledges"], "Pledges page": counts["open"],
        "briefings": sum(int(n["Open pledges"]) for n in numbers.values()),
        "briefings' lists": sum(len(b) for b in briefed.values()),
    }) == 6
    assert _agree({
        "Pledges page": counts["overdue"],
        "briefings": sum(int(n["Overdue"]) for n in numbers.values()),
        "briefings' flags": sum(int(b["overdue"].sum()) for b in briefed.values()),
        "profiles' flags": sum(int(p["overdue"].sum()) for p in profiled.values()),
    }) == 3
    assert _agree({
        "Pledges page": counts["silent"],
        "briefings' flags": sum(int(b["silent"].sum()) for b in briefed.values()),
        "profiles' flags": sum(int(p["silent"].sum()) for p in profiled.values()),
    }) == 3
    assert _agree({
        "Pledges page": counts["delivered"],
        "briefings": sum(int(n["Delivered"]) for n in numbers.values()),
        "profiles": sum(int((p["status"] == "delivered").sum()) for p in profiled.values()),
    }) == 2
    # Relationships shows enterprises only: the government's overdue pledge is not among them.
    assert _agree({"Pledges page, enterprises": enterprise_counts["overdue"],
                   "Relationships": int(rel["overdue_pledges"].sum())}) == 2
    assert _agree({"Pledges page, enterprises": enterprise_counts["open"],
                   "Relationships": int(rel["open_pledges"].sum())}) == 5
    due = int(rel["due_pledges"].sum())
    delivered_due = sum(round(r * d) for r, d in zip(rel["delivery_ratio"], rel["due_pledges"], strict=True)
                        if r is not None and not pd.isna(r))
    assert _agree({
        "Overview, enterprises": overview.kpis(session, enterprises_only, today=TODAY)
        .set_index("key").loc["due_pledges_delivered", "value"],
        "Relationships": definitions.delivered_share(due, delivered_due),
    }) == 1 / 3
    assert all(r is None or pd.isna(r) or 0 <= r <= 1 for r in rel["delivery_ratio"])


def test_silent_is_one_configurable_number(monkeypatch):
    from tracker import config

    assert definitions.SILENT_AFTER_DAYS == config.DEFAULT_SILENT_AFTER_DAYS == 90
    assert str(definitions.SILENT_AFTER_DAYS) in definitions.HELP["silent"]
    monkeypatch.setenv("TRACKER_SILENT_AFTER_DAYS", "120")
    assert config.silent_after_days() == 120
    for wrong in ("0", "ninety", "-5"):
        monkeypatch.setenv("TRACKER_SILENT_AFTER_DAYS", wrong)
        with pytest.raises(ValueError, match="TRACKER_SILENT_AFTER_DAYS"):
            config.silent_after_days()


SOURCE = Path(__file__).resolve().parents[2]
# A number of days written next to the word "silent" or "quiet" (either order, within a line).
SILENT_NUMBER = re.compile(r"(silent|quiet|neglect)\w*\W.*\b(90|180)\b|\b(90|180)\b.*(silent|quiet|neglect)",
                           re.IGNORECASE)
QUIET_WORD = re.compile(r"silent|quiet|neglect|news", re.IGNORECASE)


def test_no_module_but_definitions_writes_a_silent_days_number():
    """The threshold is written once: no other module of the app, the seed data or the bench
    writes 90 or 180 days beside "silent", "quiet" or "neglect", nor a timedelta of those days
    within three lines of those words (or "news")."""
    offenders = []
    for folder in ("tracker", "dashboards", "seed_data", "bench"):
        for path in sorted((SOURCE / folder).rglob("*.py")):
            relative = path.relative_to(SOURCE).as_posix()
            if relative in ("tracker/definitions.py", "tracker/config.py"):
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            for number, line in enumerate(lines, start=1):
                near = " ".join(lines[max(0, number - 4):number + 3])
                timedelta = re.search(r"timedelta\(days=(90|180)\)", line) and QUIET_WORD.search(near)
                if SILENT_NUMBER.search(line) or timedelta:
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
