"""Tables whose rows open a record in the same tab.

A ``LinkColumn`` always opens a new tab, and the grid has no same-tab link. So a table keeps each
row's record address (``/meeting?id=N``) in a hidden column, and a click on any cell of the row
switches to that page with the id in the URL. The address bar then holds a link that opens the same
record in a new tab after the session check (server-side sessions and their cookie).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from dashboards.navigation import PAGES_DIR
from tracker.i18n import _, pgettext
from tracker.labels import EMPTY

# url_path of a record page → its file (the pages registered in navigation.py under that url_path).
RECORD_PAGES = {
    "meeting": "meeting_record.py",
    "organisation_profile": "organisation_profile.py",
    "person_profile": "person_profile.py",
    "pledges": "pledges.py",
}
ADDRESS = "open"  # the column that holds each row's record address
SELECTABLE = {"on_select": "rerun", "selection_mode": "single-cell"}  # any cell; no checkbox column


def record_link_column() -> Any:
    """A column of links to each row's record page, headed "Record", each reading "Open" as a verb
    (打开; the plain "Open" is the status 未完成)."""
    return st.column_config.LinkColumn(_("Record"), display_text=pgettext("a link to a record", "Open"))


def address(url_path: str, record_id: Any) -> str:
    """The record's address: ``/meeting?id=3``."""
    if url_path not in RECORD_PAGES:
        raise ValueError(f"no record page at /{url_path}")
    return f"/{url_path}?id={int(record_id)}"


def addresses(url_path: str, ids: Iterable[Any]) -> list[str]:
    return [address(url_path, i) for i in ids]


def open_address(target: str) -> None:
    """Switches, in this tab, to the record page at ``target`` (an ``address``)."""
    path, _, record_id = target.lstrip("/").partition("?id=")
    st.switch_page(str(PAGES_DIR / RECORD_PAGES[path]), query_params={"id": str(int(record_id))})


def clicked(event: Any) -> tuple[int, str | None] | None:
    """The row and column of the cell the reader clicked (column None for a whole row), or None."""
    selection = getattr(event, "selection", None) if event is not None else None
    if selection is None:
        return None
    if selection.cells:
        row, column = selection.cells[0]
        return int(row), column
    if selection.rows:
        return int(selection.rows[0]), None
    return None


def record_table(frame: pd.DataFrame, *, key: str, column_config: Mapping[str, Any],
                 column_order: list[str] | None = None, links: str | Mapping[str, str] = ADDRESS,
                 **options: Any) -> None:
    """``st.dataframe`` of ``frame`` where a click on a row opens its record in place.

    ``links`` names the address column; a mapping (shown column → address column) lets one row
    open two records (a duplicate pair), the first one from a column not in the mapping.
    """
    targets = {None: links} if isinstance(links, str) else {None: next(iter(links.values())), **links}
    hidden = set(targets.values())
    order = [c for c in (column_order or list(frame.columns)) if c not in hidden]
    event = st.dataframe(frame, key=key, hide_index=True, column_order=order, placeholder=EMPTY,
                         column_config=dict(column_config), **SELECTABLE, **options)
    picked = clicked(event)
    if picked is not None:
        row, column = picked
        open_address(frame.iloc[row][targets.get(column, targets[None])])
