"""The import page: upload → mapping (proposed, then changed) → preview → import, and who may."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, ensure_user, sign_in, signed_in_app
from tests.conftest import count_rows
from tracker.models import ImportMapping, Meeting, Organisation

# The page hands what a person typed to services that validate and write; those services, and the
# duplicate and import rules behind them, are tested on both databases, so the page runs on SQLite.
pytestmark = pytest.mark.sqlite_only


def register() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([
        ["Minister", "When it was", "Name of Organisation", "Purpose of meeting", "Internal ref"],
        ["Minister for Trade, The Rt Hon Ann Lee MP", "2019-05-06", "Acme; Beta", "Trade talks", "A1"],
        ["", "2019-05-07", "Gamma", "Site visit", "A2"],
        ["", "not a date", "Delta", "Broken", "A3"],
    ])
    return buffer.getvalue().encode("cp1252")


def open_page(role: str) -> AppTest:
    return signed_in_app(role, clearance="secret", page="views/import.py", timeout=60)


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_upload_map_preview_import(database_url, session):
    at = open_page("editor")
    assert not at.exception
    at.file_uploader(key="import_upload").upload("register.csv", register(), "text/csv")
    at.run()
    assert not at.exception
    # "When it was" is not a known date header: the date field is proposed from the values.
    date_box = next(s for s in at.selectbox if s.label.startswith("Date"))
    assert date_box.value == "When it was"
    body_box = next(s for s in at.selectbox if s.label == "Government body")
    assert body_box.value == "—"
    at.text_input(key=next(t.key for t in at.text_input if t.key.startswith("fixed_body_"))) \
        .set_value("Department for Trade")
    at.text_input(key=next(t.key for t in at.text_input if t.key.startswith("map_name_"))) \
        .set_value("Trade register")
    at.run()
    button(at, "save_mapping").click()
    at.run()
    assert not at.exception
    assert session.exec(select(ImportMapping.name)).all() == ["Trade register"]
    button(at, "preview_button").click()
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Rows read": "3", "To import": "2", "Already imported": "0", "Skipped by rule": "0",
                       "Rejected": "1"}
    meetings, matches, errors, notes = (frame.value for frame in at.dataframe)
    assert notes.empty
    assert list(meetings["title"]) == ["Trade talks", "Site visit"]
    assert set(matches["in file"]) == {"Acme", "Beta", "Gamma", "Department for Trade", "Ann Lee"}
    assert list(errors["row"]) == [4] and "not a date" in errors["reason"][0]
    assert count_rows(session, Meeting) == 0            # nothing written by the preview
    button(at, "import_button").click()
    at.run()
    assert not at.exception
    assert any("Imported 2 rows as 2 meetings" in s.value for s in at.success)
    session.rollback()
    assert count_rows(session, Meeting) == 2
    assert "Department for Trade" in set(session.exec(select(Organisation.name)))
    # Previewing the same file again finds everything already imported.
    button(at, "preview_button").click()
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["To import"], metrics["Already imported"]) == ("0", "2")


def test_unmapped_required_field_blocks_the_preview(database_url):
    at = open_page("editor")
    at.file_uploader(key="import_upload").upload("odd.csv", b"Colour,Size\nred,3\n", "text/csv")
    at.run()
    assert not at.exception
    assert any("Choose a column for" in w.value for w in at.warning)
    assert not [b for b in at.button if b.key == "preview_button"]


def test_viewer_cannot_import(database_url):
    """Hidden from a viewer's navigation, and refusing them when opened anyway."""
    app = signed_in_app("viewer", clearance="secret")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("views/import.py")
    at = AppTest.from_file(str(Path(APP).parent / "views" / "import.py"), default_timeout=60)
    sign_in(at, ensure_user("viewer", clearance="secret"))
    at.run()
    assert not at.exception
    assert any("Only editors and administrators" in i.value for i in at.info)
    assert not at.file_uploader


def test_upload_box_states_the_same_limit_as_the_label(database_url):
    """Regression: the label said "up to 20 MB" while the upload box said "200MB per file"."""
    from tracker.importers.reading import MAX_UPLOAD_BYTES

    uploader = open_page("editor").file_uploader(key="import_upload")
    assert uploader.proto.max_upload_size_mb == MAX_UPLOAD_BYTES // 2**20
    assert f"up to {MAX_UPLOAD_BYTES // 2**20} MB" in uploader.label


def test_possible_matches_are_new_unless_ticked(database_url, session):
    from tests.factories import make_organisation

    make_organisation(session, name="Fuzhou No. 1 Hospital")
    make_organisation(session, name="Branch 21")
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["Date", "Name of Organisation", "Purpose of meeting"],
                                  ["2019-05-06", "Fuzhou No. 2 Hospital", "Talks"],
                                  ["2019-05-07", "Branch 12", "Visit"]])
    at = open_page("editor")
    at.file_uploader(key="import_upload").upload("numbered.csv", buffer.getvalue().encode(), "text/csv")
    at.run()
    button(at, "preview_button").click()
    at.run()
    assert not at.exception
    boxes = [box for box in at.checkbox if box.key.startswith("confirm_")]
    assert [box.label for box in boxes] == ["“Fuzhou No. 2 Hospital” is the existing “Fuzhou No. 1 Hospital”",
                                            "“Branch 12” is the existing “Branch 21”"]
    boxes[0].check()
    at.run()
    button(at, "import_button").click()
    at.run()
    assert not at.exception
    session.rollback()
    assert set(session.exec(select(Organisation.name))) == {"Fuzhou No. 1 Hospital", "Branch 21", "Branch 12"}


def contact_log() -> bytes:
    """A lobbying-contact log as a city publishes one: CR-only lines, quoted cells, a trailing
    comma, US dates, officials in both name orders and contact types that are not all meetings."""
    rows = [["Entity", "Contact date", "Contact type(s)", "Subject", "City official(s)", "Lobbyist(s)", ""],
            ["Harbour Freight Co", "01/21/2025", "Personal Meeting", "Port: dredging", "Kim, Lee; Ana Ruiz",
             "Sam Ode", ""],
            ["Harbour Freight Co", "01/22/2025", "Email", "Port: dredging", "Lee Kim", "Sam Ode", ""],
            ["Green Transit Alliance", "02/03/2025", "Telephone", "Transit: fares", "Lee Kim", "Jo Vance",
             ""]]
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r").writerows(rows)
    return buffer.getvalue().encode()


def test_a_contact_log_imports_from_the_page_without_writing_a_mapping(database_url, session):
    at = open_page("editor")
    at.file_uploader(key="import_upload").upload("contacts.csv", contact_log(), "text/csv")
    at.run()
    assert not at.exception
    boxes = {s.label: s.value for s in at.selectbox}
    assert (boxes["Organisations met *"], boxes["Date *"], boxes["Kind"]) == \
        ("Entity", "Contact date", "Contact type(s)")
    captions = [c.value for c in at.caption]
    assert "✓ 100% sure: header “Entity”" in captions
    assert "✓ 90% sure: header “Contact date”; dates read as month first (US): a value like 01/21 says so" \
        in captions
    assert any("lines end in CR only" in c for c in captions)
    assert any(e.label.startswith("Kind: 3 value(s)") for e in at.expander)
    button(at, "preview_button").click()
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Rows read": "3", "To import": "2", "Already imported": "0", "Skipped by rule": "1",
                       "Rejected": "0"}
    button(at, "import_button").click()
    at.run()
    assert not at.exception
    assert any("Imported 2 rows as 2 meetings; 0 were already imported, 1 skipped by rule, 0 rejected"
               in s.value for s in at.success)
    session.rollback()
    meetings = session.exec(select(Meeting).order_by(Meeting.date)).all()
    assert [(m.date.isoformat(), m.kind.value) for m in meetings] == [
        ("2025-01-21", "talk"), ("2025-02-03", "call")]
