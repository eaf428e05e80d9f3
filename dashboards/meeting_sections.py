"""Widgets of the meeting form, one function per section, shared by the log and edit pages.

Each widget is keyed in ``MeetingFormState`` and keeps its value for the whole session; each shows
the service's error for its field right under it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import cached_query, run_query
from dashboards.language import choose_placeholder, in_page_language
from dashboards.meeting_form import NEW_EVENT, MeetingFormState, split_list
from dashboards.safe import escape_markdown
from tracker import labels
from tracker.auth.actor import Actor
from tracker.errors import DomainError, ValidationError
from tracker.i18n import N_, _, display_name, format_list, pgettext
from tracker.models import (
    AgreementKind,
    AgreementStatus,
    Confidentiality,
    EventCreate,
    MeetingKind,
    MeetingStatus,
    NewPersonIn,
    OrganisationCreate,
    OrganisationKind,
    ParticipantRole,
    Side,
)
from tracker.queries.meeting_form import search_organisations, search_people
from tracker.taxonomy import picker_label

KEEP = {"persist_state": "session"}


label = labels.label  # "signing_ceremony" → "Signing ceremony", "mou" → "MoU"

# The fields an error can name without a widget of its own next to it (a row's or a new record's),
# by the words of the widget that holds them.
FIELD_WORDS = {
    "person_id": N_("Person"), "person": N_("Person"), "organisation_id": N_("Organisation"),
    "organisation": N_("Organisation"), "area_id": N_("Cooperation area"), "text": N_("What they pledged"),
    "target_date": N_("Target date"), "agreement_index": N_("Under agreement"), "currency": N_("Currency"),
    "value": N_("Value"), "start_date": N_("Starts"), "end_date": N_("Ends"), "parties": N_("Parties"),
    "name": N_("Name"), "local_name": N_("Name in Chinese (or local script)"), "title": N_("Title"),
    "role": N_("Role"), "side": N_("Side"), "place": N_("Place"), "description": N_("Description"),
    "kind": N_("Kind"), "sector": N_("Sector"), "region": N_("Region / province"), "website": N_("Website"),
    "aliases": N_("Other names"), "positions": N_("Title"), "date": N_("Date"), "row": N_("Row"),
}


def field_label(path: str) -> str:
    """The field an error path names, in words: 'positions.0.end_date' → 'Ends'."""
    parts = [part for part in path.split(".") if part and not part.isdigit()]
    field = parts[-1] if parts else "row"
    return _(FIELD_WORDS[field]) if field in FIELD_WORDS else label(field)


def field_error_text(path: str, message: str) -> str:
    """An error with the field it is about: "Currency: use a three-letter currency code"."""
    return _("{field}: {message}").format(field=field_label(path), message=escape_markdown(message))


def show_error(form: MeetingFormState, path: str) -> None:
    message = form.error_for(path)
    if message:
        st.error(escape_markdown(message), icon=":material/error:")


def show_row_errors(form: MeetingFormState, prefix: str, known: tuple[str, ...]) -> None:
    for path, message in form.row_errors(prefix, known).items():
        field = path.removeprefix(prefix).strip(".") or "row"
        st.error(field_error_text(field, message),
                 icon=":material/error:")


SMALL_DIRECTORY = 300  # up to this many organisations, pickers list them all


def org_pool(form: MeetingFormState, orgs: pd.DataFrame, *current, search_key: str | None = None) -> list:
    """Organisations a picker offers: all of them in a small directory; otherwise the meeting's own,
    the current choice and what the picker's search box found (the browser never gets 10,000)."""
    if len(orgs) <= SMALL_DIRECTORY:
        return [int(i) for i in orgs["id"]]
    found: list[int] = []
    if search_key and (form.get(search_key) or "").strip():
        found = run_query(search_organisations, form.get(search_key), clearance=require_actor().clearance)
    found += [stand_in for stand_in, _data in form.held_organisations()]
    flat = [c for item in current for c in (item if isinstance(item, list) else [item])]
    return list(dict.fromkeys(i for i in [*_meeting_org_ids(form), *flat, *found] if i is not None))


def org_search_box(form: MeetingFormState, orgs: pd.DataFrame, key: str) -> None:
    if len(orgs) > SMALL_DIRECTORY:
        st.text_input(_("Find an organisation"), key=form.key(key), placeholder=_("Any name or alias"),
                      **KEEP)


def org_labels(orgs: pd.DataFrame) -> dict[int | None, str]:
    labels: dict[int | None, str] = {None: "—"}
    for row in orgs.itertuples():
        labels[int(row.id)] = display_name(row.name, row.local_name)
    return labels


# -- when, where, what ------------------------------------------------------------------------
def render_basics(form: MeetingFormState, events_frame: pd.DataFrame, actor: Actor) -> None:
    left, middle, right = st.columns(3)
    with left:
        st.date_input(
            _("Date"), key=form.key("date"), on_change=in_page_language(form.refresh_titles),
            format="YYYY-MM-DD", **KEEP,
        )
        show_error(form, "date")
    with middle:
        st.time_input(_("Time (optional)"), value=None, key=form.key("time"), step=900, **KEEP)
    with right:
        st.selectbox(
            _("Status"), [s.value for s in MeetingStatus], key=form.key("status"), format_func=label, **KEEP,
            placeholder=choose_placeholder(False)
        )
    st.text_input(_("Title"), key=form.key("title"), placeholder=_("Who met whom, about what"), **KEEP)
    show_error(form, "title")
    left, middle, right = st.columns(3)
    with left:
        st.selectbox(_("Kind"), [k.value for k in MeetingKind], key=form.key("kind"), format_func=label,
                     **KEEP, placeholder=choose_placeholder(False))
    with middle:
        st.text_input(_("Place"), key=form.key("place"), **KEEP)
        show_error(form, "place")
    with right:
        names = {None: "—", **{int(r.id): r.name for r in events_frame.itertuples()}}
        if form.get("new_event"):
            names[NEW_EVENT] = _("{name} (new)").format(name=form.get("new_event")["name"])
        st.selectbox(_("Event"), list(names), key=form.key("event"), format_func=names.get, **KEEP,
                     placeholder=choose_placeholder(False))
        show_error(form, "event_id")
        show_row_errors(form, "new_event", ())
        if actor.can_write:
            _new_event_panel(form, actor)


@in_page_language
def _create_event(form: MeetingFormState, actor: Actor) -> None:
    """Hold the new event in the draft: it is created with the meeting, on Save."""
    data = {
        "name": form.get("newevent", "name"),
        "place": form.get("newevent", "place"),
        "start_date": form.get("newevent", "start"),
        "end_date": form.get("newevent", "end"),
        "description": form.get("newevent", "description"),
    }
    try:
        EventCreate.model_validate(data)
    except ValueError as exc:  # pydantic
        form.set(ValidationError.from_pydantic(exc).errors, "newevent", "errors")
        return
    form.hold_event(data)
    form.set({}, "newevent", "errors")
    for field in ("name", "place", "description"):
        form.set("", "newevent", field)
    form.set(None, "newevent", "start")
    form.set(None, "newevent", "end")


def _new_event_panel(form: MeetingFormState, actor: Actor) -> None:
    with st.expander(_("New event")):
        errors = form.get("newevent", "errors") or {}
        st.text_input(_("Event name"), key=form.key("newevent", "name"), **KEEP)
        st.text_input(_("Event place"), key=form.key("newevent", "place"), **KEEP)
        st.date_input(_("Starts"), value=None, key=form.key("newevent", "start"), format="YYYY-MM-DD", **KEEP)
        st.date_input(_("Ends"), value=None, key=form.key("newevent", "end"), format="YYYY-MM-DD", **KEEP)
        st.text_input(_("Description"), key=form.key("newevent", "description"), **KEEP)
        for field, message in errors.items():
            st.error(field_error_text(field, message))
        st.button(
            _("Create event"), key=form.key("newevent", "create"), on_click=_create_event, args=(form, actor)
        )


# -- participants -----------------------------------------------------------------------------
@in_page_language
def _add_found(form: MeetingFormState, row: dict) -> None:
    form.add_participant(
        person_id=row["id"],
        name=display_name(row["name"], row.get("local_name")),  # 于伟国 (Yu Weiguo) in Chinese
        organisation_id=row["organisation_id"],
        organisation_kind=row.get("kind"),
        title=row["title"],
    )
    form.set("", "person_q")


@in_page_language
def _create_person(form: MeetingFormState, actor: Actor, kinds: dict[int, str]) -> None:
    """Add the new person to the participants: they are created with the meeting, on Save."""
    name = form.get("newperson", "name")
    org_id, title = form.get("newperson", "org"), form.get("newperson", "title")
    positions = [{"organisation_id": org_id, "title": title}] if org_id and title else []
    errors: dict[str, str] = {}
    if title and not org_id:
        errors["organisation"] = _("choose the organisation this title is held at")
    try:
        if errors:
            raise ValidationError(errors)
        new_person = NewPersonIn(
            name=name or "",
            local_name=form.get("newperson", "local"),
            aliases=split_list(form.get("newperson", "aliases")),
            positions=positions,
        )
    except DomainError as exc:
        form.set(getattr(exc, "errors", None) or {"name": exc.message}, "newperson", "errors")
        return
    except ValueError as exc:  # pydantic, raised while building the input model
        form.set(ValidationError.from_pydantic(exc).errors, "newperson", "errors")
        return
    form.add_participant(
        person_id=None,
        name=new_person.name,
        organisation_id=org_id,
        organisation_kind=kinds.get(org_id),
        title=title,
        new_person=new_person.model_dump(mode="json"),
    )
    form.set({}, "newperson", "errors")
    for field in ("name", "local", "aliases", "title"):
        form.set("", "newperson", field)
    form.set(None, "newperson", "org")


def render_participants(form: MeetingFormState, orgs: pd.DataFrame, actor: Actor) -> None:
    st.subheader(_("Participants"))
    labels = org_labels(orgs)
    kinds = {int(r.id): r.kind for r in orgs.itertuples()}
    st.text_input(
        _("Find a person"),
        key=form.key("person_q"),
        **KEEP,
        placeholder=_("Any name, alias, Chinese characters or pinyin"),
    )
    query = form.get("person_q") or ""
    if query.strip():
        found = run_query(search_people, query, clearance=require_actor().clearance, on=form.get("date"))
        chosen = {r.get("person_id") for r in form.rows("participants")}
        shown = [r for r in found.to_dict("records") if r["id"] not in chosen]
        if not shown:
            st.caption(_("Nobody found: create them below under “New person”."))
        for row in shown:
            row["kind"] = kinds.get(row["organisation_id"])
            text = " · ".join(
                x for x in (row["name"], row["local_name"], row["title"], row["organisation"]) if x
            )
            st.button(f"＋ {escape_markdown(text)}", key=form.key("add", row["id"]), on_click=_add_found,
                      args=(form, row))
    show_error(form, "participants")
    for index, row in enumerate(list(form.rows("participants"))):
        rid, path = row["rid"], f"participants.{index}"
        cols = st.columns([3, 3, 4, 2, 2, 1], vertical_alignment="bottom")
        cols[0].markdown(f"**{escape_markdown(row['name'])}**"
                         + ("" if row.get("person_id") else " *" + _("(new)") + "*"))
        cols[1].selectbox(
            _("Organisation"),
            [None, *org_pool(form, orgs, form.get("p", rid, "org"))],
            key=form.key("p", rid, "org"),
            format_func=labels.get,
            **KEEP, placeholder=choose_placeholder(False),
        )
        cols[2].text_input(_("Title that day"), key=form.key("p", rid, "title"), **KEEP)
        cols[3].selectbox(
            _("Role"),
            [r.value for r in ParticipantRole],
            key=form.key("p", rid, "role"),
            format_func=label,
            **KEEP, placeholder=choose_placeholder(False),
        )
        cols[4].selectbox(
            _("Side"), [s.value for s in Side], key=form.key("p", rid, "side"), format_func=label, **KEEP,
            placeholder=choose_placeholder(False)
        )
        cols[5].button(
            ":material/close:",
            key=form.key("p", rid, "remove"),
            help=_("Remove"),
            on_click=form.remove_row,
            args=("participants", rid),
        )
        show_row_errors(form, path, ())
    if actor.can_write:
        with st.expander(_("New person")):
            errors = form.get("newperson", "errors") or {}
            left, right = st.columns(2)
            left.text_input(_("Name"), key=form.key("newperson", "name"), **KEEP)
            right.text_input(_("Name in Chinese (or local script)"), key=form.key("newperson", "local"),
                             **KEEP)
            with left:
                org_search_box(form, orgs, "newperson.org_q")
            left.selectbox(
                _("Organisation"),
                [None, *org_pool(form, orgs, form.get("newperson", "org"), search_key="newperson.org_q")],
                key=form.key("newperson", "org"),
                format_func=labels.get,
                **KEEP, placeholder=choose_placeholder(False),
            )
            right.text_input(pgettext("a person's position", "Title"), key=form.key("newperson", "title"),
                             **KEEP)
            st.text_input(_("Other names (separated by ;)"), key=form.key("newperson", "aliases"), **KEEP)
            for field, message in errors.items():
                st.error(field_error_text(field, message))
            st.button(
                _("Create and add"),
                key=form.key("newperson", "create"),
                on_click=_create_person,
                args=(form, actor, kinds),
            )


# -- organisations and topics -----------------------------------------------------------------
@in_page_language
def _create_org(form: MeetingFormState, actor: Actor) -> None:
    """Hold the new organisation in the draft: it is created with the meeting, on Save."""
    try:
        data = OrganisationCreate(
            name=form.get("neworg", "name") or "",
            local_name=form.get("neworg", "local"),
            kind=form.get("neworg", "kind") or OrganisationKind.OTHER.value,
            sector=form.get("neworg", "sector"),
            region=form.get("neworg", "region"),
            website=form.get("neworg", "website"),
            aliases=split_list(form.get("neworg", "aliases")),
        )
    except ValueError as exc:
        form.set(ValidationError.from_pydantic(exc).errors, "neworg", "errors")
        return
    stand_in = form.hold_organisation(data.model_dump(mode="json"))
    form.set({}, "neworg", "errors")
    for field in ("name", "local", "sector", "region", "website", "aliases"):
        form.set("", "neworg", field)
    form.set(stand_in, "newperson", "org")
    form.set(_("Added {name}: it is created when the meeting is saved.").format(name=data.name),
             "neworg", "flash")


def render_organisations(form: MeetingFormState, orgs: pd.DataFrame, actor: Actor) -> None:
    st.subheader(_("Organisations"))
    labels = org_labels(orgs)
    from_people = sorted(
        {
            labels.get(form.get("p", r["rid"], "org"))
            for r in form.rows("participants")
            if form.get("p", r["rid"], "org") is not None
        }
    )
    st.caption(_("From the participants: {names}").format(
        names=escape_markdown(format_list(from_people)) or _("none yet")))
    org_search_box(form, orgs, "org_q")
    st.multiselect(
        _("Other organisations present"),
        org_pool(form, orgs, form.get("orgs_extra") or [], search_key="org_q"),
        key=form.key("orgs_extra"),
        format_func=labels.get,
        **KEEP, placeholder=choose_placeholder(),
    )
    for path, message in form.errors.items():
        if path.startswith(("organisation_ids", "new_organisations")):
            st.error(escape_markdown(message))
    if actor.can_write:
        with st.expander(_("New organisation")):
            flash = form.get("neworg", "flash")
            if flash:
                st.success(escape_markdown(flash))
            errors = form.get("neworg", "errors") or {}
            left, right = st.columns(2)
            left.text_input(_("Organisation name"), key=form.key("neworg", "name"), **KEEP)
            right.text_input(_("Name in Chinese (or local script)"), key=form.key("neworg", "local"), **KEEP)
            form.default(OrganisationKind.PRIVATE_ENTERPRISE.value, "neworg", "kind")
            left.selectbox(
                _("Kind"),
                [k.value for k in OrganisationKind],
                key=form.key("neworg", "kind"),
                format_func=label,
                **KEEP, placeholder=choose_placeholder(False),
            )
            right.text_input(_("Sector"), key=form.key("neworg", "sector"), **KEEP)
            left.text_input(_("Region / province"), key=form.key("neworg", "region"), **KEEP)
            right.text_input(_("Website"), key=form.key("neworg", "website"), **KEEP)
            st.text_input(_("Other names (separated by ;)"), key=form.key("neworg", "aliases"), **KEEP)
            for field, message in errors.items():
                st.error(field_error_text(field, message))
            st.button(
                _("Create organisation"),
                key=form.key("neworg", "create"),
                on_click=_create_org,
                args=(form, actor),
            )


def render_topics(form: MeetingFormState, topics: list[str]) -> None:
    options = list(dict.fromkeys(topics + list(form.get("topics") or [])))
    st.multiselect(_("Topics"), options, key=form.key("topics"), **KEEP, placeholder=choose_placeholder())
    st.text_input(_("New topics (separated by ;)"), key=form.key("new_topics"), **KEEP)
    show_error(form, "topics")


# -- agreements and pledges -------------------------------------------------------------------
def _meeting_org_ids(form: MeetingFormState) -> list[int]:
    ids = [form.get("p", r["rid"], "org") for r in form.rows("participants")]
    return list(dict.fromkeys([i for i in ids + list(form.get("orgs_extra") or []) if i is not None]))


def render_agreements(form: MeetingFormState, orgs: pd.DataFrame) -> None:
    st.subheader(_("Agreements signed"))
    labels = org_labels(orgs)
    choices = org_pool(
        form, orgs, *[form.get("a", r["rid"], "parties") or [] for r in form.rows("agreements")]
    )
    signatories = {
        None: "—",
        **{r["person_id"]: r["name"] for r in form.rows("participants") if r.get("person_id")},
    }
    for index, row in enumerate(list(form.rows("agreements"))):
        rid, path = row["rid"], f"agreements.{index}"
        with st.container(border=True):
            cols = st.columns([6, 3, 2, 1], vertical_alignment="bottom")
            cols[0].text_input(_("Agreement title"), key=form.key("a", rid, "title"), **KEEP)
            cols[1].selectbox(
                _("Kind"),
                [k.value for k in AgreementKind],
                key=form.key("a", rid, "kind"),
                format_func=label,
                **KEEP, placeholder=choose_placeholder(False),
            )
            cols[2].selectbox(
                _("Status"),
                [k.value for k in AgreementStatus],
                key=form.key("a", rid, "status"),
                format_func=label,
                **KEEP, placeholder=choose_placeholder(False),
            )
            cols[3].button(
                ":material/close:",
                key=form.key("a", rid, "remove"),
                help=_("Remove"),
                on_click=form.remove_row,
                args=("agreements", rid),
            )
            show_error(form, f"{path}.title")
            st.multiselect(
                _("Parties"), choices, key=form.key("a", rid, "parties"), format_func=labels.get, **KEEP,
                placeholder=choose_placeholder()
            )
            show_error(form, f"{path}.parties")
            for org_id in form.get("a", rid, "parties") or []:
                st.selectbox(
                    _("Signatory for {organisation}").format(organisation=labels.get(org_id)),
                    list(signatories),
                    key=form.key("a", rid, "sig", org_id),
                    format_func=signatories.get,
                    **KEEP, placeholder=choose_placeholder(False),
                )
            cols = st.columns(4)
            cols[0].number_input(
                _("Value"), value=None, min_value=0.0, step=1.0, key=form.key("a", rid, "value"), **KEEP
            )
            cols[1].text_input(_("Currency"), key=form.key("a", rid, "currency"), placeholder="CNY", **KEEP)
            cols[2].date_input(
                _("Term starts"), value=None, key=form.key("a", rid, "start"), format="YYYY-MM-DD", **KEEP
            )
            cols[3].date_input(
                _("Term ends"), value=None, key=form.key("a", rid, "end"), format="YYYY-MM-DD", **KEEP
            )
            for field in ("value", "currency", "start_date", "end_date"):
                show_error(form, f"{path}.{field}")
            show_row_errors(form, path, ("title", "parties", "value", "currency", "start_date", "end_date"))
    st.button(
        _("Add agreement"), key=form.key("add_agreement"), on_click=form.add_agreement, icon=":material/add:"
    )


def render_pledges(form: MeetingFormState, orgs: pd.DataFrame, areas: pd.DataFrame) -> None:
    st.subheader(_("Pledges made"))
    labels = org_labels(orgs)
    choices = [None, *org_pool(form, orgs, *[form.get("g", r["rid"], "org") for r in form.rows("pledges")])]
    # Synonyms are part of the label: the picker's search finds "cloud" under Digital infrastructure.
    area_labels = {None: "—", **{int(r.id): picker_label(r.label, r.name) for r in areas.itertuples()}}
    agreements = {
        None: "—",
        **{
            i: form.get("a", r["rid"], "title") or _("Agreement {number}").format(number=i + 1)
            for i, r in enumerate(form.rows("agreements"))
        },
    }
    for index, row in enumerate(list(form.rows("pledges"))):
        rid, path = row["rid"], f"pledges.{index}"
        if form.get("g", rid, "agreement") not in agreements:
            form.set(None, "g", rid, "agreement")
        cols = st.columns([3, 3, 6, 2, 2, 1], vertical_alignment="bottom")
        cols[0].selectbox(
            _("Organisation"), choices, key=form.key("g", rid, "org"), format_func=labels.get, **KEEP,
            placeholder=choose_placeholder(False)
        )
        cols[1].selectbox(
            _("Cooperation area"),
            list(area_labels),
            key=form.key("g", rid, "area"),
            format_func=area_labels.get,
            **KEEP, placeholder=choose_placeholder(False),
        )
        cols[2].text_input(_("What they pledged"), key=form.key("g", rid, "text"), **KEEP)
        cols[3].date_input(
            _("Target date"), value=None, key=form.key("g", rid, "target"), format="YYYY-MM-DD", **KEEP
        )
        cols[4].selectbox(
            _("Under agreement"),
            list(agreements),
            key=form.key("g", rid, "agreement"),
            format_func=agreements.get,
            **KEEP, placeholder=choose_placeholder(False),
        )
        cols[5].button(
            ":material/close:",
            key=form.key("g", rid, "remove"),
            help=_("Remove"),
            on_click=form.remove_row,
            args=("pledges", rid),
        )
        show_row_errors(form, path, ())
    st.button(_("Add pledge"), key=form.key("add_pledge"), on_click=form.add_pledge, icon=":material/add:")


# -- source and confidentiality ---------------------------------------------------------------
def render_source(form: MeetingFormState, actor: Actor) -> None:
    st.subheader(_("Source and summary"))
    levels = [c for c in Confidentiality if c <= actor.clearance]
    if form.get("confidentiality") not in [c.value for c in levels]:
        form.set(levels[-1].value, "confidentiality")
    st.selectbox(
        _("Confidentiality"),
        [c.value for c in levels],
        key=form.key("confidentiality"),
        format_func=lambda v: label(Confidentiality(v).label),  # 内部 in Chinese
        **KEEP, placeholder=choose_placeholder(False),
    )
    show_error(form, "confidentiality")
    st.text_input(_("Source link"), key=form.key("source_url"), placeholder="https://…", **KEEP)
    show_error(form, "source_url")
    st.text_area(_("Source (article, minutes…)"), key=form.key("source"), height=68, **KEEP)
    show_error(form, "source")
    st.text_area(_("Summary"), key=form.key("summary"), height=120, **KEEP)
    show_error(form, "summary")


def with_held_organisations(form: MeetingFormState, orgs: pd.DataFrame) -> pd.DataFrame:
    """The directory plus the organisations this form holds until Save (under stand-in ids)."""
    held = [{"id": stand_in, "name": _("{name} (new)").format(name=data["name"]),
             "local_name": data.get("local_name"), "kind": data.get("kind")}
            for stand_in, data in form.held_organisations()]
    return pd.concat([orgs, pd.DataFrame(held)], ignore_index=True) if held else orgs


def choices(form: MeetingFormState) -> tuple[pd.DataFrame, pd.DataFrame, list[str], pd.DataFrame]:
    """Organisations (with those held by ``form``), events, topics and cooperation areas for the
    pickers (cached per data version)."""
    from tracker.queries.meeting_form import area_choices, event_choices, organisation_choices, topic_choices

    clearance = require_actor().clearance
    return (
        with_held_organisations(form, cached_query(organisation_choices, clearance=clearance)),
        cached_query(event_choices, clearance=clearance, on=form.get("date")),
        cached_query(topic_choices, clearance=clearance),
        cached_query(area_choices),
    )
