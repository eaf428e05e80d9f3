"""The column mapping: which source column feeds which tracker field, and how to read it.

A mapping is plain data (saved in the ``import_mapping`` table and as YAML for the CLI)::

    fields:
      official: {column: Minister}            # carried down to follow-on rows
      date: {column: Date, year_from_filename: true}
      organisations: {column: [Name of Organisation, Name of External Organisation], split: [","]}
      title: Purpose of meeting               # a bare column name is enough
      kind: {column: Contact type, values: {Personal Meeting: talk, Telephone: call, Email: skip}}
    fixed:
      government_body: Cabinet Office         # a value for a field the file lacks
    group_by: [date, official, title]         # several rows → one meeting (or: meeting_id)

A date may also come from several columns (``month_column``, ``year_column``, ``day_column``).
``propose_mapping`` guesses a mapping from header names and a look at values (``proposal``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tracker.i18n import N_
from tracker.importers.parsing import DEFAULT_SPLIT as PARSING_DEFAULT_SPLIT
from tracker.importers.reading import SourceTable
from tracker.importers.vocabulary import SKIP
from tracker.models import Confidentiality, MeetingKind, MeetingStatus


@dataclass(frozen=True)
class TargetField:
    """A field a column can feed; ``label`` and ``help`` are English msgids, translated where shown."""

    name: str
    label: str
    help: str
    multi: bool = False


TARGET_FIELDS: dict[str, TargetField] = {f.name: f for f in [
    TargetField("meeting_id", N_("Meeting id"), N_("rows sharing a value are one meeting")),
    TargetField("date", N_("Date"), N_("day, month or quarter the meeting took place")),
    TargetField("time", N_("Time"), N_("start time")),
    TargetField("title", N_("Title / purpose"), N_("what the meeting was about")),
    TargetField("organisations", N_("Organisations met"), N_("companies and other bodies"), multi=True),
    TargetField("people", N_("People met"), N_("their people who took part"), multi=True),
    TargetField("official", N_("Official"), N_("our official (name, with or without title)")),
    TargetField("official_title", N_("Official's title"), N_("title when it has its own column")),
    TargetField("government_body", N_("Government body"), N_("our body the official represented")),
    TargetField("place", N_("Place"), N_("where")),
    TargetField("kind", N_("Kind"), N_("talk, visit, signing ceremony, forum, call…")),
    TargetField("status", N_("Status"), N_("held, planned or cancelled")),
    TargetField("topics", N_("Topics"), N_("free tags"), multi=True),
    TargetField("summary", N_("Summary"), N_("notes or minutes")),
    TargetField("source", N_("Source"), N_("link or reference")),
    TargetField("confidentiality", N_("Confidentiality"), N_("public, internal, confidential, secret")),
]}
REQUIRED_FIELDS = ("date", "organisations")
CARRIED_BY_DEFAULT = ("official", "official_title", "government_body")
# Fields whose file values can be mapped onto ours (or "skip", which drops the row).
VALUE_CHOICES: dict[str, tuple[str, ...]] = {
    "kind": tuple(m.value for m in MeetingKind), "status": tuple(m.value for m in MeetingStatus),
    "confidentiality": tuple(m.name.casefold() for m in Confidentiality)}
DEFAULT_SPLIT = list(PARSING_DEFAULT_SPLIT)

class FieldRule(BaseModel):
    """How one field is read: from which column(s), split on what, dated how, carried down or not."""

    model_config = ConfigDict(extra="forbid")

    column: list[str] = Field(default_factory=list, description="first header found wins")
    split: list[str] | None = None
    date_format: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    year_from_filename: bool = False
    day_first: bool = True
    carry_forward: bool | None = None
    slug: bool = False
    format: str | None = Field(default=None, description='e.g. "NSW {}" wraps the value')
    # A date spread over columns: the month (and day, and year) each in its own column.
    day_column: str | None = None
    month_column: str | None = None
    year_column: str | None = None
    values: dict[str, str] = Field(default_factory=dict,
                                   description="file value → ours, or \"skip\" to drop the row")

    @field_validator("values", mode="before")
    @classmethod
    def _values_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): "" if v is None else str(v) for k, v in value.items()}
        return value

    @field_validator("column", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> list[str]:
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)

    @field_validator("split", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> list[str] | None:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return [value] if len(value) <= 1 or value.strip().isalpha() else list(value)
        return [str(v).replace("\\n", "\n") for v in value]


class MappingSpec(BaseModel):
    """A whole mapping; ``fields`` and ``fixed`` keys are names from ``TARGET_FIELDS``."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    fields: dict[str, FieldRule] = Field(default_factory=dict)
    fixed: dict[str, str] = Field(default_factory=dict)
    group_by: list[str] | None = None
    match_threshold: float = Field(default=90, ge=50, le=100)
    organisation_kind: str = "other"
    government_kind: str = "government_body"

    @field_validator("fields", mode="before")
    @classmethod
    def _bare_columns(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: ({"column": v} if isinstance(v, (str, list)) else v) for k, v in value.items()
                    if v not in (None, "", [])}
        return value

    @field_validator("fixed", mode="before")
    @classmethod
    def _fixed_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: str(v) for k, v in value.items() if v not in (None, "")}
        return value

    @model_validator(mode="after")
    def _known_fields(self):
        unknown = sorted((set(self.fields) | set(self.fixed) | set(self.group_by or []))
                         - set(TARGET_FIELDS))
        if unknown:
            raise ValueError(f"fields: unknown field(s) {', '.join(unknown)}; known: "
                             f"{', '.join(TARGET_FIELDS)}")
        for name, rule in self.fields.items():
            if rule.values and name not in VALUE_CHOICES:
                raise ValueError(f"fields: {name} takes no value mapping (only "
                                 f"{', '.join(VALUE_CHOICES)})")
            allowed = ("", SKIP, *VALUE_CHOICES.get(name, ()))
            bad = sorted({v for v in rule.values.values() if v not in allowed})
            if bad:
                raise ValueError(f"fields: {name} values map to {', '.join(bad)}; allowed: "
                                 f"{', '.join((*VALUE_CHOICES[name], SKIP))} or empty")
        return self

    def rule(self, field: str) -> FieldRule | None:
        return self.fields.get(field)

    def carries(self, field: str) -> bool:
        rule = self.fields.get(field)
        if rule is None or rule.carry_forward is None:
            return field in CARRIED_BY_DEFAULT
        return rule.carry_forward

    def split_for(self, field: str) -> list[str]:
        rule = self.fields.get(field)
        return list(dict.fromkeys(DEFAULT_SPLIT + (rule.split if rule and rule.split else [])))

    def grouping(self) -> list[str] | None:
        """Fields whose equal values make rows one meeting; a mapped meeting id wins."""
        if "meeting_id" in self.fields:
            return ["meeting_id"]
        return self.group_by

    def to_yaml(self) -> str:
        return yaml.safe_dump(mapping_to_dict(self), allow_unicode=True, sort_keys=False)


def mapping_to_dict(spec: MappingSpec) -> dict[str, Any]:
    """A compact plain dict (defaults left out), as stored in the database and in YAML."""
    fields = {}
    for name, rule in spec.fields.items():
        data = rule.model_dump(exclude_defaults=True)
        if list(data) == ["column"] and len(rule.column) == 1:
            fields[name] = rule.column[0]
        else:
            if len(rule.column) == 1:
                data["column"] = rule.column[0]
            fields[name] = data
    result: dict[str, Any] = {}
    if spec.name:
        result["name"] = spec.name
    result["fields"] = fields
    if spec.fixed:
        result["fixed"] = dict(spec.fixed)
    for key in ("group_by", "match_threshold", "organisation_kind", "government_kind"):
        value = getattr(spec, key)
        if value != MappingSpec.model_fields[key].default:
            result[key] = value
    return result


def load_mapping(data: dict[str, Any] | str) -> MappingSpec:
    """A mapping from a dict or YAML text; bad content raises a domain ``ValidationError``."""
    from tracker.errors import ValidationError, validate

    if isinstance(data, str):
        try:
            data = yaml.safe_load(data) or {}
        except yaml.YAMLError as exc:
            raise ValidationError({"mapping": f"not valid YAML ({exc.__class__.__name__})"}) from None
    if not isinstance(data, dict):
        raise ValidationError({"mapping": "a mapping is a YAML object with 'fields'"})
    return validate(MappingSpec, data)


@dataclass(frozen=True)
class ColumnResolution:
    """Where each mapped field's column sits in one table, and which required fields have none."""

    indexes: dict[str, int]
    missing_required: list[str]


DATE_PARTS = ("day", "month", "year")


def resolve_columns(spec: MappingSpec, table: SourceTable) -> ColumnResolution:
    """Field → column index; a date spread over columns is found as "date.month" and so on."""
    indexes: dict[str, int] = {}
    for name, rule in spec.fields.items():
        found = next((i for c in rule.column if (i := table.column_index(c)) is not None), None)
        if found is not None:
            indexes[name] = found
        for part in DATE_PARTS if name == "date" else ():
            column = getattr(rule, f"{part}_column")
            if column and (index := table.column_index(column)) is not None:
                indexes[f"date.{part}"] = index
    if "date" not in indexes and "date.month" in indexes:
        indexes["date"] = indexes["date.month"]
    missing_required = [f for f in REQUIRED_FIELDS if f not in indexes and f not in spec.fixed]
    return ColumnResolution(indexes, missing_required)
