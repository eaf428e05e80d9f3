"""Every stored link (organisation website, meeting source link, agreement document link) is a
plain http(s) address: a value that could break out of Markdown or HTML, or point anywhere but a
web page, is refused by the service with a message naming the field (issue 12, item 9)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.factories import make_organisation
from tests.integration.conftest import nothing_changes
from tests.integration.test_services_meetings import MEETING_TABLES, meeting_input
from tracker.errors import ValidationError
from tracker.models import Agreement, Organisation, OrganisationAlias, OrganisationUpdate
from tracker.queries.directory_profiles import organisation_profile
from tracker.queries.filters import Filters
from tracker.services import agreements, meetings, organisations

BEACON = "https://a.invalid/)![x](http://127.0.0.1:9/beacon.png)"

# (value, a fragment of the message that says what is wrong)
HOSTILE_LINKS = [
    pytest.param(BEACON, "character )", id="markdown-image-after-paren"),
    pytest.param("https://a.invalid/](http://evil.invalid)", "character ]", id="markdown-link-close"),
    pytest.param("https://a.invalid/<img src=x onerror=alert(1)>", "character <", id="html-tag"),
    pytest.param('https://a.invalid/"onmouseover="alert(1)', 'character "', id="double-quote"),
    pytest.param("https://a.invalid/'x", "character '", id="single-quote"),
    pytest.param("https://a.invalid/`x`", "character `", id="backtick"),
    pytest.param("https://a.invalid\\@evil.invalid/", "character \\", id="backslash"),
    pytest.param("javascript:alert(1)", "http://", id="javascript"),
    pytest.param("JaVaScRiPt:alert(1)//https://a.invalid", "http://", id="javascript-mixed-case"),
    pytest.param("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "http://", id="data"),
    pytest.param("file:///etc/passwd", "http://", id="file"),
    pytest.param("www.example.com", "http://", id="no-scheme"),
    pytest.param("http:example.com", "http://", id="scheme-without-slashes"),
    pytest.param("https://a.invalid/ x", "space", id="space"),
    pytest.param("https://a.invalid/\nx", "space", id="newline"),
    pytest.param("https://a.invalid/\u00a0x", "space", id="no-break-space"),
    pytest.param("https://a.invalid/\uff09![x](http://127.0.0.1:9/b.png)", "character )",
                 id="fullwidth-paren"),
    pytest.param("https://a.invalid/\u202egnp.x", "invisible", id="right-to-left-override"),
    pytest.param("https://a.invalid/\u200b", "invisible", id="zero-width-space"),
    pytest.param("https://www.gov.cn@evil.invalid/", "user name", id="user-info"),
    pytest.param("https://", "host", id="no-host"),
    pytest.param("https://intranet/", "host", id="host-without-domain"),
    pytest.param("https://-evil.invalid/", "host", id="host-label-hyphen"),
    pytest.param("https://a..invalid/", "host", id="empty-host-label"),
]

GOOD_LINKS = [
    "https://www.tencent.com",
    "http://www.gov.cn/zhengce/2019-05/07/content_5389.htm?from=timeline&isappinstalled=0#top",
    "https://例子.中国/路径/文件.pdf",
    "https://192.0.2.10:8443/agreements/mou-2019.pdf",
    "HTTPS://WWW.EXAMPLE.ORG/A_B-C~D/%28e%29",
]


@pytest.mark.parametrize(("value", "fragment"), HOSTILE_LINKS)
def test_an_organisation_website_that_is_not_a_plain_web_link_is_refused(session, editor, value, fragment):
    with nothing_changes(session, Organisation, OrganisationAlias), \
            pytest.raises(ValidationError) as caught:
        organisations.create_organisation(session=session, actor=editor, data={
            "name": "Beacon Ltd", "kind": "private_enterprise", "website": value})
    assert fragment in caught.value.errors["website"], caught.value.errors


@pytest.mark.parametrize(("value", "fragment"), HOSTILE_LINKS)
def test_a_meeting_source_link_that_is_not_a_plain_web_link_is_refused(session, editor, world, value,
                                                                       fragment):
    with nothing_changes(session, *MEETING_TABLES), pytest.raises(ValidationError) as caught:
        meetings.create_meeting(session=session, actor=editor,
                                data=meeting_input(world, source_url=value))
    assert fragment in caught.value.errors["source_url"], caught.value.errors


@pytest.mark.parametrize(("value", "fragment"), HOSTILE_LINKS)
def test_an_agreement_document_link_that_is_not_a_plain_web_link_is_refused(session, editor, value,
                                                                            fragment):
    with nothing_changes(session, Agreement), pytest.raises(ValidationError) as caught:
        agreements.create_agreement(session=session, actor=editor,
                                    data={"title": "MoU", "document_url": value})
    assert fragment in caught.value.errors["document_url"], caught.value.errors


@pytest.mark.parametrize("value", GOOD_LINKS)
def test_ordinary_web_links_are_kept_as_typed(session, editor, world, value):
    org = organisations.create_organisation(session=session, actor=editor, data={
        "name": "Linked Ltd", "kind": "private_enterprise", "website": value})
    meeting = meetings.create_meeting(session=session, actor=editor,
                                      data=meeting_input(world, source_url=value))
    agreement = agreements.create_agreement(session=session, actor=editor,
                                            data={"title": "MoU", "document_url": value})
    assert (org.website, meeting.source_url, agreement.document_url) == (value, value, value)


def test_the_same_refusal_applies_to_updates(session, editor, world):
    org = make_organisation(session, name="Beacon Ltd")
    with pytest.raises(ValidationError) as caught:
        organisations.update_organisation(session=session, actor=editor, organisation_id=org.id,
                                          data={"website": BEACON})
    assert "character )" in caught.value.errors["website"]
    meeting = meetings.create_meeting(session=session, actor=editor, data=meeting_input(world))
    with pytest.raises(ValidationError) as caught:
        meetings.update_meeting(session=session, actor=editor, meeting_id=meeting.id,
                                data={"version": meeting.version, "source_url": BEACON})
    assert "character )" in caught.value.errors["source_url"]


def test_an_old_row_with_a_hostile_website_stays_readable_and_can_be_mended(session, editor):
    """Rows written before the rule are not rewritten: they read as text, and saving the record
    without touching the link works; replacing the link goes through the rule."""
    org = make_organisation(session, name="Old Beacon Ltd")
    session.execute(sa.update(Organisation).where(Organisation.id == org.id).values(website=BEACON))
    session.commit()
    profile = organisation_profile(session, Filters.for_actor(editor), org.id)
    assert profile["organisation"]["website"] == BEACON
    renamed = organisations.update_organisation(session=session, actor=editor, organisation_id=org.id,
                                                data=OrganisationUpdate(sector="Robotics"))
    assert (renamed.sector, renamed.website) == ("Robotics", BEACON)
    mended = organisations.update_organisation(
        session=session, actor=editor, organisation_id=org.id,
        data=OrganisationUpdate(website="https://old-beacon.example.com"))
    assert mended.website == "https://old-beacon.example.com"
