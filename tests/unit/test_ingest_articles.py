"""Extraction from articles, without a database: the reference and our own articles' facts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from tracker.ingest import extract_draft
from tracker.ingest.evaluate import Score, draft_facts, expected_facts
from tracker.matching import fold
from tracker.models import AgreementKind, MeetingKind, ParticipantRole

ARTICLES = Path(__file__).resolve().parents[1] / "ingest_articles"
REPO = Path(__file__).resolve().parents[2]
REFERENCE_ARTICLE = REPO.parent / "shared" / "reference" / "digital-china-summit-2019.txt"
REFERENCE_YAML = REPO / "seed_data" / "digital_china_summit_2019.yaml"
TUNED = sorted(p.stem for p in ARTICLES.glob("*.yaml") if not p.stem.startswith(("heldout", "en_reference")))


def article_text(stem: str) -> str:
    if stem == "en_reference":
        if not REFERENCE_ARTICLE.exists():
            pytest.skip("the reference article is not beside the repository")
        return REFERENCE_ARTICLE.read_text(encoding="utf-8")
    return (ARTICLES / f"{stem}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference_draft():
    return extract_draft(article_text("en_reference"))


def test_reference_article_date_place_and_event(reference_draft):
    assert len(reference_draft.meetings) == 1
    meeting = reference_draft.meetings[0]
    assert meeting.date == dt.date(2019, 5, 7)
    assert meeting.place == "Riverside of West Lake, Fuzhou"
    assert reference_draft.event_name == "2nd Digital China Summit"
    assert meeting.date_span.text == "Yesterday"


def test_reference_article_people_with_the_articles_titles(reference_draft):
    scenario = yaml.safe_load(REFERENCE_YAML.read_text(encoding="utf-8"))
    expected = {p["name"]: p["title"] for p in scenario["people"]}
    found = {p.name: p.title for p in reference_draft.people}
    assert {fold(k): fold(v) for k, v in found.items()} == {fold(k): fold(v) for k, v in expected.items()}
    roles = {p.name: p.role for p in reference_draft.people}
    assert roles["Yu Weiguo"] is ParticipantRole.HOST and roles["Ma Huateng"] is ParticipantRole.GUEST
    assert roles["Wang Ning"] is ParticipantRole.ATTENDEE


def test_reference_article_organisations_agreement_and_pledges(reference_draft):
    scenario = yaml.safe_load(REFERENCE_YAML.read_text(encoding="utf-8"))
    names = {o["key"]: o["name"] for o in scenario["organisations"]}
    assert {fold(o.name) for o in reference_draft.organisations} == {fold(n) for n in names.values()}
    meeting = reference_draft.meetings[0]
    [agreement] = meeting.agreements
    assert agreement.kind is AgreementKind.COOPERATION
    assert {fold(reference_draft.organisation(k).name) for k in agreement.party_keys} == {
        fold("Fujian Provincial People's Government"),
        fold("SenseTime"),
    }
    expected = {(fold(names[p["organisation"]]), p["area"]) for p in scenario["pledges"]}
    found = {(fold(reference_draft.organisation(p.organisation_key).name), p.area) for p in meeting.pledges}
    assert found == expected
    company = [
        p
        for p in meeting.pledges
        if reference_draft.organisation(p.organisation_key).side.value == "enterprise"
    ]
    assert len(company) == 12


def test_every_item_keeps_the_span_it_came_from(reference_draft):
    text = article_text("en_reference").replace("\xa0", " ")
    for _label, span in reference_draft.all_spans():
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize("stem", TUNED)
def test_our_articles_yield_exactly_their_facts(stem):
    draft = extract_draft(article_text(stem))
    expected = expected_facts(yaml.safe_load((ARTICLES / f"{stem}.yaml").read_text(encoding="utf-8")))
    found = draft_facts(draft)
    assert found - expected == set(), "extracted facts the article does not state"
    assert expected - found == set(), "missed facts the article states"


def test_several_meetings_in_one_article_get_their_own_dates_and_people():
    draft = extract_draft(article_text("en_two_meetings"))
    assert [m.date for m in draft.meetings] == [dt.date(2021, 9, 13), dt.date(2021, 9, 14)]
    first, second = ({draft.person(k).name for k in m.person_keys} for m in draft.meetings)
    assert first == {"Chen Mingyuan", "Liu Jiahui"} and second == {"Zhou Lan", "Anna Berger"}


def test_a_signing_without_a_meeting_becomes_a_signing_ceremony():
    draft = extract_draft(article_text("en_signing"))
    [meeting] = draft.meetings
    assert meeting.kind is MeetingKind.SIGNING_CEREMONY
    assert len(meeting.agreements) == 1 and meeting.agreements[0].kind is AgreementKind.STRATEGIC_COOPERATION
    assert {draft.person(k).name for k in meeting.person_keys} == {"Sun Wei", "Grace Lin"}


def test_a_person_named_twice_is_one_person_with_the_title():
    draft = extract_draft(article_text("en_named_twice"))
    assert [p.name for p in draft.people] == ["Zhao Ping", "Maria Costa"]
    assert draft.people[0].title == "Director of the Binhai Department of Commerce"


def test_chinese_relative_day_and_pinyin_names():
    draft = extract_draft(article_text("zh_reference"))
    assert draft.meetings[0].date == dt.date(2019, 5, 7)
    ma = next(p for p in draft.people if p.local_name == "马化腾")
    assert ma.name == "Ma Huateng" and ma.title == "腾讯公司董事会主席兼首席执行官"


def test_publication_date_anchors_yesterday_when_there_is_no_dateline():
    draft = extract_draft(
        "Yesterday, Governor Chen Mingyuan met with Liu Jiahui, CEO of Lanting Robotics.",
        published_on=dt.date(2024, 3, 1),
    )
    assert draft.meetings[0].date == dt.date(2024, 2, 29)


def test_an_article_with_nothing_to_extract_gives_an_empty_draft():
    draft = extract_draft("The weather was fine and nothing happened.")
    assert draft.meetings == [] and draft.people == []


def test_held_out_articles_score_well_overall():
    score = Score()
    for path in ARTICLES.glob("heldout*_*.yaml"):
        draft = extract_draft(article_text(path.stem))
        score.add(draft_facts(draft), expected_facts(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert score.precision >= 0.8 and score.recall >= 0.8
