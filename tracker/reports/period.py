"""The period report: cover, headline figures against the previous period, the overview's charts,
top enterprises and officials, agreements, pledges by area, overdue pledges, and every meeting.

Built only from ``tracker.queries`` functions, so it agrees with the dashboards; rendered to PDF,
Word or Excel from one ``Document``.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import threading
from pathlib import Path

from sqlmodel import Session

from tracker.definitions import HELP
from tracker.i18n import (
    CHINESE,
    N_,
    _,
    current_language,
    display_name,
    format_date,
    format_number,
    format_short_date,
    pgettext,
    sentences,
)
from tracker.labels import label
from tracker.models import Organisation, Person
from tracker.models.enums import Confidentiality
from tracker.queries import overview
from tracker.queries import report_data as data
from tracker.queries.filter_sql import period_of
from tracker.queries.filter_words import describe_filters
from tracker.queries.filters import Filters
from tracker.reports import charts
from tracker.reports.document import Document, Heading, Image, KeyValues, PageBreak, Paragraph, Table
from tracker.reports.exports import PRECISION_HEADING, about_pairs
from tracker.reports.formats import XLSX, DocumentKind, format_for, render_bytes
from tracker.taxonomy import area_label, sector_label

# A printed report lists this many overdue pledges and agreements; the rest are counted in an
# "and N more" line and listed in full in the report's Excel annex, so a year's report stays readable.
PRINTED_OVERDUE = 20
PRINTED_AGREEMENTS = 30


def level_footer(level: int, clearance) -> str:
    """The footer every page carries: what may be inside, and for whom."""
    return _("Highest confidentiality included: {level}. Prepared for a reader with {clearance} "
             "clearance.").format(level=label(Confidentiality(level).label),
                                  clearance=label(Confidentiality.parse(clearance).label))


def _figure_text(key: str, value) -> str | int | None:
    if value is None or value != value:
        return None
    if key == "due_pledges_delivered":
        return f"{100 * value:.0f}%"
    return int(value)


def _change_text(key: str, value, previous) -> str:
    if previous is None or previous != previous or value is None or value != value:
        return ""
    if key == "due_pledges_delivered":
        points = round(100 * (value - previous))
        return _("{change} points").format(change=f"{'+' if points > 0 else ''}{points}")
    change = int(value) - int(previous)
    percent = f" ({'+' if change > 0 else ''}{100 * change / previous:.0f}%)" if previous else ""
    return f"{'+' if change > 0 else ''}{change}{percent}"


def _kpi_table(frame) -> Table:
    """The overview's KPI cards as a table: this period, the previous one, and the change."""
    rows = [(r.label, _figure_text(r.key, r.value), _figure_text(r.key, r.previous),
             _change_text(r.key, r.value, r.previous)) for r in frame.itertuples()]
    return Table(pgettext("section of a report", "Summary"),
                 [_("Figure"), _("This period"), _("Previous period"), _("Change")], rows,
                 [3, 1.5, 1.5, 1.5])


def _with_local_names(session: Session, frame, model, id_column: str):
    """``frame`` with its ``name`` written in the reader's language first: 腾讯 (Tencent) in Chinese,
    Tencent (腾讯) in English (``display_name``)."""
    names = data.local_names(session, model, frame[id_column])
    frame = frame.copy()
    frame["local_name"] = [names.get(int(i), "") for i in frame[id_column]]
    frame["name"] = [display_name(name, local) for name, local in zip(frame["name"], frame["local_name"],
                                                                       strict=True)]
    return frame


def _month_text(month: str) -> str:
    """A "2019-05" month as the reader writes it: 2019-05 in English, 2019年5月 in Chinese."""
    if current_language() != CHINESE:
        return month
    return format_date(dt.date(int(month[:4]), int(month[5:7]), 1), "month")


def _title(filters: Filters) -> str:
    span = filters.period_text()
    return _("Engagement report, {period}").format(period=span) if span else _("Engagement report")


PLEDGE_COLUMNS = {"area": N_("Area"), "pledged": N_("Pledged"), "in_progress": N_("In progress"),
                  "delivered": N_("Delivered"), "stalled": N_("Stalled"), "withdrawn": N_("Withdrawn"),
                  "total": N_("Total")}


def _columns(columns: dict[str, str]) -> dict[str, str]:
    """Column → heading in the reader's language (the headings are marked ``N_``)."""
    return {column: _(heading) for column, heading in columns.items()}


def build_period_report(session: Session, filters: Filters, *, with_charts: bool = True,
                        generated_by: str | None = None, annex: str | None = None) -> Document:
    """Everything the period report shows, as a renderer-neutral ``Document``; ``annex`` names the
    workbook a printed report points to for its shortened lists (default: its Excel version)."""
    kpis = overview.kpis(session, filters)
    by_month = data.meetings_by_month(session, filters)
    by_month_sector = overview.meetings_per_month(session, filters, by="sector")
    top_enterprises = _with_local_names(session, overview.top_enterprises(session, filters), Organisation,
                                        "organisation_id")
    top_officials = _with_local_names(session, overview.top_officials(session, filters), Person, "person_id")
    by_area = data.pivot_pledges_by_area(overview.pledges_by_area_status(session, filters))
    if not by_area.empty:  # areas and sectors as the taxonomy writes them in the reader's language
        by_area = by_area.assign(area=by_area["area"].map(area_label))
    if not top_enterprises.empty:
        top_enterprises = top_enterprises.assign(sector=top_enterprises["sector"].map(sector_label))
    level = data.highest_level_included(session, filters)
    filter_pairs = describe_filters(session, filters)
    issued = format_short_date(dt.date.today())
    subtitle = (_("Meetings, agreements and pledges with enterprises. Issued {date} by {user}.")
                if generated_by else _("Meetings, agreements and pledges with enterprises. Issued {date}."))
    doc = Document(title=_title(filters), subtitle=subtitle.format(date=issued, user=generated_by),
                   footer=level_footer(level, filters.clearance))
    if annex:
        doc.annex = annex
    doc.about = about_pairs(doc.title, filter_pairs, generated_by=generated_by)
    doc.add(KeyValues([*filter_pairs, (_("Date of issue"), issued)]),
            Heading(pgettext("section of a report", "Summary")), _kpi_table(kpis))
    if filters.has_period:
        doc.add(Paragraph(_("Previous period: {period}.").format(
            period=filters.previous_period().period_text()), "small"))
    # The cards' definitions, word for word as the Overview's help, so the printed figures are read
    # the way the page means them.
    doc.add(Paragraph(sentences(*(HELP[key] for key in overview.KPI_LABELS)), "small"))

    # Chromium draws the charts while this process runs the remaining queries.
    charts_job = (_start_charts(by_month_sector, top_enterprises, by_area, period_of(filters))
                  if with_charts else None)
    charts_at = len(doc.blocks)

    by_month = by_month.assign(month=by_month["month"].map(_month_text)) if not by_month.empty else by_month
    doc.add(Heading(_("Meetings per month")),
            Table.from_frame(_("By month"), by_month, _columns({"month": N_("Month"),
                                                                "meetings": N_("Meetings held")}), [1, 1]))
    doc.add(Heading(_("Top enterprises")),
            Table.from_frame(_("Top enterprises"), top_enterprises, {
                "name": pgettext("column of enterprises", "Enterprise"), "sector": _("Sector"),
                "meetings": pgettext("count", "Meetings"), "last_met": _("Last met")}, [4, 3, 1.2, 1.6]))
    doc.add(Heading(_("Top officials")),
            Table.from_frame(_("Top officials"), top_officials, {
                "name": _("Official"), "meetings": pgettext("count", "Meetings"),
                "last_met": _("Last meeting")}, [4, 1.2, 1.6]))
    agreements = data.agreements_in_period(session, filters)
    doc.add(Heading(_("Agreements signed in the period")))
    if agreements.empty:
        doc.add(Paragraph(_("No agreement was signed in the period.")))
    else:
        doc.add(Table.from_frame(_("Agreements"), agreements, {
            "signed_on": pgettext("date column", "Signed"), "title": _("Agreement"), "parties": _("Parties"),
            "kind": _("Kind"), "status": _("Status")}, [1.5, 3.8, 3.2, 2.2, 1.7],
            humanise=("kind", "status"), limit=PRINTED_AGREEMENTS))
    doc.add(Heading(_("New pledges and their status by area")))
    if by_area.empty:
        doc.add(Paragraph(_("No pledge was made in the period.")))
    else:
        doc.add(Table.from_frame(_("Pledges by area"), by_area, _columns(PLEDGE_COLUMNS),
                                 [3.5, 1, 1, 1, 1, 1, 1]))
    count = data.overdue_pledge_count(session, filters)
    overdue = data.overdue_pledges(session, filters, limit=max(count, 1))
    among = _("Among the pledges this report covers (made in its period), as the Pledges page lists them "
              "with “Overdue only”.")
    doc.add(Heading(_("Overdue pledges")), Paragraph(sentences(HELP["overdue"], among), "small"))
    if not overdue.empty:
        overdue = overdue.assign(area=overdue["area"].map(area_label))
    if overdue.empty:
        doc.add(Paragraph(_("No open pledge is past its target date.")))
    else:
        # Most overdue first; beyond the first PRINTED_OVERDUE an "and N more" line says where the rest are.
        doc.add(Table.from_frame(_("Overdue pledges"), overdue, _columns({
            "organisation": N_("Organisation"), "area": N_("Area"), "text": N_("Pledge"),
            "target_date": N_("Target"), "status": N_("Status"), "last_update_on": N_("Last update")}),
            [2.5, 2, 4.7, 1.5, 1.6, 1.5], humanise=("status",), limit=PRINTED_OVERDUE))
    appendix = data.meeting_appendix(session, filters)
    doc.add(PageBreak(), Heading(_("Appendix: every meeting in the period ({count})").format(
        count=format_number(len(appendix)))))
    # A date known only to its month or quarter is that period's first day: the precision column
    # says so (and a workbook formats the date to match).
    date = _("Date")
    doc.add(Table.from_frame(_("Meetings"), appendix, {
        "date": date, "precision": _(PRECISION_HEADING).format(column=date), "title": _("Meeting"),
        "organisations": _("Organisations"), "kind": _("Kind"), "status": _("Status")},
        [1.5, 1.2, 5.2, 3.8, 1.6, 1.5], humanise=("precision", "kind", "status")))
    if charts_job is not None:
        doc.blocks[charts_at:charts_at] = _chart_blocks(*charts_job)
    return doc


def _start_charts(by_month_sector, top_enterprises, by_area, period):
    """Start drawing the overview's charts in a thread; returns (thread, captions, result holder)."""
    figures = []
    if not by_month_sector.empty:
        figures.append((_("Held meetings per month, each once: under its sector, or “Several sectors”"),
                        charts.meetings_per_month_figure(by_month_sector, *period)))
    if not top_enterprises.empty:
        figures.append((_("Enterprises met most often"), charts.top_enterprises_figure(top_enterprises)))
    if not by_area.empty:
        figures.append((_("Pledges made in the period, by area and status"),
                        charts.pledge_status_figure(by_area)))
    result: dict = {}

    def draw() -> None:
        result["images"], result["problem"] = charts.try_render_pngs([figure for _, figure in figures])

    # In the caller's context: the thread's words (a note when no chart can be drawn) in its language.
    thread = threading.Thread(target=contextvars.copy_context().run, args=(draw,), name="report-charts",
                              daemon=True)
    thread.start()
    return thread, [caption for caption, _ in figures], result


def _chart_blocks(thread: threading.Thread, captions: list[str], result: dict) -> list:
    thread.join()
    if not captions:
        return []
    blocks: list = [Heading(_("Charts"))]
    if result.get("problem"):
        blocks.append(Paragraph(result["problem"], "note"))
    images = result.get("images", [])
    blocks.extend(Image(png, caption) for caption, png in zip(captions, images, strict=False))
    return blocks


def render(document: Document, fmt: str) -> bytes:
    """The document as bytes in a registered period-report format (see ``formats``)."""
    return render_bytes(DocumentKind.PERIOD_REPORT, fmt, document)


def write_period_report(session: Session, filters: Filters, fmt: str, out: Path | str, *,
                        with_charts: bool = True, generated_by: str | None = None) -> Path:
    """Build the report and write it to ``out`` in ``fmt``. A printed report that shortens a list
    is written with its Excel annex beside it (``<name>-annex.xlsx``, every row of every table)."""
    file_format = format_for(DocumentKind.PERIOD_REPORT, fmt)
    path = Path(out)
    annex = path.with_name(f"{path.stem}-annex{XLSX.suffix}")
    document = build_period_report(session, filters, with_charts=with_charts and file_format.draws_charts,
                                   generated_by=generated_by, annex=annex.name)
    file_format.render(DocumentKind.PERIOD_REPORT, document, path)
    if file_format is not XLSX and any(block.left_out for block in document.blocks
                                       if isinstance(block, Table)):
        XLSX.render(DocumentKind.PERIOD_REPORT, document, annex)
    return path
