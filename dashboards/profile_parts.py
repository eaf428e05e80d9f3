"""What the enterprise and official profiles share: picking the entity (from ?id=N or a list),
and the history sections (timeline, people, agreements, pledges and updates, topics)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboards.database import cached_query
from dashboards.directory_widgets import date_text, headings, readable, with_links
from dashboards.record_links import record_table
from dashboards.safe import escape_markdown
from tracker.definitions import HELP, silent_label
from tracker.labels import EMPTY, count
from tracker.queries import profiles
from tracker.queries.filters import Filters


def pick_entity(
    noun: str,
    load_choices: Callable,
    id_column: str,
    name_column: str,
    search: Callable[[str], object] | None = None,
) -> int | None:
    """The id in the URL (?id=N), or one picked from the most-met list or a name search (then
    written to the URL, so the profile can be shared as a link)."""
    raw = st.query_params.get("id")
    current = int(raw) if raw and str(raw).isdigit() else None
    text = (
        st.text_input(
            f"Find an {noun.lower()} by name" if noun[0] in "AEIOU" else f"Find a {noun.lower()} by name",
            key=f"find_{noun}",
            placeholder="Part of a name, in any script or alias",
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
            st.info(f"No {noun.lower()} matches “{escape_markdown(text)}”. "
                    "Try part of the name, or its Chinese name.")
        else:
            st.info(
                f"No {noun.lower()}s with meetings yet. Log a meeting, or load the demo data with "
                "`tracker seed --demo`."
            )
        return None
    article = "an" if noun[0] in "AEIOU" else "a"
    picked = st.selectbox(
        noun,
        options,
        index=options.index(current) if current in options else None,
        format_func=lambda i: names.get(i, f"#{i}"),
        placeholder=f"Choose {article} {noun.lower()}",
        key=f"pick_{noun}_{bool(text)}",
    )
    if picked is None:
        st.caption(
            f"{len(names)} shown, most met first; or open a profile from the Overview or Relationships."
        )
        return None
    if str(picked) != str(raw):
        st.query_params["id"] = str(picked)
    return int(picked)


def show_card(card, missing: str, caption: Callable[[object], str | None]):
    """A profile's head from its one-row ``card``: name (and local-script name), ``caption(row)``
    under it, and the meeting figures. Stops the page with ``missing`` when the card is empty.
    Returns the card's row."""
    if card.empty:
        st.warning(escape_markdown(missing))
        st.stop()
    row = card.iloc[0]
    st.header(escape_markdown(row["name"] + (f" · {row['local_name']}" if row["local_name"] else "")))
    text = caption(row)
    if text:
        st.caption(escape_markdown(text))
    columns = st.columns(3)
    columns[0].metric("Meetings held", f"{int(row['meetings']):,}", border=True, help=HELP["meetings_held"])
    columns[1].metric("First met", str(row["first_met"] or "–")[:10], border=True)
    columns[2].metric("Last met", str(row["last_met"] or "–")[:10], border=True)
    return row


def show_history(filters: Filters, kind: str, entity_id: int, *, name: str, charts) -> None:
    timeline = cached_query(profiles.timeline, filters, kind, entity_id)
    figure = charts.profile_timeline(
        timeline,
        f"When have we met {name}?" if kind == "organisation" else f"When has {name} met enterprises?",
    )
    if figure is None:
        st.info("No meetings recorded yet.")
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
                "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
                "title": "Meeting",
                "kind": "Kind",
                "status": "Status",
                "place": "Place",
                "organisations": "Organisations present",
            },
        )

    st.subheader("Who was in the room (titles as held at the time)?")
    people = cached_query(profiles.people_met, filters, kind, entity_id)
    if people.empty:
        st.caption("No participants recorded.")
    else:
        st.dataframe(
            readable(people.drop(columns=["person_id"]), blanks=False),
            hide_index=True,
            width="stretch",
            key="prof_people",
            placeholder=EMPTY,
            column_config={
                "name": "Person",
                "title": "Title then",
                "organisation": "Organisation",
                "side": "Side",
                "meetings": "Meetings",
                "first_met": st.column_config.DateColumn("First", format="YYYY-MM-DD"),
                "last_met": st.column_config.DateColumn("Last", format="YYYY-MM-DD"),
            },
        )

    st.subheader("What did we agree, and is it delivered?")
    agreements = cached_query(profiles.agreements, filters, kind, entity_id)
    if agreements.empty:
        st.caption("No agreements recorded.")
    else:
        st.dataframe(
            readable(agreements.drop(columns=["agreement_id"]), blanks=False),
            hide_index=True,
            width="stretch",
            key="prof_agreements",
            placeholder=EMPTY,
            column_config={
                "signed_on": st.column_config.DateColumn("Signed", format="YYYY-MM-DD"),
                "title": "Agreement",
                "kind": "Kind",
                "status": "Status",
                "parties": "Parties",
            },
        )
    pledges = cached_query(profiles.pledges, filters, kind, entity_id)
    if pledges.empty:
        st.caption("No pledges recorded.")
    else:
        delivered = int((pledges["status"] == "delivered").sum())
        late, quiet = int(pledges["overdue"].sum()), int(pledges["silent"].sum())
        summary = f"{count(len(pledges), 'pledge')}: {delivered} delivered, {late} overdue, {quiet} silent"
        st.markdown(f"**{summary}**", help=" ".join(HELP[key] for key in ("delivered", "overdue", "silent")))
        st.dataframe(
            readable(pledges.drop(columns=["pledge_id"]), blanks=False).assign(
                last_update_on=date_text(pledges["last_update_on"])),
            hide_index=True,
            width="stretch",
            key="prof_pledges",
            placeholder=EMPTY,
            column_config={
                "organisation": "Pledged by",
                "area": "Cooperation area",
                "text": "Pledge",
                "made_on": st.column_config.DateColumn("Made", format="YYYY-MM-DD"),
                "target_date": st.column_config.DateColumn("Due", format="YYYY-MM-DD"),
                "status": "Status",
                "updates": "Updates",
                "last_update_on": "Last update",
                "latest_note": "Latest update",
                "overdue": st.column_config.CheckboxColumn("Overdue", help=HELP["overdue"]),
                "silent": st.column_config.CheckboxColumn(silent_label(), help=HELP["silent"]),
            },
        )
        updates = cached_query(profiles.pledge_updates, filters, kind, entity_id)
        if not updates.empty:
            with st.expander(f"All {len(updates)} progress updates"):
                st.dataframe(
                    readable(updates.drop(columns=["pledge_id"], errors="ignore"), blanks=False),
                    hide_index=True, width="stretch", key="prof_updates", placeholder=EMPTY,
                    column_config=headings(updates, on=st.column_config.DateColumn(
                        "Date", format="YYYY-MM-DD"), area="Cooperation area"),
                )

    topics = cached_query(profiles.topics_over_time, filters, kind, entity_id)
    figure = charts.topics_over_time(
        topics,
        f"What have we discussed with {name}, year by year?"
        if kind == "organisation"
        else f"What has {name} discussed, year by year?",
    )
    if figure is not None:
        st.plotly_chart(figure, key="prof_topics")
