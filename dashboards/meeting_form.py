"""State of the meeting form (log and edit): widget keys, repeating rows, the payload, errors.

Everything typed lives in ``st.session_state`` under one prefix, with ``persist_state="session"``
on the widgets, so nothing is lost on a rerun, on an error, or when the user visits another page
and comes back. Errors from the services (``participants.0.person_id``) are kept by field path and
shown next to the widget that holds that field.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Any

import streamlit as st

from dashboards.auth import require_actor
from dashboards.database import run_query
from tracker.errors import PYDANTIC_MESSAGES
from tracker.i18n import _
from tracker.models import (
    AgreementKind,
    AgreementStatus,
    Confidentiality,
    MeetingCreate,
    OrganisationKind,
    ParticipantRole,
    Side,
)
from tracker.models.meeting import SCALAR_FIELDS
from tracker.queries.meeting_duplicates import Probe
from tracker.queries.meeting_form import positions_on
from tracker.services.meeting_inline import stand_in_id

ROWS = ("participants", "agreements", "pledges", "new_orgs")
# The form edits the meeting's own fields as the model declares them, less those it has no widget
# for; a widget key differs from its field's name only where listed.
FORM_FIELDS = tuple(name for name in SCALAR_FIELDS if name != "date_precision")
WIDGET_KEYS = {"event_id": "event"}


def widget_key(field: str) -> str:
    return WIDGET_KEYS.get(field, field)


def _is_text(field: str) -> bool:
    """A text box (empty is ""), as opposed to a picker (empty is None)."""
    annotation = MeetingCreate.model_fields[field].annotation
    return annotation is str or str in typing.get_args(annotation)
NEW_EVENT = -1  # the event picker's value for the event typed under "New event" (created on Save)
_FIELD_IN_MESSAGE = re.compile(r"^([a-z_]+): (.+)$", re.S)


def side_for(kind: str | None) -> str:
    """Government bodies and party organs sit on the government side; enterprises on theirs."""
    if kind in (OrganisationKind.GOVERNMENT_BODY, OrganisationKind.PARTY_ORGAN):
        return Side.GOVERNMENT.value
    if kind in (
        OrganisationKind.STATE_OWNED_ENTERPRISE,
        OrganisationKind.PRIVATE_ENTERPRISE,
        OrganisationKind.FOREIGN_ENTERPRISE,
    ):
        return Side.ENTERPRISE.value
    return Side.OTHER.value


def split_list(text: str | None) -> list[str]:
    """Items typed in one box, separated by semicolons, commas or new lines."""
    return [part.strip() for part in re.split(r"[;,\n]", text or "") if part.strip()]


def _choice_missing() -> set[str]:
    """Pydantic's words for an empty pick, as the reader sees them (tracker.errors translates them)."""
    return {_(PYDANTIC_MESSAGES[kind]) for kind in ("missing", "int_type", "int_parsing")} | {
        PYDANTIC_MESSAGES[kind] for kind in ("missing", "int_type", "int_parsing")}


def normalise_errors(errors: dict[str, str]) -> dict[str, str]:
    """Move "currency: …" messages of a row-level check onto the row's field path."""
    result: dict[str, str] = {}
    for path, message in errors.items():
        match = _FIELD_IN_MESSAGE.match(message or "")
        if match and (path == "__all__" or path.rsplit(".", 1)[-1].isdigit()):
            path = match.group(1) if path == "__all__" else f"{path}.{match.group(1)}"
            message = match.group(2)
        if message in _choice_missing():
            message = _("choose one from the list") if path.endswith("_id") else _("required")
        result[path] = message
    return result


def _as_date(value) -> dt.date | None:
    """A date from a draft: a ``date`` or ISO text (drafts often come as JSON)."""
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return value or None


class MeetingFormState:
    """The widget keys and row lists of one meeting form (``prefix`` keeps forms apart)."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    # -- keys and values ---------------------------------------------------------------------
    def key(self, *parts: object) -> str:
        return ".".join([self.prefix, *(str(p) for p in parts)])

    def get(self, *parts: object, default: Any = None) -> Any:
        return st.session_state.get(self.key(*parts), default)

    def set(self, value: Any, *parts: object) -> None:
        st.session_state[self.key(*parts)] = value

    def default(self, value: Any, *parts: object) -> None:
        st.session_state.setdefault(self.key(*parts), value)

    def rows(self, name: str) -> list[dict]:
        return st.session_state.setdefault(self.key(name), [])

    def new_rid(self) -> int:
        rid = self.get("next_rid", default=0) + 1
        self.set(rid, "next_rid")
        return rid

    # -- defaults --------------------------------------------------------------------------
    def init_defaults(self, actor_clearance: Confidentiality) -> None:
        self.default(dt.date.today(), "date")
        for name in FORM_FIELDS:
            field = MeetingCreate.model_fields[name]
            default = None if field.is_required() else field.get_default(call_default_factory=True)
            if name == "confidentiality":
                default = min(default, actor_clearance)
            elif _is_text(name):
                default = default or ""
            self.default(getattr(default, "value", default), widget_key(name))
        self.default("", "new_topics")
        self.default([], "topics")
        self.default([], "orgs_extra")
        for name in ROWS:
            self.rows(name)

    def clear(self) -> None:
        """Forget everything typed (after a successful save)."""
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(self.prefix + ".")]:
            del st.session_state[key]

    # -- errors ----------------------------------------------------------------------------
    @property
    def errors(self) -> dict[str, str]:
        return self.get("errors", default={}) or {}

    def set_errors(self, errors: dict[str, str]) -> None:
        self.set(normalise_errors(errors), "errors")

    def error_for(self, path: str) -> str | None:
        return self.errors.get(path)

    def row_errors(self, prefix: str, known: tuple[str, ...]) -> dict[str, str]:
        """Errors under ``prefix.`` whose field has no widget of its own (shown at the row's end)."""
        return {
            path: message
            for path, message in self.errors.items()
            if (path == prefix or path.startswith(prefix + ".")) and path.rsplit(".", 1)[-1] not in known
        }

    # -- records created on Save ----------------------------------------------------------
    def hold_organisation(self, data: dict) -> int:
        """Keep a new organisation in the draft; returns the stand-in id the pickers use for it."""
        rows = self.rows("new_orgs")
        rows.append({"rid": self.new_rid(), "data": data})
        return stand_in_id(len(rows) - 1)

    def held_organisations(self) -> list[tuple[int, dict]]:
        return [(stand_in_id(index), row["data"]) for index, row in enumerate(self.rows("new_orgs"))]

    def hold_event(self, data: dict) -> None:
        self.set(data, "new_event")
        self.set(NEW_EVENT, "event")

    # -- participants ----------------------------------------------------------------------
    def add_participant(
        self,
        *,
        person_id: int | None,
        name: str,
        organisation_id: int | None,
        organisation_kind: str | None,
        title: str | None,
        new_person: dict | None = None,
        role: str | None = None,
        side: str | None = None,
    ) -> None:
        rows = self.rows("participants")
        if person_id is not None and any(r.get("person_id") == person_id for r in rows):
            return
        rid = self.new_rid()
        rows.append(
            {
                "rid": rid,
                "person_id": person_id,
                "name": name,
                "auto_title": title or "",
                "new_person": new_person,
            }
        )
        side = side or side_for(organisation_kind)
        if role is None:
            role = {
                Side.GOVERNMENT.value: ParticipantRole.HOST.value,
                Side.ENTERPRISE.value: ParticipantRole.GUEST.value,
            }.get(side, ParticipantRole.ATTENDEE.value)
        self.set(organisation_id, "p", rid, "org")
        self.set(title or "", "p", rid, "title")
        self.set(role, "p", rid, "role")
        self.set(side, "p", rid, "side")

    def remove_row(self, name: str, rid: int) -> None:
        self.set([r for r in self.rows(name) if r["rid"] != rid], name)

    def refresh_titles(self) -> None:
        """After the date changes, titles the user did not type follow the position held that day."""
        rows = [r for r in self.rows("participants") if r.get("person_id")]
        if not rows:
            return
        held = run_query(positions_on, [r["person_id"] for r in rows], self.get("date") or dt.date.today(),
                         clearance=require_actor().clearance)
        for row in rows:
            title_key = ("p", row["rid"], "title")
            if (self.get(*title_key) or "") == row.get("auto_title", ""):
                org_id, _org, title = held.get(row["person_id"], (None, None, ""))
                row["auto_title"] = title or ""
                self.set(title or "", *title_key)
                if org_id and self.get("p", row["rid"], "org") is None:
                    self.set(org_id, "p", row["rid"], "org")

    def add_agreement(self) -> None:
        rid = self.new_rid()
        self.rows("agreements").append({"rid": rid})
        self.set("", "a", rid, "title")
        self.set(AgreementKind.COOPERATION.value, "a", rid, "kind")
        self.set(AgreementStatus.SIGNED.value, "a", rid, "status")
        self.set([], "a", rid, "parties")
        self.set("", "a", rid, "currency")

    def add_pledge(self) -> None:
        rows = self.rows("pledges")
        last_org = self.get("g", rows[-1]["rid"], "org") if rows else None
        rid = self.new_rid()
        rows.append({"rid": rid})
        self.set(last_org, "g", rid, "org")
        self.set(None, "g", rid, "area")
        self.set("", "g", rid, "text")
        self.set(None, "g", rid, "agreement")

    def apply_draft(self, draft: dict) -> None:
        """Fill the form from a ``MeetingCreate``-shaped dict (e.g. a news item turned into a draft)."""
        from tracker.queries.meeting_form import person_names, topic_choices

        for name in FORM_FIELDS:
            if draft.get(name) is None:
                continue
            value = _as_date(draft[name]) if name == "date" else draft[name]
            if name == "time" and isinstance(value, str):
                value = dt.time.fromisoformat(value)
            if name == "confidentiality":
                value = int(Confidentiality.parse(value))
            self.set(getattr(value, "value", value), widget_key(name))
        topics_known = run_query(topic_choices, clearance=require_actor().clearance)
        known_topics = {t.casefold(): t for t in topics_known}
        ids = [p["person_id"] for p in draft.get("participants", []) if p.get("person_id")]
        names = run_query(person_names, ids)
        topics = draft.get("topics") or []
        self.set([known_topics[t.casefold()] for t in topics if t.casefold() in known_topics], "topics")
        self.set("; ".join(t for t in topics if t.casefold() not in known_topics), "new_topics")
        self.set(list(draft.get("organisation_ids") or []), "orgs_extra")
        for item in draft.get("participants", []):
            new = item.get("new_person")
            self.add_participant(
                person_id=item.get("person_id"),
                name=names.get(item.get("person_id")) or (new or {}).get("name", ""),
                organisation_id=item.get("organisation_id"),
                organisation_kind=None,
                title=item.get("title"),
                new_person=new,
                role=item.get("role"),
                side=item.get("side") or Side.OTHER.value,
            )
        for agreement in draft.get("agreements", []):
            self.add_agreement()
            rid = self.rows("agreements")[-1]["rid"]
            for field in ("title", "kind", "status", "currency"):
                if agreement.get(field):
                    self.set(agreement[field], "a", rid, field)
            parties = agreement.get("parties", [])
            self.set([p["organisation_id"] for p in parties], "a", rid, "parties")
            for party in parties:
                self.set(party.get("signatory_person_id"), "a", rid, "sig", party["organisation_id"])
            value = agreement.get("value")
            self.set(None if value in (None, "") else float(value), "a", rid, "value")
            self.set(_as_date(agreement.get("start_date")), "a", rid, "start")
            self.set(_as_date(agreement.get("end_date")), "a", rid, "end")
        for pledge in draft.get("pledges", []):
            self.add_pledge()
            rid = self.rows("pledges")[-1]["rid"]
            for field, key in (
                ("organisation_id", "org"),
                ("area_id", "area"),
                ("text", "text"),
                ("target_date", "target"),
                ("agreement_index", "agreement"),
            ):
                value = pledge.get(field)
                self.set(_as_date(value) if key == "target" else value, "g", rid, key)
        if self.get("date"):
            self.refresh_titles()

    # -- payload ---------------------------------------------------------------------------
    def participants_payload(self) -> list[dict]:
        result = []
        for row in self.rows("participants"):
            rid = row["rid"]
            item = {
                "organisation_id": self.get("p", rid, "org"),
                "title": self.get("p", rid, "title"),
                "role": self.get("p", rid, "role"),
                "side": self.get("p", rid, "side"),
            }
            if row.get("person_id") is not None:
                item["person_id"] = row["person_id"]
            else:
                item["new_person"] = row.get("new_person") or {"name": row.get("name", "")}
            result.append(item)
        return result

    def topics_payload(self) -> list[str]:
        return list(self.get("topics") or []) + split_list(self.get("new_topics"))

    def agreements_payload(self) -> list[dict]:
        result = []
        for row in self.rows("agreements"):
            rid = row["rid"]
            parties = []
            for org_id in self.get("a", rid, "parties") or []:
                signatory = self.get("a", rid, "sig", org_id)
                parties.append(
                    {
                        "organisation_id": org_id,
                        "signatory_person_id": signatory,
                        "signatory_title": self._signatory_title(signatory),
                    }
                )
            value = self.get("a", rid, "value")
            result.append(
                {
                    "title": self.get("a", rid, "title"),
                    "kind": self.get("a", rid, "kind"),
                    "status": self.get("a", rid, "status"),
                    "parties": parties,
                    "value": None if value is None else str(value),
                    "currency": self.get("a", rid, "currency"),
                    "start_date": self.get("a", rid, "start"),
                    "end_date": self.get("a", rid, "end"),
                }
            )
        return result

    def _signatory_title(self, person_id: int | None) -> str | None:
        for row in self.rows("participants"):
            if person_id is not None and row.get("person_id") == person_id:
                return self.get("p", row["rid"], "title") or None
        return None

    def pledges_payload(self) -> list[dict]:
        return [
            {
                "organisation_id": self.get("g", r["rid"], "org"),
                "area_id": self.get("g", r["rid"], "area"),
                "text": self.get("g", r["rid"], "text"),
                "target_date": self.get("g", r["rid"], "target"),
                "agreement_index": self.get("g", r["rid"], "agreement"),
            }
            for r in self.rows("pledges")
        ]

    def scalars_payload(self) -> dict:
        fields = {name: self.get(widget_key(name)) for name in FORM_FIELDS}
        if fields["event_id"] == NEW_EVENT:
            fields["event_id"] = None  # created on Save from ``new_event``
        return fields

    def new_entities_payload(self) -> dict:
        """The organisations and event typed "on the spot": the service creates them with the meeting."""
        return {
            "new_organisations": [row["data"] for row in self.rows("new_orgs")],
            "new_event": self.get("new_event") if self.get("event") == NEW_EVENT else None,
        }

    def duplicate_probe(self, exclude_id: int | None = None) -> Probe | None:
        """The meeting typed, as the duplicate check sees it: its date, people and organisations
        already recorded (those created on Save are new, so nothing can duplicate them)."""
        on = _as_date(self.get("date"))
        if on is None:
            return None
        people = [row.get("person_id") for row in self.rows("participants")]
        organisations = [self.get("p", row["rid"], "org") for row in self.rows("participants")]
        return Probe.of(on, people, [*organisations, *(self.get("orgs_extra") or [])], exclude_id)

    def create_payload(self) -> dict:
        """A ``MeetingCreate``-shaped dict of everything typed (validated by the service)."""
        return {
            **self.scalars_payload(),
            **self.new_entities_payload(),
            "participants": self.participants_payload(),
            "organisation_ids": list(self.get("orgs_extra") or []),
            "topics": self.topics_payload(),
            "agreements": self.agreements_payload(),
            "pledges": self.pledges_payload(),
        }
