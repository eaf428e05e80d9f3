"""Reading produced files back in tests, and a small engagement history to report on."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdf

from tests.factories import make_meeting, make_organisation, make_person
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.models import (
    Confidentiality,
    MeetingPledgeIn,
    OrganisationKind,
    PledgeProgressCreate,
    PledgeStatus,
    Side,
)
from tracker.services import areas, pledges


def pdf_text(data: bytes) -> str:
    """All text of a PDF. pypdf splits fpdf2's two-byte CID codes of CFF CJK fonts into a NUL and the
    character (poppler's pdftotext reads them whole), so NULs are dropped."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\x00", "")


def pdf_pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def docx_content(data: bytes) -> tuple[list[tuple[str, str]], list[list[list[str]]]]:
    """(style name, text) of every paragraph, and every table as rows of cell texts."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def add_secret_engagement(session) -> None:
    """A confidential meeting with a company that must never reach a reader with internal clearance."""
    hidden = make_organisation(session, name="Hidden Dragon Holdings", sector="Defence")
    official = make_person(session, name="Shadow Official",
                           organisation=make_organisation(session, name="Secret Bureau",
                                                          kind=OrganisationKind.GOVERNMENT_BODY))
    area = areas.get_by_name(session=session, name="Smart city")
    make_meeting(session, title="Confidential talks with Hidden Dragon", date=dt.date(2019, 6, 3),
                 people_and_orgs=[(official, None, Side.GOVERNMENT)], organisation_ids=[hidden.id],
                 topics=["Classified topic"], confidentiality=Confidentiality.CONFIDENTIAL,
                 pledges=[MeetingPledgeIn(organisation_id=hidden.id, area_id=area.id,
                                          text="Secret pledge text")])


def add_busy_company(session, meetings: int = 9) -> int:
    """An enterprise met many times, with many pledges, some overdue or stalled; returns its id."""
    company = make_organisation(session, name="Busy Robotics", local_name="忙碌机器人", sector="Robotics")
    bureau = make_organisation(session, name="Economic Bureau", kind=OrganisationKind.GOVERNMENT_BODY)
    official = make_person(session, name="Li Guanyuan", local_name="李官员", organisation=bureau,
                           title="Director of the Economic Bureau")
    boss = make_person(session, name="Chen Laoban", local_name="陈老板", organisation=company,
                       title="Chairman of Busy Robotics")
    area_ids = [areas.get_by_name(session=session, name=n).id
                for n in ("AI R&D", "Smart city", "Talent cultivation", "Health")]
    for index in range(meetings):
        make_meeting(session, title=f"Quarterly review number {index + 1} with Busy Robotics on automation "
                                    "of the provincial logistics hubs",
                     date=dt.date(2019, 1, 10) + dt.timedelta(days=40 * index),
                     people_and_orgs=[(official, bureau, Side.GOVERNMENT), (boss, company, Side.ENTERPRISE)],
                     topics=["Automation", "Logistics", f"Topic {index}"],
                     pledges=[MeetingPledgeIn(organisation_id=company.id, area_id=area_ids[index % 4],
                                              text=f"Pledge {index}: build a long-named demonstration line "
                                                   "for intelligent warehousing in the province",
                                              target_date=dt.date(2019, 3, 1) + dt.timedelta(days=40 * index),
                                              status=PledgeStatus.STALLED if index == 2
                                              else PledgeStatus.PLEDGED)])
    first = pledges_of(session, company.id)[0]
    pledges.create_pledge_update(session=session, actor=SYSTEM_ACTOR, pledge_id=first,
                                 data=PledgeProgressCreate(on=dt.date(2019, 2, 1), note="Site chosen",
                                                           status=PledgeStatus.IN_PROGRESS))
    return company.id


def pledges_of(session, organisation_id: int) -> list[int]:
    import sqlalchemy as sa

    from tracker.models import Pledge

    return list(session.execute(sa.select(Pledge.id).where(Pledge.organisation_id == organisation_id)
                                .order_by(Pledge.id)).scalars())
