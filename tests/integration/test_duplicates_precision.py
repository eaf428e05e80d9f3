"""Possible duplicates worth a person's time: what else is known about two records counts for and
against them, a pair marked "Not the same" is never listed again, and on the demo data with
planted true duplicates the 50 best pairs are at least 90% true (``seed_data.planted_duplicates``)."""

from __future__ import annotations

import shutil

import pytest

from seed_data.demo import DEMO_MEETINGS
from seed_data.generator import generate
from seed_data.planted_duplicates import TOP, plant_duplicates, top_pairs, top_precision
from seed_data.reference import load_reference
from tests.conftest import BACKENDS, assert_audited, truncate_all
from tests.factories import make_organisation, make_person
from tracker import db as tracker_db
from tracker.errors import PermissionDenied, ValidationError
from tracker.models import OrganisationKind
from tracker.queries.duplicates import duplicate_pairs
from tracker.queries.filters import Filters
from tracker.services.dismissals import dismiss_duplicate_organisations, dismiss_duplicate_people
from tracker.taxonomy import ensure_default_taxonomy

SEE_ALL = Filters(clearance=3)
TARGET = 0.9


def _pairs(person: bool, session) -> dict[frozenset, tuple[float, str]]:
    frame = duplicate_pairs(session, SEE_ALL, person=person, threshold=50.0)
    return {frozenset((a, b)): (score, reason)
            for a, b, score, reason in zip(frame["a_id"], frame["b_id"], frame["score"], frame["reason"],
                                           strict=True)}


def test_different_chinese_names_keep_a_pinyin_look_alike_off_the_list(session):
    qian = make_person(session, name="Qian Xia", local_name="钱霞")
    xia = make_person(session, name="Xia Qiang", local_name="夏强")
    alias = make_person(session, name="Xia Qian", aliases=["夏倩"])  # a Chinese alias counts too
    pairs = _pairs(True, session)
    for pair in (frozenset((qian.id, xia.id)), frozenset((xia.id, alias.id))):
        assert pair not in pairs or pairs[pair][0] < 70, pairs.get(pair)
    score, why = pairs[frozenset((qian.id, alias.id))]  # the same pinyin, in either order
    assert score == 60.0 and why.endswith("but the Chinese names differ")


def test_positions_count_for_a_pair_at_one_organisation_and_against_one_at_two(session):
    acme = make_organisation(session, name="Acme Robotics")
    globex = make_organisation(session, name="Globex Logistics")
    same_a = make_person(session, name="Chen Mingyuan", organisation=acme)
    same_b = make_person(session, name="Chen Mingyaun", organisation=acme)
    apart_a = make_person(session, name="Lin Haoran", organisation=acme)
    apart_b = make_person(session, name="Lin Haoran", organisation=globex)
    pairs = _pairs(True, session)
    close, why = pairs[frozenset((same_a.id, same_b.id))]
    assert why.endswith("; positions at the same organisation")
    assert close >= 90
    apart, why = pairs[frozenset((apart_a.id, apart_b.id))]
    assert apart == 80.0 and why.endswith("; but positions at different organisations")
    default = duplicate_pairs(session, SEE_ALL, person=True)  # the page's default similarity, 85
    assert {frozenset(p) for p in zip(default["a_id"], default["b_id"], strict=True)} == {
        frozenset((same_a.id, same_b.id))}


def test_organisations_of_different_regions_or_kinds_count_against(session):
    fuzhou = make_organisation(session, name="Minjiang Tea", region="Fujian")
    beijing = make_organisation(session, name="Minjiang Tea Co", region="Beijing")
    bureau = make_organisation(session, name="Minjiang Tea Bureau", kind=OrganisationKind.GOVERNMENT_BODY,
                               region="Fujian")
    enterprise = make_organisation(session, name="Minjiang Tea Bureau Ltd", region="Fujian")
    pairs = _pairs(False, session)
    assert pairs[frozenset((fuzhou.id, beijing.id))] == (85.0, "“Minjiang Tea” = “Minjiang Tea Co”; "
                                                               "but different regions")
    score, why = pairs[frozenset((bureau.id, enterprise.id))]
    assert score == 80.0 and why.endswith("but one is a government body")


def test_a_pair_marked_not_the_same_is_never_listed_again_and_the_mark_is_audited(session, editor, viewer):
    first = make_person(session, name="Pony Ma")
    second = make_person(session, name="Ma Pony")
    org_a, org_b = make_organisation(session, name="Tencent"), make_organisation(session, name="Tencent Ltd")
    assert frozenset((first.id, second.id)) in _pairs(True, session)
    with pytest.raises(PermissionDenied):
        dismiss_duplicate_people(session=session, actor=viewer, first_id=first.id, second_id=second.id)
    with pytest.raises(ValidationError):
        dismiss_duplicate_people(session=session, actor=editor, first_id=first.id, second_id=first.id)
    row = dismiss_duplicate_people(session=session, actor=editor, first_id=second.id, second_id=first.id)
    assert (row.low_id, row.high_id) == (min(first.id, second.id), max(first.id, second.id))
    assert_audited(session, entity="duplicate_dismissal", entity_id=row.id, action="create",
                   actor=editor.username)
    again = dismiss_duplicate_people(session=session, actor=editor, first_id=first.id, second_id=second.id)
    assert again.id == row.id  # said twice, remembered once
    assert frozenset((first.id, second.id)) not in _pairs(True, session)
    # People and organisations are judged apart: the organisations' pair is still listed.
    assert frozenset((org_a.id, org_b.id)) in _pairs(False, session)
    dismiss_duplicate_organisations(session=session, actor=editor, first_id=org_a.id, second_id=org_b.id)
    assert frozenset((org_a.id, org_b.id)) not in _pairs(False, session)


@pytest.fixture(scope="module", params=BACKENDS)
def demo_with_planted(request, sqlite_template, tmp_path_factory):
    """The demo data (reference scenario and its generated meetings), with true duplicates planted."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("planted") / "tracker.db"
        shutil.copy(sqlite_template, path)
        engine = tracker_db.make_engine(f"sqlite:///{path}")
    else:
        engine = request.getfixturevalue("pg_engine")
        truncate_all(engine)
    with tracker_db.session_scope(engine) as session:
        ensure_default_taxonomy(session)
        load_reference(session)
    generate(engine, meetings=DEMO_MEETINGS, seed=42)
    with tracker_db.session_scope(engine) as session:
        planted = plant_duplicates(session)
    yield engine, planted
    if request.param == "sqlite":
        engine.dispose()


def test_the_best_50_pairs_on_the_demo_data_are_at_least_90_percent_true(demo_with_planted):
    engine, planted = demo_with_planted
    with tracker_db.session_scope(engine) as session:
        assert len(top_pairs(session)) == TOP  # enough planted to fill the list
        precision = top_precision(session, planted)
    assert precision >= TARGET, precision
