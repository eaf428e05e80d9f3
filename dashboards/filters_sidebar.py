"""The global filters in the sidebar, shared by every dashboard page, mirrored in the URL.

Opening a link applies its query parameters to the widgets; changing a widget rewrites the
parameters, so the address bar always holds a link to the current view. The conversion itself
is ``tracker.queries.filters`` (pure, tested without Streamlit).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import cached_query
from dashboards.language import choose_placeholder
from tracker.i18n import N_, _
from tracker.matching import sort_key
from tracker.models import OrganisationKind
from tracker.palette import label
from tracker.queries.filters import (
    FILTER_PARAM_NAMES,
    PERIODS,
    Filters,
    filters_from_params,
    filters_to_params,
)
from tracker.queries.options import filter_options
from tracker.taxonomy import area_label, region_label, sector_label

SYNCED_KEY = "_filters_synced_params"
WIDGETS = {  # Filters field → widget key
    "organisation_kinds": "flt_kinds",
    "sectors": "flt_sectors",
    "regions": "flt_regions",
    "area_ids": "flt_areas",
    "person_ids": "flt_officials",
    "event_ids": "flt_events",
}


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in FILTER_PARAM_NAMES if st.query_params.get_all(key)}


def _apply_to_widgets(filters: Filters) -> None:
    st.session_state["flt_period"] = filters.period
    st.session_state["flt_dates"] = (
        filters.start or dt.date.today() - dt.timedelta(days=364),
        filters.end or dt.date.today(),
    )
    for name, key in WIDGETS.items():
        st.session_state[key] = list(getattr(filters, name))


def _write_url(filters: Filters) -> None:
    wanted = filters_to_params(filters)
    for key in FILTER_PARAM_NAMES:
        if key not in wanted and key in st.query_params:
            del st.query_params[key]
    for key, values in wanted.items():
        if st.query_params.get_all(key) != values:
            st.query_params[key] = values if len(values) > 1 else values[0]
    st.session_state[SYNCED_KEY] = wanted


def sidebar_filters() -> Filters:
    """Draw the filters and return the Filters value (with the signed-in user's clearance)."""
    actor = require_actor()
    params = _url_params()
    if params != st.session_state.get(SYNCED_KEY) or "flt_period" not in st.session_state:
        _apply_to_widgets(filters_from_params(params, clearance=actor.clearance))
    options = cached_query(filter_options, Filters(clearance=actor.clearance))

    # Sectors, areas and regions by their names in the reader's language; every list in the order of the
    # names it shows (pinyin in Chinese), events newest first as the query gives them.
    shown = {"sectors": sector_label, "areas": area_label, "regions": region_label}

    def choices(name):
        table = options[name]
        stored = dict(zip(table["value"], table["label"], strict=True))
        labels = {value: shown.get(name, lambda text: text)(text) for value, text in stored.items()}
        # Two sectors one Chinese name ("AI", "Artificial intelligence": 人工智能) stay two choices.
        twice = {text for text, times in Counter(labels.values()).items() if times > 1}
        labels = {value: f"{text} ({stored[value]})" if text in twice and text != stored[value] else text
                  for value, text in labels.items()}
        values = list(table["value"])
        if name != "events":
            values.sort(key=lambda value: sort_key(labels[value]))
        return values, labels

    with st.sidebar:
        st.header(_("Filters"))
        # Labels translated now, not when called: a test (or a callback) may call it later.
        periods = {period: _(words) for period, words in PERIODS.items()}
        period = st.selectbox(_("Period"), list(periods), format_func=periods.get, key="flt_period",
                              placeholder=choose_placeholder(False))
        start = end = None
        if period == "custom":
            picked = st.date_input(_("From – to"), key="flt_dates")
            if isinstance(picked, (tuple, list)) and len(picked) == 2:
                start, end = picked
            elif isinstance(picked, (tuple, list)) and len(picked) == 1:
                start = picked[0]
        kinds = [k.value for k in OrganisationKind]
        selected: dict[str, tuple] = {
            "organisation_kinds": tuple(
                _multiselect(_("Kinds of organisation"), kinds, {k: label(k) for k in kinds}, "flt_kinds")
            )
        }
        for name, field, title in (
            ("sectors", "sectors", N_("Sectors")),
            ("regions", "regions", N_("Regions")),
            ("areas", "area_ids", N_("Cooperation areas")),
            ("officials", "person_ids", N_("Officials")),
            ("events", "event_ids", N_("Events")),
        ):
            values, labels = choices(name)
            selected[field] = tuple(_multiselect(_(title), values, labels, WIDGETS[field]))
        st.caption(_("The address bar holds a link to this view: copy it to share exactly what you see."))

    raw = filters_to_params(
        Filters(
            period=period,
            start=start,
            end=end,
            clearance=actor.clearance,
            **{k: tuple(sorted(v)) for k, v in selected.items()},
        )
    )
    filters = filters_from_params(raw, clearance=actor.clearance)
    _write_url(filters)
    return filters


def _multiselect(title: str, values: list, labels: dict, key: str) -> list:
    current = [v for v in st.session_state.get(key, []) if v in labels]
    if current != st.session_state.get(key, []):
        st.session_state[key] = current
    return st.multiselect(title, values, format_func=lambda v: labels.get(v, str(v)), key=key,
                          placeholder=choose_placeholder())
