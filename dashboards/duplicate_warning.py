"""Before a meeting is saved: the meetings already recorded that it may duplicate.

The log form, the edit form and the article page each keep one ``DuplicateCheck`` in the
session. Saving asks it first: when meetings a day either side share a person or organisation
(``tracker.queries.meeting_duplicates``), nothing is saved and the candidates are shown with
"Open the existing one" and "Save as a separate meeting"; the second acknowledges exactly those
candidates and saves. A candidate that turns up later (another date, other people) warns again.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import run_query
from dashboards.meeting_dates import shown_date
from dashboards.navigation import PAGES_DIR
from dashboards.safe import escape_markdown
from tracker.i18n import N_, _, format_number, ngettext
from tracker.queries.meeting_duplicates import Probe, meeting_duplicates

SEPARATE = N_("Save as a separate meeting")
SHOWN = 5  # candidates come most shared first; past five they share less and help little


def candidates(probe: Probe | None) -> list[dict]:
    """The meetings ``probe`` may duplicate, as the signed-in user may see them."""
    if probe is None:
        return []
    return run_query(meeting_duplicates, probe, clearance=require_actor().clearance).to_dict("records")


def what_is_shared(candidate: dict) -> str:
    names = [*candidate["shared_people"], *candidate["shared_organisations"]]
    return ", ".join(names)


def show_links(found: list[dict]) -> None:
    """Each candidate (the ``SHOWN`` most likely): a link that opens it (date and title), then
    what it shares and where."""
    for candidate in found[:SHOWN]:
        st.page_link(
            str(PAGES_DIR / "meeting_record.py"),
            label=_("Open the existing one: {date} · {title}").format(
                date=shown_date(candidate["date"]), title=escape_markdown(candidate["title"])),
            icon=":material/open_in_new:",
            query_params={"id": candidate["id"]},
        )
        place = f" · {escape_markdown(candidate['place'])}" if candidate.get("place") else ""
        st.caption(_("Shares {names}").format(names=escape_markdown(what_is_shared(candidate))) + place)
    if len(found) > SHOWN:
        st.caption(ngettext("and {count} more sharing less", "and {count} more sharing less",
                            len(found) - SHOWN).format(count=format_number(len(found) - SHOWN)))


class DuplicateCheck:
    """The candidates found at the last save and those the user chose to save beside."""

    def __init__(self, key: str):
        self.key = key

    @property
    def found(self) -> list[dict]:
        return st.session_state.get(f"{self.key}.found") or []

    def blocks(self, probe: Probe | None) -> bool:
        """True (and the candidates kept to show) when ``probe`` may duplicate a meeting the user
        has not yet chosen to save beside."""
        found = candidates(probe)
        acknowledged = set(st.session_state.get(f"{self.key}.acknowledged") or [])
        if {int(c["id"]) for c in found} <= acknowledged:
            st.session_state.pop(f"{self.key}.found", None)
            return False
        st.session_state[f"{self.key}.found"] = found
        return True

    def acknowledge(self) -> None:
        """The user saw the candidates and saves beside them."""
        shown = {int(c["id"]) for c in self.found}
        st.session_state[f"{self.key}.acknowledged"] = sorted(
            shown | set(st.session_state.get(f"{self.key}.acknowledged") or []))

    def forget(self) -> None:
        for suffix in ("found", "acknowledged"):
            st.session_state.pop(f"{self.key}.{suffix}", None)

    def show(self, *, on_separate: Callable | None = None, args: tuple = ()) -> bool:
        """The warning with its two ways on, when the last save found candidates; True when
        "Save as a separate meeting" was pressed (pages without a callback save then)."""
        found = self.found
        if not found:
            return False
        st.warning(ngettext("Not saved yet: this may be a meeting already recorded within a day of this "
                            "date with the same people or organisations.",
                            "Not saved yet: this may be {count} meetings already recorded within a day of "
                            "this date with the same people or organisations.",
                            len(found)).format(count=format_number(len(found))),
                   icon=":material/content_copy:")
        show_links(found)
        return st.button(_(SEPARATE), key=f"{self.key}.separate", on_click=on_separate, args=args,
                         icon=":material/library_add:")
