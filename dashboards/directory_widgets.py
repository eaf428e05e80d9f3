"""Widgets the directory and pledge pages share: record links, an organisation picker, paging,
field-level error messages and a page-local way to run a service and report the outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboards.auth import require_actor, signed_in_actor
from dashboards.database import cached_query, run_write
from dashboards.downloads import as_shown
from dashboards.incidents import show_domain_error
from dashboards.language import choose_placeholder
from dashboards.record_links import ADDRESS, addresses, record_table
from dashboards.safe import escape_markdown
from tracker import labels
from tracker.errors import DomainError, ValidationError
from tracker.i18n import N_, _, format_number, format_short_date, format_short_time, pgettext
from tracker.queries.directory import organisation_choices, person_choices
from tracker.queries.frames import shown_names
from tracker.taxonomy import area_label, region_label, sector_label

PAGES_DIR = Path(__file__).parent / "views"


def page_file(name: str) -> str:
    """Absolute path of a page file, for ``st.page_link`` whatever the entry script's folder."""
    return str(PAGES_DIR / name)


def can_write() -> bool:
    actor = signed_in_actor()
    return bool(actor and actor.can_write)


def query_id(name: str = "id") -> int | None:
    """The integer id in the page's query string (``?id=N``), or None."""
    raw = st.query_params.get(name)
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


def with_links(frame: pd.DataFrame, url_path: str, *, id_column: str = "id",
               column: str = ADDRESS) -> pd.DataFrame:
    """Adds each row's record address (``/url_path?id=N``), which a click on the row opens."""
    frame = frame.copy()
    frame.insert(0, column, addresses(url_path, frame[id_column]))
    return frame


def link_column() -> None:
    """The address column's config: hidden (a click on the row opens it, in place)."""
    return None


def pager(total: int, page_size: int, key: str) -> int:
    """A page number input when there is more than one page; returns the row offset."""
    pages = max(1, -(-total // page_size))
    if pages == 1:
        return 0
    number = st.number_input(_("Page (of {pages})").format(pages=format_number(pages)), min_value=1,
                             max_value=pages, value=1, step=1,
                             key=f"{key}_{pages}")
    return (int(number) - 1) * page_size


def organisation_picker(label: str, *, key: str, current_id: int | None = None,
                        allow_none: bool = True, help: str | None = None) -> int | None:
    """Search-then-choose an organisation; scales to thousands (only matches are listed)."""
    return _search_picker(organisation_choices, _("No organisation matches this search."), label, key=key,
                          current_id=current_id, allow_none=allow_none, help=help)


def person_picker(label: str, *, key: str, current_id: int | None = None,
                  allow_none: bool = True, help: str | None = None) -> int | None:
    """Search-then-choose a person the signed-in user may know of (only matches are listed)."""
    return _search_picker(person_choices, _("No person matches this search."), label, key=key,
                          current_id=current_id, allow_none=allow_none, help=help)


def _search_picker(choices, no_match: str, label: str, *, key: str, current_id: int | None,
                   allow_none: bool, help: str | None) -> int | None:
    search = st.text_input(_("{label}: search").format(label=label), key=f"{key}_search",
                           placeholder=_("name, alias or 中文"))
    include = (current_id,) if current_id else ()
    options = cached_query(choices, clearance=require_actor().clearance, search=search, limit=30,
                           include_ids=include)
    ids: list[int | None] = ([None] if allow_none else []) + [int(i) for i in options["id"]]
    names = dict(zip(options["id"], options["name"], strict=True))
    index = ids.index(current_id) if current_id in ids else 0
    if not ids:
        st.caption(no_match)
        return None
    return st.selectbox(label, ids, index=index, key=f"{key}_choice", help=help,
                        format_func=lambda i: "—" if i is None else names.get(i, str(i)),
                        placeholder=choose_placeholder(False))


def field_error(errors: dict[str, str], *names: str) -> None:
    """Shows the error recorded for any of ``names`` right under the field."""
    for name in names:
        for field, message in errors.items():
            if field == name or field.endswith(f".{name}"):
                st.error(escape_markdown(message), icon=":material/error:")
                return


def run_service(action: Callable[..., Any], *, errors_key: str, success: str | None = None,
                **kwargs) -> Any:
    """Runs ``action(session=…, actor=…, **kwargs)``; domain errors are kept for ``field_error``.

    Returns the service's result (True for a service that returns nothing), or None when it
    refused (the message is shown).
    """
    st.session_state[errors_key] = {}
    try:
        result = run_write(action, actor=kwargs.pop("actor", None) or signed_in_actor(), **kwargs)
    except ValidationError as exc:
        st.session_state[errors_key] = exc.errors
        show_domain_error(exc)
        return None
    except DomainError as exc:
        show_domain_error(exc)
        return None
    if success:
        st.session_state[f"{errors_key}_flash"] = success
    return True if result is None else result


def flash(errors_key: str) -> None:
    """Shows (once) the success message a previous run left behind."""
    message = st.session_state.pop(f"{errors_key}_flash", None)
    if message:
        st.success(escape_markdown(message))


def lines(text: str) -> list[str]:
    """One entry per non-blank line (aliases are typed one per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


label = labels.label  # 'private_enterprise' → 'Private enterprise'

def with_shown_names(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with one ``name`` column in the reader's language first (腾讯 (Tencent) in
    Chinese, Tencent (腾讯) in English, ``display_name``) in place of ``name`` and ``local_name``."""
    return shown_names(frame)


def position_title() -> str:
    """'Title' as the title a person holds (职务), not a meeting's or an agreement's title (标题)."""
    return pgettext("position held", "Title")


def meeting_count() -> str:
    """'Meetings' heading a number of meetings (会见次数), not the list of them (会见记录)."""
    return pgettext("number of meetings", "Meetings")


def organisation_name_label() -> str:
    """An organisation's 'Name' (名称); a person's, the catalogue's plain "Name", is 姓名."""
    return pgettext("an organisation's", "Name")


# The headings ``labels.header`` gives the directory's and the profiles' columns, marked for the
# catalogue (they are translated where shown).
HEADINGS = (N_("Name"), N_("Local name"), N_("Kind"), N_("Sector"), N_("Region"), N_("Meetings"),
            N_("Title"), N_("Organisation"), N_("Person"), N_("Date"), N_("Status"), N_("Place"),
            N_("Role"), N_("Side"), N_("Signed on"), N_("Signatory"), N_("Signatory title"),
            N_("Area"), N_("Text"), N_("Made on"), N_("Target date"), N_("Last update on"), N_("On"),
            N_("Note"), N_("Start date"), N_("End date"), N_("Title then"), N_("Last meeting"))


def headings(frame: pd.DataFrame, **overrides: Any) -> dict[str, Any]:
    """Column labels for ``st.dataframe``: 'last_update_on' → 'Last update on', plus overrides."""
    names: dict[str, Any] = {column: labels.header(column) for column in frame.columns}
    names.update(overrides)
    return names


CODE_COLUMNS = ("kind", "status", "role", "side", "precision", "date_precision")  # codes, shown as words


def _missing(value: Any) -> bool:
    return labels.missing(value)


DATE_NAMES = ("date", "_on", "_at", "_met")  # how the queries name date columns


def _holds_dates(values: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(values) or str(values.name).endswith(DATE_NAMES):
        return True
    present = values[~values.map(_missing)]
    return not present.empty and present.map(lambda v: isinstance(v, (dt.date, pd.Timestamp))).all()


def date_text(values: pd.Series, *, time: bool = False) -> pd.Series:
    """Dates as text by the one date rule (``format_short_date``; with ``time``, hours and minutes
    after it), "—" where there is none: a date column Streamlit would show an empty date in as
    'None' (an optional date, such as a pledge's last update, often is empty)."""
    def text(value) -> str:
        if _missing(value):
            return labels.EMPTY
        if isinstance(value, str):  # already written out
            return value
        moment = pd.Timestamp(value).to_pydatetime()
        return format_short_time(moment) if time else format_short_date(moment.date())
    return values.map(text)


def _text_like(values: pd.Series) -> bool:
    """Text (object or pandas' string dtype) or nothing at all; not numbers or typed dates."""
    if values.isna().all():
        return True
    return not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values))


# Columns of a sector's, an area's or a region's name: stored in English, written in Chinese as the
# taxonomy (tracker/data) does.
NAMED_BY_TAXONOMY = {"sector": sector_label, "area": area_label, "region": region_label}


def readable(frame: pd.DataFrame, *, blanks: bool = True) -> pd.DataFrame:
    """The frame as people read it: codes as words ('held' → 'Held'), dates as the reader's language
    writes them (``date_text``) and a missing value (an unknown place, a pledge with no update yet)
    as "—" rather than 'None' or 'nan'. Tables that
    format dates with ``DateColumn`` pass ``blanks=False``: their date columns must stay dates
    (an empty date cell stays empty); their text columns still read "—"."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if column in CODE_COLUMNS:
            frame[column] = values.map(lambda v: labels.label(v) or labels.EMPTY)
        elif column in NAMED_BY_TAXONOMY:
            name = NAMED_BY_TAXONOMY[column]
            frame[column] = values.map(lambda v, name=name: labels.EMPTY if _missing(v) else name(v))
        elif blanks and not pd.api.types.is_numeric_dtype(values) and _holds_dates(values):
            frame[column] = date_text(values)  # dates by the one rule (2019年5月7日), "—" for none
        elif _text_like(values) and values.map(_missing).any():
            if blanks or not _holds_dates(values):
                frame[column] = values.map(lambda v: labels.EMPTY if _missing(v) else str(v))
    return frame


def _column_config(frame: pd.DataFrame, names: dict[str, Any]) -> dict[str, Any]:
    overrides = {ADDRESS: link_column()} if ADDRESS in frame.columns else {}
    overrides.update(names)
    return headings(frame, **overrides)


def table(frame: pd.DataFrame, *, key: str, **names: Any) -> None:
    """A full-width table with readable headings and values; with an ``open`` column (record
    addresses, ``with_links``), a click on a row opens its record in the same tab."""
    shown, config = readable(frame), _column_config(frame, names)
    if ADDRESS in frame.columns:
        record_table(shown, key=key, column_config=config, width="stretch")
    else:
        st.dataframe(shown, hide_index=True, width="stretch", key=key, column_config=config,
                     placeholder=labels.EMPTY)


def as_file(frame: pd.DataFrame, **names: Any) -> pd.DataFrame:
    """What ``table(frame, **names)`` shows, for a download: the same headings and words, no link
    column, and dates left as dates (a workbook types them)."""
    return as_shown(readable(frame, blanks=False), _column_config(frame, names))


def delete_control(what: str, name: str, action: Callable[..., Any], *, key: str, errors_key: str,
                   back_page: str, back_flash_key: str, **kwargs) -> None:
    """An expander to delete (archive) a record after a confirmation; the service refuses when
    live meetings or other records still refer to it (merging is the way then), and says so."""
    words = DELETE_WORDS[what]
    with st.expander(_(words[0])):
        st.caption(_(words[1]))
        confirmed = st.checkbox(_("Yes, delete “{name}”").format(name=escape_markdown(name)),
                                key=f"{key}_confirm")
        if st.button(_("Delete"), disabled=not confirmed, key=f"{key}_delete"):
            if run_service(action, errors_key=errors_key, **kwargs):
                st.session_state[f"{back_flash_key}_flash"] = _("Deleted “{name}”.").format(name=name)
                st.switch_page(page_file(back_page))


# What the delete control says of each kind of record: its expander and its caption.
DELETE_WORDS = {
    "organisation": (N_("Delete this organisation"),
                     N_("Only an organisation no meeting, agreement or pledge refers to can be deleted; "
                        "merge a duplicate instead. A deleted record is archived: an administrator can "
                        "restore it.")),
    "person": (N_("Delete this person"),
               N_("Only a person no meeting or agreement refers to can be deleted; merge a duplicate "
                  "instead. A deleted record is archived: an administrator can restore "
                  "it.")),
}
