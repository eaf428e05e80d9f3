"""A Traditional-script report saved and read again (issue 16 item 6): records in the article's
script with the Simplified spelling as alias, so a Simplified report finds the same records; the
signatories saved on the agreement's parties; a field the taxonomy lacks asked for, not dropped."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.conftest import count_rows
from tracker.errors import ValidationError
from tracker.ingest import extract_draft
from tracker.ingest.save import save_draft
from tracker.models import (
    AgreementParty,
    Confidentiality,
    Meeting,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
)
from tracker.taxonomy import ensure_default_taxonomy

TRADITIONAL = (
    "滇南省與港企簽署戰略合作框架協議\n發布時間:2024-06-12 08:30\n"
    "本報香港6月12日電 省委書記鄭國華11日在香港會見了恒信集團主席梁嘉偉一行。"
    "梁嘉偉表示,恒信集團將在醫療健康、物流等方面加大投入。"
    "會見後,副省長周立新與恒信集團副主席陳敏儀代表雙方簽署戰略合作框架協議。"
)
SIMPLIFIED = (
    "2024年7月3日 来源:滇南日报\n2日,省委书记郑国华会见了恒信集团主席梁嘉伟一行。"
)


def test_a_traditional_report_saves_in_its_script_and_a_simplified_one_finds_it(session, editor):
    ensure_default_taxonomy(session)
    draft = extract_draft(TRADITIONAL, session=session)
    logistics = next(p for p in draft.meetings[0].pledges if not p.area_known)
    assert logistics.area == "物流"
    with pytest.raises(ValidationError) as caught:  # kept for the reviewer to file, never dropped
        save_draft(session=session, actor=editor, draft=draft)
    assert list(caught.value.errors) == [f"pledges.{draft.meetings[0].pledges.index(logistics)}.area"]
    assert count_rows(session, Meeting) == 0

    logistics.area = "Production services"  # the reviewer files it
    save_draft(session=session, actor=editor, draft=draft)
    zheng = session.exec(select(Person).where(Person.local_name == "鄭國華")).one()
    assert zheng.name == "Zheng Guohua"
    aliases = session.exec(select(PersonAlias.alias).where(PersonAlias.person_id == zheng.id)).all()
    assert aliases == ["郑国华"]
    group = session.exec(select(Organisation).where(Organisation.name == "恒信集團")).one()
    assert session.exec(select(OrganisationAlias.alias)
                        .where(OrganisationAlias.organisation_id == group.id)).all() == ["恒信集团"]
    parties = select(Organisation.name, AgreementParty.signatory_title).join(
        AgreementParty, AgreementParty.organisation_id == Organisation.id)
    titles = dict(session.exec(parties).all())
    assert titles == {"滇南省人民政府": "副省長", "恒信集團": "恒信集團副主席"}

    again = extract_draft(SIMPLIFIED, session=session, clearance=Confidentiality.INTERNAL)
    assert (again.people[0].local_name, again.people[0].match.record_id) == ("鄭國華", zheng.id)
    assert again.organisation(again.people[1].organisation_key).match.record_id == group.id
