"""A reviewer's corrections to a draft (edited tables and fields) applied back onto it.

Pages show the draft as editable rows; this turns the rows back into a ``Draft`` so the page stays
thin and the rules (a renamed person is a new person, an organisation typed by name is matched
to the draft's own or added) are tested without a browser.
"""

from __future__ import annotations

import datetime as dt

from tracker.ingest.assemble import side_of
from tracker.ingest.draft import Draft, DraftOrganisation, DraftPerson, DraftPledge, Match
from tracker.ingest.organisations import guess_kind
from tracker.matching import fold
from tracker.models import MeetingKind, ParticipantRole, Side


def people_rows(draft: Draft, meeting_index: int) -> list[dict]:
    rows = []
    for key in draft.meetings[meeting_index].person_keys:
        person = draft.person(key)
        org = draft.organisation(person.organisation_key)
        rows.append(
            {
                "include": True,
                "name": person.name,
                "local_name": person.local_name or "",
                "title": person.title or "",
                "organisation": org.name if org else "",
                "role": person.role.value,
                "side": person.side.value,
                "record": "matched" if person.match.record_id else "new",
                "key": key,
            }
        )
    return rows


def pledge_rows(draft: Draft, meeting_index: int) -> list[dict]:
    """One editable row per pledge. A field the taxonomy lacks leaves the area for the reviewer to
    choose, its words kept in the pledge's text."""
    return [
        {
            "include": True,
            "organisation": draft.organisation(p.organisation_key).name,
            "area": p.area if p.area_known else "",
            "text": p.text if p.area_known or p.area in p.text else f"{p.area}: {p.text}",
        }
        for p in draft.meetings[meeting_index].pledges
    ]


def _text(value) -> str:
    return "" if value is None or value != value else str(value).strip()  # NaN from an editor is blank


def _organisation_key(draft: Draft, name: str) -> str | None:
    if not name:
        return None
    found = next(
        (
            o
            for o in draft.organisations
            if fold(o.name) == fold(name) or (o.local_name and o.local_name == name)
        ),
        None,
    )
    if found:
        return found.key
    kind = guess_kind(name)
    org = DraftOrganisation(key=f"o{len(draft.organisations) + 1}", name=name, kind=kind, side=side_of(kind))
    draft.organisations.append(org)
    return org.key


def apply_corrections(
    draft: Draft,
    meeting_index: int,
    *,
    title: str,
    date: dt.date | None,
    place: str,
    kind: str,
    topics: list[str],
    people: list[dict],
    pledges: list[dict],
) -> Draft:
    """A new draft with the reviewer's version of one meeting."""
    fixed = draft.model_copy(deep=True)
    meeting = fixed.meetings[meeting_index]
    meeting.title, meeting.date, meeting.place = title.strip(), date, place.strip() or None
    meeting.kind = MeetingKind(kind)
    meeting.topics = [t.strip() for t in topics if t.strip()]
    meeting.person_keys = []
    for row in people:
        name = _text(row.get("name"))
        if not row.get("include", True) or not name:
            continue
        org_key = _organisation_key(fixed, _text(row.get("organisation")))
        key = _text(row.get("key"))
        person = next((p for p in fixed.people if p.key == key), None) if key else None
        if person is None or fold(person.name) != fold(name):
            person = DraftPerson(key=f"p{len(fixed.people) + 1}", name=name, match=Match())
            fixed.people.append(person)
        person.local_name = _text(row.get("local_name")) or None
        person.title = _text(row.get("title")) or None
        person.organisation_key = org_key
        person.role = ParticipantRole(_text(row.get("role")) or "attendee")
        person.side = Side(_text(row.get("side")) or "government")
        meeting.person_keys.append(person.key)
    meeting.pledges = [
        DraftPledge(
            organisation_key=_organisation_key(fixed, _text(row.get("organisation"))),
            area=_text(row.get("area")),
            text=_text(row.get("text")),
        )
        for row in pledges
        if row.get("include", True) and _text(row.get("organisation"))
    ]
    keys = [fixed.person(k).organisation_key for k in meeting.person_keys]
    keys += [k for a in meeting.agreements for k in a.party_keys] + [
        p.organisation_key for p in meeting.pledges
    ]
    meeting.organisation_keys = list(dict.fromkeys(k for k in keys if k))
    return fixed
