"""The one-page pre-meeting briefing on one organisation, in PDF or Word.

It has to fit on one printed page, so every list is capped and long texts are shortened; the
caps are chosen so a busy relationship still fits (a test checks the page count).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import Session

from tracker.definitions import HELP
from tracker.i18n import N_, _, display_name, format_short_date, pgettext
from tracker.labels import label
from tracker.queries import briefing_data as facts
from tracker.queries.filters import Filters
from tracker.reports.document import Document, Heading, KeyValues, Paragraph, Table
from tracker.reports.formats import DocumentKind, render, render_bytes
from tracker.taxonomy import area_label, region_label, sector_label

MAX_MEETINGS, MAX_AGREEMENTS, MAX_PLEDGES, MAX_TOPICS, MAX_POINTS = 4, 3, 5, 8, 4



def points_to_raise(session, filters, organisation_id: int, today: dt.date | None = None):
    """The points to raise (with their pledges), areas named as the briefing names them: what the
    enterprise profile shows above its "add as action"."""
    return facts.points_with_pledges(session, filters, organisation_id, today=today, name_area=area_label)

def shorten(text: str, limit: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _words(value: str) -> str:
    return label(value)


def build_briefing(session: Session, filters: Filters, organisation_id: int, *,
                   today: dt.date | None = None, generated_by: str | None = None) -> Document:
    """The briefing's content as a renderer-neutral, compact ``Document``."""
    from tracker.queries.report_data import highest_level_included

    today = today or dt.date.today()
    profile = facts.organisation_profile(session, filters, organisation_id)
    numbers = facts.relationship_numbers(session, filters, organisation_id, today=today)
    meetings = facts.last_meetings(session, filters, organisation_id, limit=MAX_MEETINGS)
    agreements = facts.organisation_agreements(session, filters, organisation_id)
    pledges = facts.open_pledges(session, filters, organisation_id, today=today)
    pledges = pledges.assign(area=pledges["area"].map(area_label))  # 智慧城市 in Chinese, in the points too
    topics = facts.topics_raised(session, filters, organisation_id, limit=MAX_TOPICS)
    points = facts.points_to_raise(pledges)
    level = highest_level_included(session, Filters(clearance=filters.clearance,
                                                    organisation_ids=(organisation_id,)))
    from tracker.reports.period import level_footer

    name = display_name(profile["name"], profile["local_name"])
    subtitle = (_("Prepared {date} by {user} for the next meeting.") if generated_by
                else _("Prepared {date} for the next meeting."))
    doc = Document(title=_("Briefing: {name}").format(name=name), compact=True,
                   subtitle=subtitle.format(date=format_short_date(today), user=generated_by),
                   footer=level_footer(level, filters.clearance))
    who = [(_("Kind"), _words(profile["kind"])), (_("Sector"), sector_label(profile["sector"])),
           (_("Region"), region_label(profile["region"]))]
    who += [(_(heading), profile[key]) for heading, key in ((N_("Part of"), "parent"),
                                                             (N_("Also known as"), "aliases"),
                                                             (N_("Website"), "website")) if profile[key]]
    doc.add(Heading(_("Who they are")), KeyValues([(k, v) for k, v in who if v]))
    doc.add(Heading(_("Our relationship in numbers")),
            Paragraph("   ·   ".join(_("{figure}: {value}").format(figure=r.figure, value=r.value)
                                     for r in numbers.itertuples())))

    doc.add(Heading(_("Last meetings")))
    if meetings.empty:
        doc.add(Paragraph(_("No meeting with them is on record.")))
    else:
        doc.add(Table(_("Last meetings"), [_("Date"), _("Meeting"), _("Our side"), _("Their side")],
                      [(m.date, shorten(m.title, 90), shorten(m.our_side, 150), shorten(m.their_side, 150))
                       for m in meetings.itertuples()], [1.3, 3.6, 4, 4]))
    if not agreements.empty:
        doc.add(Heading(_("Agreements")))
        shown = agreements.head(MAX_AGREEMENTS)
        note = (_("{total} in all; the latest {shown} are listed.").format(total=len(agreements),
                                                                          shown=len(shown))
                if len(agreements) > len(shown) else None)
        doc.add(Table(_("Agreements"),
                      [pgettext("date column", "Signed"), _("Agreement"), _("Kind"), _("Status")],
                      [(a.signed_on, shorten(a.title, 110), _words(a.kind), _words(a.status))
                       for a in shown.itertuples()], [1.3, 7, 2.6, 1.4], note))
    doc.add(Heading(_("Open pledges")))
    if pledges.empty:
        doc.add(Paragraph(_("No open pledge.")))
    else:
        shown = pledges.head(MAX_PLEDGES)
        note = (_("{total} open; the {shown} due first are listed.").format(total=len(pledges),
                                                                           shown=len(shown))
                if len(pledges) > len(shown) else None)
        doc.add(Table(_("Open pledges"), [_("Area"), _("Pledge"), _("Target"), _("Status"), _("Last update")],
                      [(p.area, shorten(p.text, 110), p.target_date, _words(p.status),
                        shorten(_("{date}: {text}").format(date=format_short_date(p.last_update_on),
                                                           text=p.last_update) if p.last_update_on
                                else _("none yet"), 70)) for p in shown.itertuples()],
                      [2, 5.5, 1.4, 1.4, 3], note))
    if not topics.empty:
        doc.add(Heading(_("Topics raised")),
                Paragraph(_("; ").join(f"{t.topic} ({t.meetings})" for t in topics.itertuples())))
    doc.add(Heading(_("Points to raise next time")),
            Paragraph(f"{HELP['overdue']} {HELP['silent']}", "small"))
    if points:
        more = (" " + _("(and {count} more)").format(count=len(points) - MAX_POINTS)
                if len(points) > MAX_POINTS else "")
        doc.add(Paragraph("\n".join(f"• {shorten(p, 190)}" for p in points[:MAX_POINTS]) + more))
    else:
        doc.add(Paragraph(_("No overdue, stalled or silent pledge: thank them for keeping us informed.")))
    return doc


def write_briefing(session: Session, filters: Filters, organisation_id: int, fmt: str, out: Path | str,
                   *, generated_by: str | None = None) -> Path:
    """Build the briefing and write it to ``out`` in a registered briefing format (PDF or Word)."""
    document = build_briefing(session, filters, organisation_id, generated_by=generated_by)
    path = Path(out)
    render(DocumentKind.BRIEFING, fmt, document, path)
    return path


def briefing_bytes(document: Document, fmt: str) -> bytes:
    return render_bytes(DocumentKind.BRIEFING, fmt, document)
