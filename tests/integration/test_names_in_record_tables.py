"""Names in the record tables follow the one name rule (issue 15, item 3): the profile pages'
tables (positions, people, the timeline's organisations, agreement parties, "pledged by") and the
duplicate warning show a name with a Chinese one Chinese first in Chinese (马化腾 (Ma Huateng));
in English a single name reads English first (Ma Huateng (马化腾)) and a list of names keeps the
stored ones, as the meeting lists do."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from seed_data.reference import load_reference
from tracker.i18n import using_language
from tracker.models import Confidentiality, Organisation, Person
from tracker.queries import profiles
from tracker.queries.directory_profiles import organisation_profile, person_profile
from tracker.queries.filters import Filters
from tracker.queries.meeting_duplicates import Probe, meeting_duplicates

SECRET = Filters(clearance=Confidentiality.SECRET)
REFERENCE_DAY = dt.date(2019, 5, 7)
TENCENT, MA = "腾讯 (Tencent)", "马化腾 (Ma Huateng)"
GOVERNMENT = "福建省人民政府 (Fujian Provincial People's Government)"


def _id(session, model, name: str) -> int:
    return session.exec(select(model.id).where(model.name == name)).one()


def test_profile_tables_and_the_duplicate_warning_name_records_in_the_readers_language(session):
    load_reference(session)
    tencent, sensetime = _id(session, Organisation, "Tencent"), _id(session, Organisation, "SenseTime")
    ma = _id(session, Person, "Ma Huateng")
    with using_language("zh_CN"):
        org = organisation_profile(session, SECRET, tencent)
        assert MA in set(org["people"]["person"])
        assert set(org["pledges"]["organisation"]) == {TENCENT}
        person = person_profile(session, SECRET, ma)
        assert set(person["positions"]["organisation"]) == {TENCENT}
        assert set(person["meetings"]["organisation"]) == {TENCENT}

        timeline = profiles.timeline(session, SECRET, "organisation", tencent)
        present = timeline["organisations"].iloc[0]
        assert TENCENT in present and GOVERNMENT in present
        parties = profiles.agreements(session, SECRET, "organisation", sensetime)["parties"]
        assert list(parties) == [f"{GOVERNMENT}, 商汤科技 (SenseTime)"]  # by pinyin: fu, shang
        assert set(profiles.pledges(session, SECRET, "organisation", tencent)["organisation"]) == {TENCENT}
        people = profiles.people_met(session, SECRET, "organisation", tencent)
        assert MA in set(people["name"]) and TENCENT in set(people["organisation"])
        assert profiles.person_card(session, SECRET, ma)["organisation"].iloc[0] == TENCENT

        found = meeting_duplicates(session, Probe.of(REFERENCE_DAY, [ma], [tencent]),
                                   clearance=Confidentiality.SECRET)
        assert found.iloc[0]["shared_people"] == [MA]
        assert found.iloc[0]["shared_organisations"] == [TENCENT]

    with using_language("en"):
        org = organisation_profile(session, SECRET, tencent)
        assert "Ma Huateng (马化腾)" in set(org["people"]["person"])
        assert set(org["pledges"]["organisation"]) == {"Tencent (腾讯)"}
        timeline = profiles.timeline(session, SECRET, "organisation", tencent)
        assert "Tencent" in timeline["organisations"].iloc[0].split(", ")
        found = meeting_duplicates(session, Probe.of(REFERENCE_DAY, [ma], [tencent]),
                                   clearance=Confidentiality.SECRET)
        assert (found.iloc[0]["shared_people"], found.iloc[0]["shared_organisations"]) == (["Ma Huateng"],
                                                                                          ["Tencent"])
