"""What the enterprise and official profiles share: picking the entity (from ?id=N or a list),
and the history sections (timeline, people, agreements, pledges and updates, topics)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboards.action_section import agreement_actions
from dashboards.database import cached_query
from dashboards.directory_widgets import date_text, headings, meeting_count, readable, with_links
from dashboards.meeting_dates import date_column
from dashboards.record_links import record_link_column, record_table
from dashboards.safe import escape_markdown
from tracker.definitions import HELP, silent_label
from tracker.i18n import N_, _, display_name, format_date, format_number, ngettext, pgettext
from tracker.labels import EMPTY, missing
from tracker.queries import profiles
from tracker.queries.filters import Filters

# What the picker says of each kind of profile: whole sentences, each language builds its own.
PICKER_WORDS = {
    "Enterprise": {
        "find": N_("Find an enterprise by name"),
        "none_match": N_("No enterprise matches “{text}”. Try part of the name, or its Chinese name."),
        "none_yet": N_("No enterprises with meetings yet. Log a meeting, or load the demo data with "
                       "`tracker seed --demo`."),
        "choose": N_("Choose an enterprise"),
    },
    "Official": {
        "label": N_("Official"),
        "find": N_("Find an official by name"),
        "none_match": N_("No official matches “{text}”. Try part of the name, or its Chinese name."),
        "none_yet": N_("No officials with meetings yet. Log a meeting, or load the demo data with "
                       "`tracker seed --demo`."),
        "choose": N_("Choose an official"),
    },
}


def pick_entity(
    noun: str,
    load_choices: Callable,
    id_column: str,
    name_column: str,
    search: Callable[[str], object] | None = None,
) -> int | None:
    """The id in the URL (?id=N), or one picked from the most-met list or a name search (then
    written to the URL, so the profile can be shared as a link). ``noun`` is a key of
    ``PICKER_WORDS`` (it also keys the widgets, so they keep their state across languages)."""
    words = {key: _(text) for key, text in PICKER_WORDS[noun].items()}
    # The picker's label is the column's word ("Enterprise" alone is also the side of a meeting).
    if noun == "Enterprise":
        words["label"] = pgettext("column of enterprises", "Enterprise")
    raw = st.query_params.get("id")
    current = int(raw) if raw and str(raw).isdigit() else None
    text = (
        st.text_input(
            words["find"],
            key=f"find_{noun}",
            placeholder=_("Part of a name, in any script or alias"),
        )
        if search
        else ""
    )
    choices = search(text.strip()) if text and text.strip() else load_choices()
    names = dict(zip(choices[id_column], choices[name_column], strict=True))
    options = list(names)
    if current is not None and current not in names:
        options.insert(0, current)
    if not options:
        if text:
            st.info(words["none_match"].format(text=escape_markdown(text)))
        else:
            st.info(words["none_yet"])
        return None
    picked = st.selectbox(
        words["label"],
        options,
        index=options.index(current) if current in options else None,
        format_func=lambda i: names.get(i, f"#{i}"),
        placeholder=words["choose"],
        key=f"pick_{noun}_{bool(text)}",
    )
    if picked is None:
        st.caption(
            _("{count} shown, most met first; or open a profile from the Overview or Relationships.").format(
                count=format_number(len(names)))
        )
        return None
    if str(picked) != str(raw):
        st.query_params["id"] = str(picked)
    return int(picked)


def show_card(card, missing: str, caption: Callable[[object], str | None]):
    """A profile's head from its one-row ``card``: its name in the reader's language first
    (``display_name``), ``caption(row)`` under it, and the meeting figures. Stops the page with
    ``missing`` when the card is empty. Returns the card's row."""
    if card.empty:
        st.warning(escape_markdown(missing))
        st.stop()
    row = card.iloc[0]
    st.header(escape_markdown(display_name(row["name"], row["local_name"])))
    text = caption(row)
    if text:
        st.caption(escape_markdown(text))
    columns = st.columns(3)
    columns[0].metric(_("Meetings held"), format_number(int(row["meetings"])), border=True,
                      help=HELP["meetings_held"])
    columns[1].metric(_("First met"), met_on(row["first_met"]), border=True)
    columns[2].metric(_("Last met"), met_on(row["last_met"]), border=True)
    return row


def met_on(day) -> str:
    """A card's first or last meeting as the reader's language writes a date; EMPTY when none."""
    if missing(day) or day == "":
        return EMPTY
    return format_date(pd.Timestamp(day).date())


def show_history(filters: Filters, kind: str, entity_id: int, *, name: str, charts) -> None:
    timeline = cached_query(profiles.timeline, filters, kind, entity_id)
    figure = charts.profile_timeline(
        timeline,
        (_("When have we met {name}?") if kind == "organisation" else
         _("When has {name} met enterprises?")).format(name=name),
    )
    if figure is None:
        st.info(_("No meetings recorded yet."))
    else:
        st.plotly_chart(figure, key="prof_timeline")
        record_table(
            readable(
                with_links(timeline, "meeting", id_column="meeting_id").drop(columns=["meeting_id"]),
                blanks=False,
            ),
            width="stretch",
            key="prof_meetings",
            column_config={
                "date": date_column(_("Date")),
                "title": _("Meeting"),
                "kind": _("Kind"),
                "status": _("Status"),
                "place": _("Place"),
                "organisations": _("Organisations present"),
            },
        )

    st.subheader(_("Who was in the room (titles as held at the time)?"))
    people = cached_query(profiles.people_met, filters, kind, entity_id)
    if people.empty:
        st.caption(_("No participants recorded."))
    else:
        st.dataframe(
            readable(people.drop(columns=["person_id"]), blanks=False),
            hide_index=True,
            width="stretch",
            key="prof_people",
            placeholder=EMPTY,
            column_config={
                "name": _("Person"),
                "title": _("Title then"),
                "organisation": _("Organisation"),
                "side": _("Side"),
                "meetings": meeting_count(),
                "first_met": date_column(_("First")),
                "last_met": date_column(_("Last")),
            },
        )

    st.subheader(_("What did we agree, and is it delivered?"))
    agreements = cached_query(profiles.agreements, filters, kind, entity_id)
    if agreements.empty:
        st.caption(_("No agreements recorded."))
    else:
        st.dataframe(
            readable(agreements.drop(columns=["agreement_id", "confidentiality"]), blanks=False),
            hide_index=True,
            width="stretch",
            key="prof_agreements",
            placeholder=EMPTY,
            column_config={
                "signed_on": date_column(_("Signed on")),
                "title": _("Agreement"),
                "kind": _("Kind"),
                "status": _("Status"),
                "parties": _("Parties"),
            },
        )
        agreement_actions(agreements, key=f"prof_agreement_actions_{kind}", id_column="agreement_id")
    pledges = cached_query(profiles.pledges, filters, kind, entity_id)
    if pledges.empty:
        st.caption(_("No pledges recorded."))
    else:
        delivered = int((pledges["status"] == "delivered").sum())
        late, quiet = int(pledges["overdue"].sum()), int(pledges["silent"].sum())
        summary = ngettext(
            "{count} pledge: {delivered} delivered, {overdue} overdue, {silent} silent",
            "{count} pledges: {delivered} delivered, {overdue} overdue, {silent} silent",
            len(pledges),
        ).format(count=format_number(len(pledges)), delivered=format_number(delivered),
                 overdue=format_number(late), silent=format_number(quiet))
        st.markdown(f"**{summary}**", help=" ".join(HELP[key] for key in ("delivered", "overdue", "silent")))
        st.dataframe(
            readable(pledges.drop(columns=["pledge_id"]), blanks=False).assign(
                last_update_on=date_text(pledges["last_update_on"]),
                open=[f"/pledges?id={int(i)}" for i in pledges["pledge_id"]]),
            hide_index=True,
            width="stretch",
            key="prof_pledges",
            placeholder=EMPTY,
            column_config={
                "organisation": _("Pledged by"),
                "area": _("Cooperation area"),
                "text": _("Pledge"),
                "made_on": date_column(_("Made")),
                "target_date": date_column(_("Due")),
                "status": _("Status"),
                "updates": _("Updates"),
                "last_update_on": _("Last update"),
                "latest_note": _("Latest update"),
                "overdue": st.column_config.CheckboxColumn(_("Overdue"), help=HELP["overdue"]),
                "silent": st.column_config.CheckboxColumn(silent_label(), help=HELP["silent"]),
                # The pledge's record: its progress and its follow-up actions.
                "open": record_link_column(),
            },
        )
        updates = cached_query(profiles.pledge_updates, filters, kind, entity_id)
        if not updates.empty:
            with st.expander(ngettext("{count} progress update", "All {count} progress updates",
                                      len(updates)).format(count=format_number(len(updates)))):
                st.dataframe(
                    readable(updates.drop(columns=["pledge_id"], errors="ignore"), blanks=False),
                    hide_index=True, width="stretch", key="prof_updates", placeholder=EMPTY,
                    column_config=headings(updates, on=date_column(_("Date")), area=_("Cooperation area"),
                        status=_("Status"), note=_("Note")),
                )

    topics = cached_query(profiles.topics_over_time, filters, kind, entity_id)
    figure = charts.topics_over_time(
        topics,
        (_("What have we discussed with {name}, year by year?") if kind == "organisation"
         else _("What has {name} discussed, year by year?")).format(name=name),
    )
    if figure is not None:
        st.plotly_chart(figure, key="prof_topics")
