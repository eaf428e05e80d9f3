"""Registers from offices the importer was not built on, imported with the mapping it proposes
(issue 16), on both databases: registers written here in other languages and layouts, and the
Portland lobbying-contact log from ../shared/realdata (skipped when the folder is absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import count_rows
from tracker.importers import propose, read_path, read_table
from tracker.importers.run import import_rows, preview_import
from tracker.models import (
    DatePrecision,
    Meeting,
    MeetingKind,
    Organisation,
    Participation,
    Person,
    Side,
)

REPO = Path(__file__).resolve().parents[2]
REALDATA = next((p / "shared" / "realdata" for p in REPO.parents if (p / "shared" / "realdata").is_dir()),
                REPO.parent / "shared" / "realdata")
PORTLAND = REALDATA / "us-portland-lobbying-contacts-2025q1.csv"

LONG_PURPOSE = ("Reunión de seguimiento sobre la concesión del servicio de transporte urbano " * 6).strip()
RUN_TOGETHER = ", ".join(f"Asociación Vecinal Número {n} del Distrito Centro y Barrios Adyacentes"
                         for n in range(1, 6))
# Semicolons, CR-only line endings, a trailing empty column, US dates and Spanish headers.
SPANISH = ("Fecha;Entidad;Asunto;Tipo de reunión;Responsable;\r"
           "01/21/2024;Transportes Urbanos SA;Tarifas;Presencial;García, Ana;\r"
           f"02/03/2024;Constructora Norte SL;{LONG_PURPOSE};Llamada telefónica;Ana García;\r"
           f"02/14/2024;{RUN_TOGETHER};Barrios;Presencial;\"Luis Pérez; Ana García\";\r"
           "02/15/2024;Agencia de Medios SL;Prensa;Correo electrónico;Luis Pérez;\r"
           "02/16/2024;Club Deportivo Sur;Deporte;Cena de trabajo;Luis Pérez;\r"
           "02/17/2024;Fundación Arte Vivo;Cultura;Gestión;Luis Pérez;\r").encode()
# Tabs, Windows-1252, month and year in two columns, German headers.
GERMAN = ("Monat\tJahr\tInteressenvertreter\tBetreff\tAmtsträger\t\t\n"
          "3\t2022\tMüller Bau GmbH\tGespräch über Bauanträge\tDr. Eva Klein\t\t\n"
          "4\t2022\tVerband der Bäcker e.V.\tMindestlohn\tDr. Eva Klein\t\t\n").encode("cp1252")


def run(session, actor, data: bytes, filename: str, **kwargs):
    table = read_table(data, filename)
    proposal = propose(table)
    assert proposal.missing == []
    return table, proposal, import_rows(session=session, actor=actor, table=table, mapping=proposal.spec,
                                        **kwargs)


def test_a_spanish_register_with_us_dates_semicolons_and_cr_line_endings(session, admin):
    table, proposal, result = run(session, admin, SPANISH, "registro.csv")
    assert table.notes == ["lines end in CR only (old Mac style)", "columns separated by semicolons",
                           "1 empty column(s) dropped"]
    assert {name: rule.column[0] for name, rule in proposal.spec.fields.items()} == {
        "date": "Fecha", "organisations": "Entidad", "title": "Asunto", "kind": "Tipo de reunión",
        "official": "Responsable"}
    assert proposal.spec.fields["kind"].values == {
        "Presencial": "talk", "Llamada telefónica": "call", "Correo electrónico": "skip",
        "Cena de trabajo": "banquet", "Gestión": "other"}
    assert (result.rows_read, result.imported, result.skipped_by_rule, result.rejected) == (6, 5, 1, 0)
    meetings = session.exec(select(Meeting).order_by(Meeting.date)).all()
    assert [(m.date, m.date_precision, m.kind) for m in meetings] == [
        (dt.date(2024, 1, 21), DatePrecision.DAY, MeetingKind.TALK),
        (dt.date(2024, 2, 3), DatePrecision.DAY, MeetingKind.CALL),
        (dt.date(2024, 2, 14), DatePrecision.DAY, MeetingKind.TALK),
        (dt.date(2024, 2, 16), DatePrecision.DAY, MeetingKind.BANQUET),
        (dt.date(2024, 2, 17), DatePrecision.DAY, MeetingKind.OTHER)]
    long = meetings[1]
    assert len(long.title) <= 300 and long.title.endswith("transporte...") and long.summary == LONG_PURPOSE
    listed = session.exec(select(Organisation.name).where(Organisation.name.startswith("Asociación"))).all()
    assert sorted(listed) == [f"Asociación Vecinal Número {n} del Distrito Centro y Barrios Adyacentes"
                              for n in range(1, 6)]
    # "García, Ana" and "Ana García" are one person; "Luis Pérez; Ana García" two officials.
    assert sorted(session.exec(select(Person.name)).all()) == ["Ana García", "Luis Pérez"]
    third = session.exec(select(Participation).where(Participation.meeting_id == meetings[2].id)).all()
    assert sorted((p.role.value, p.side) for p in third) == [("attendee", Side.GOVERNMENT),
                                                              ("host", Side.GOVERNMENT)]
    again = import_rows(session=session, actor=admin, table=table, mapping=proposal.spec)
    assert (again.imported, again.already_imported, again.skipped_by_rule) == (0, 5, 1)
    assert count_rows(session, Meeting) == 5


def test_the_preview_reports_every_cut_split_and_skip(session, admin):
    table = read_table(SPANISH, "registro.csv")
    preview = preview_import(session=session, table=table, mapping=propose(table).spec,
                             clearance=admin.clearance)
    notes = preview.notes_frame()
    assert notes.to_dict("records") == [
        {"rows": "3", "note": "the title cut to 300 characters at a word; the full text is in the summary"},
        {"rows": "4", "note": "an organisations cell of 348 characters split into 5 names"},
        {"rows": "4", "note": "the official cell split into 2 officials"},
        {"rows": "5", "note": "Kind “Correo electrónico” is skipped by the mapping"}]
    assert count_rows(session, Meeting) == 0


def test_a_german_register_with_month_and_year_columns_and_tabs(session, admin):
    table, proposal, result = run(session, admin, GERMAN, "register.txt")
    assert table.encoding == "cp1252" and "columns separated by tabs" in table.notes
    rule = proposal.spec.fields["date"]
    assert (rule.month_column, rule.year_column) == ("Monat", "Jahr")
    assert (result.imported, result.rejected) == (2, 0)
    meetings = session.exec(select(Meeting).order_by(Meeting.date)).all()
    assert [(m.date, m.date_precision, m.title) for m in meetings] == [
        (dt.date(2022, 3, 1), DatePrecision.MONTH, "Gespräch über Bauanträge"),
        (dt.date(2022, 4, 1), DatePrecision.MONTH, "Mindestlohn")]
    assert session.exec(select(Person.name)).all() == ["Eva Klein"]


@pytest.mark.skipif(not PORTLAND.is_file(), reason="../shared/realdata is not present")
def test_the_portland_lobbying_log_imports_with_the_proposed_mapping(session, admin):
    table = read_path(PORTLAND)
    proposal = propose(table)
    assert {name: rule.column[0] for name, rule in proposal.spec.fields.items()} == {
        "organisations": "Entity", "date": "Contact date", "kind": "Contact type(s)", "title": "Subject",
        "summary": "Action of interest", "official": "City official(s)", "people": "Lobbyist(s)"}
    assert proposal.spec.fields["date"].day_first is False
    result = import_rows(session=session, actor=admin, table=table, mapping=proposal.spec)
    # 854 contacts: e-mails (318), text messages (82), social media (2) and direct mail (1) are
    # skipped by the proposed value mapping; every other contact is a meeting, none rejected.
    assert (result.rows_read, result.imported, result.skipped_by_rule, result.rejected) == (854, 451, 403, 0)
    assert session.exec(select(Person.id).where(Person.name == "Dunphy, Jamie")).first() is None
    assert session.exec(select(Person.id).where(Person.name == "Jamie Dunphy")).one()
    assert min(session.exec(select(Meeting.date)).all()) >= dt.date(2025, 1, 1)
    again = import_rows(session=session, actor=admin, table=table, mapping=proposal.spec)
    assert (again.imported, again.already_imported) == (0, 451)
