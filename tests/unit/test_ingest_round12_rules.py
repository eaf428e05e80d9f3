"""Rules of the article reader drawn from round 12 of reports nobody tuned on (issue 16), each on a
short English text of its own: a company's description, country and legal form around its name,
a company written short, titles joined by "and", and a press release's closing heading."""

from __future__ import annotations

from tracker.ingest import extract_draft


def _people(draft) -> dict[str, tuple[str | None, str | None]]:
    orgs = {o.key: o.name for o in draft.organisations}
    return {p.name: (p.title, orgs.get(p.organisation_key)) for p in draft.people}


def _draft(body: str):
    return extract_draft(f"Governor meets guests\n\nEASTPORT, March 3 -- {body}")


def test_a_company_s_description_before_its_name_is_no_part_of_it():
    draft = _draft("Governor Ada Brown met Paul Grant, chief executive officer of Norwegian ferry and"
                   " freight group Brightsea Lines ASA, on Monday.")
    assert _people(draft)["Paul Grant"] == ("Chief executive officer of Brightsea Lines ASA",
                                            "Brightsea Lines ASA")


def test_where_a_company_is_listed_is_no_part_of_its_name():
    draft = _draft("Governor Ada Brown met Paul Grant, managing director of Oslo-listed Brightsea"
                   " Lines ASA, on Monday.")
    assert _people(draft)["Paul Grant"][1] == "Brightsea Lines ASA"
    assert "Oslo-listed Brightsea Lines ASA" not in {o.name for o in draft.organisations}


def test_a_country_written_as_the_company_s_owner_and_its_ltd_after_co():
    draft = _draft("Governor Ada Brown met Paul Grant, president of Japan's Daesan Marine Co., Ltd.,"
                   " on Monday.")
    assert _people(draft)["Paul Grant"] == ("President of Daesan Marine Co., Ltd.",
                                            "Daesan Marine Co., Ltd.")
    assert "Japan" not in {o.name for o in draft.organisations}


def test_a_company_written_short_is_the_one_named_in_full_and_no_person():
    draft = _draft("Governor Ada Brown met Paul Grant, chairman of Brightsea Marine Holdings Ltd."
                   " Singapore's Brightsea Marine plans a plant. Mary Hall, executive director of"
                   " Brightsea Marine, also attended.")
    people = _people(draft)
    assert people["Mary Hall"][1] == "Brightsea Marine Holdings Ltd"
    assert "Brightsea Marine" not in people
    assert "Singapore" not in {o.name for o in draft.organisations}


def test_a_country_in_brackets_after_a_company_is_its_name_s():
    draft = _draft("Governor Ada Brown met Paul Grant, general manager of Brightsea (China), on Monday.")
    assert _people(draft)["Paul Grant"] == ("General manager of Brightsea (China)", "Brightsea (China)")


def test_titles_joined_by_and_are_one_title_and_no_name():
    draft = _draft("Governor Ada Brown met Paul Grant, Chairman and Chief Executive Officer of"
                   " Brightsea Robotics, on Monday. Mary Hall, Chief Financial Officer of Brightsea"
                   " Robotics, and staff of Eastport Institute of Technology attended.")
    people = _people(draft)
    assert people["Paul Grant"][0] == "Chairman and Chief Executive Officer of Brightsea Robotics"
    assert not {"Financial Officer", "Eastport Institute"} & set(people)


def test_a_press_release_s_closing_heading_names_the_company_alone():
    draft = _draft("Brightsea Robotics Inc signed an agreement with the city.\n\nAbout Brightsea"
                   " Robotics Inc\n\nBrightsea Robotics makes robots.")
    names = {o.name for o in draft.organisations}
    assert "About Brightsea Robotics Inc" not in names
    assert "Brightsea Robotics Inc" in names


def test_posts_joined_by_ji_in_traditional_writing_are_one_title():
    # "暨" joins two posts as "兼" does ("總裁暨執行長"): no name is read out of the second post
    draft = extract_draft(
        "市長會見客人\n\n2025年5月6日 來源：南港日報\n\n5月5日，市長林志明會見了恒達科技公司"
        "總裁暨執行長王志強一行。")
    people = {p.local_name or p.name: p.title for p in draft.people}
    assert people["王志強"].endswith("總裁暨執行長")
    assert "暨執行" not in people


def test_a_hong_kong_company_written_with_its_place_is_the_one_named_in_full():
    from tracker.ingest.organisations import canonical_organisations

    canonical = canonical_organisations(["香港恒达集团", "恒达集团有限公司"])
    assert canonical == {"香港恒达集团": "恒达集团有限公司"}
    # a full name that itself begins with the place is the one meant
    assert canonical_organisations(["香港恒达集团", "香港恒达集团有限公司"]) \
        == {"香港恒达集团": "香港恒达集团有限公司"}


def test_a_legal_form_with_a_slash_ends_the_company_s_name():
    draft = _draft("Governor Ada Brown met Paul Grant, chief executive officer of Brightsea Lines A/S,"
                   " on Monday.")
    assert _people(draft)["Paul Grant"][1] == "Brightsea Lines A/S"


def test_a_weekday_after_an_agency_dateline_dates_the_meeting():
    # the report is of Thursday 2025-11-27; "on Tuesday" is the 25th, not the dateline's day
    draft = extract_draft(
        "Governor meets guests\n\nSource: Eastport News | 2025-11-27\n\nEASTPORT, Nov. 27 (Eastport"
        " News) -- Governor Ada Brown met with Paul Grant, chairman of Brightsea Lines ASA, on Tuesday.")
    assert [m.date.isoformat() for m in draft.meetings] == ["2025-11-25"]


def test_a_long_company_name_before_a_title_is_read_whole():
    draft = extract_draft(
        "省长会见客人\n\n2025年4月2日 来源：江南日报\n\n4月1日，省长王明在杭州会见了"
        "远航新能源材料科技集团股份有限公司董事长周强一行。")
    assert {p.local_name: p.title for p in draft.people}["周强"] == "远航新能源材料科技集团股份有限公司董事长"


def test_witnessing_is_no_part_of_the_body_witnessed():
    draft = extract_draft(
        "王明会见客人 见证省政府与远航集团签署合作协议\n\n2025年4月2日 来源：江南日报\n\n"
        "4月1日，省长王明在杭州会见了远航集团有限公司董事长周强一行。")
    assert not any(o.name.startswith("见证") for o in draft.organisations)


def test_a_county_magistrate_heads_the_county_the_article_names():
    draft = extract_draft(
        "County signs deal\n\nNANXI, March 3 -- Li Ming, secretary of the CPC Nanxi County Committee,"
        " met Paul Grant, chairman of Brightsea Lines ASA. After the meeting, county magistrate Wang"
        " Hong and Paul Grant signed an agreement. Zhao Lei, deputy county magistrate, attended.")
    people = _people(draft)
    assert people["Wang Hong"] == ("County magistrate", "Nanxi County People's Government")
    assert people["Zhao Lei"][1] == "Nanxi County People's Government"


def test_a_province_after_in_is_where_a_party_is_not_a_party():
    draft = _draft("Brightsea Lines ASA signed a cooperation agreement with the Nanxi Municipal People's"
                   " Government in Jiangsu Province on Monday.")
    assert "Jiangsu Province" not in {o.name for o in draft.organisations}
