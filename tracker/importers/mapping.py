"""The column mapping: which source column feeds which tracker field, and how to read it.

A mapping is plain data (saved in the ``import_mapping`` table and as YAML for the CLI)::

    fields:
      official: {column: Minister}            # carried down to follow-on rows
      date: {column: Date, year_from_filename: true}
      organisations: {column: [Name of Organisation, Name of External Organisation], split: [","]}
      title: Purpose of meeting               # a bare column name is enough
    fixed:
      government_body: Cabinet Office         # a value for a field the file lacks
    group_by: [date, official, title]         # several rows → one meeting (or: meeting_id)

``propose_mapping`` guesses one from header names (English and Chinese) and a look at values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tracker.importers.parsing import DEFAULT_SPLIT as PARSING_DEFAULT_SPLIT
from tracker.importers.parsing import CellError, parse_date
from tracker.importers.reading import SourceTable, header_key


@dataclass(frozen=True)
class TargetField:
    name: str
    label: str
    help: str
    multi: bool = False


TARGET_FIELDS: dict[str, TargetField] = {f.name: f for f in [
    TargetField("meeting_id", "Meeting id", "rows sharing a value are one meeting"),
    TargetField("date", "Date", "day, month or quarter the meeting took place"),
    TargetField("time", "Time", "start time"),
    TargetField("title", "Title / purpose", "what the meeting was about"),
    TargetField("organisations", "Organisations met", "companies and other bodies", multi=True),
    TargetField("people", "People met", "their people who took part", multi=True),
    TargetField("official", "Official", "our official (name, with or without title)"),
    TargetField("official_title", "Official's title", "title when it has its own column"),
    TargetField("government_body", "Government body", "our body the official represented"),
    TargetField("place", "Place", "where"),
    TargetField("kind", "Kind", "talk, visit, signing ceremony, forum, call…"),
    TargetField("status", "Status", "held, planned or cancelled"),
    TargetField("topics", "Topics", "free tags", multi=True),
    TargetField("summary", "Summary", "notes or minutes"),
    TargetField("source", "Source", "link or reference"),
    TargetField("confidentiality", "Confidentiality", "public, internal, confidential, secret"),
]}
REQUIRED_FIELDS = ("date", "organisations")
CARRIED_BY_DEFAULT = ("official", "official_title", "government_body")
DEFAULT_SPLIT = list(PARSING_DEFAULT_SPLIT)

# Header words per field, English and Chinese. "exact" ones must be the whole header.
SYNONYMS: dict[str, tuple[list[str], list[str]]] = {
    "meeting_id": (["meeting id", "meeting ref", "meeting reference", "meeting no", "会议编号", "编号"],
                   ["id", "ref"]),
    "date": (["start date", "meeting date", "date of meeting", "日期", "会见日期", "会议日期", "时间"],
             ["date", "when", "day", "month"]),
    "time": (["start time", "时刻", "开始时间"], ["time"]),
    "title": (["purpose of meeting", "purpose", "subject", "title", "事由", "主题", "会议主题", "标题",
               "议题内容"], ["reason", "description", "内容"]),
    "organisations": (["name of organisation", "name of external organisation", "organisation",
                       "organization", "company", "companies", "enterprise", "stakeholder",
                       "external organisation", "企业", "公司", "单位", "机构", "对方单位", "企业名称"],
                      ["name", "organisations", "organizations", "who"]),
    "people": (["attendees", "participants", "people met", "people", "guests", "external attendees",
                "参会人员", "出席人员", "嘉宾", "对方人员"], ["contact", "人员"]),
    "official": (["minister", "official", "government official", "host", "领导", "出席领导", "官员",
                  "会见领导"], ["who met", "name of minister"]),
    "official_title": (["official title", "official's title", "position", "job title", "职务", "职位"],
                       ["role", "title of official"]),
    "government_body": (["government body", "department", "ministry", "portfolio", "部门",
                         "政府部门", "主办部门"], ["agency", "office"]),
    "place": (["location", "venue", "place", "地点", "会见地点"], ["where", "city"]),
    "kind": (["meeting type", "type of meeting", "kind", "类型", "形式"], ["type"]),
    "status": (["status", "状态"], []),
    "topics": (["topics", "tags", "keywords", "关键词", "话题", "标签"], ["topic", "subjects"]),
    "summary": (["summary", "notes", "minutes", "comments", "摘要", "备注", "纪要", "会议纪要"],
                ["note", "remarks", "details"]),
    "source": (["source", "link", "url", "来源", "链接"], []),
    "confidentiality": (["confidentiality", "classification", "密级"], ["security"]),
}


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


def resolve_columns(spec: MappingSpec, table: SourceTable) -> ColumnResolution:
    indexes: dict[str, int] = {}
    for name, rule in spec.fields.items():
        found = next((i for c in rule.column if (i := table.column_index(c)) is not None), None)
        if found is not None:
            indexes[name] = found
    missing_required = [f for f in REQUIRED_FIELDS if f not in indexes and f not in spec.fixed]
    return ColumnResolution(indexes, missing_required)


def _header_score(header: str, field: str) -> int:
    key = header_key(header)
    key_words = re.sub(r"[_\-]+", " ", key)
    contains, exact = SYNONYMS[field]
    if key_words in contains or key_words in exact:
        return 100
    for word in contains:
        if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", key_words):
            return 60 + min(len(word), 30)
    return 0


def _date_ratio(values: list[str]) -> float:
    if not values:
        return 0.0
    good = 0
    for value in values[:50]:
        try:
            parse_date(value, default_year=2000)
            good += 1
        except CellError:
            pass
    return good / min(len(values), 50)


def propose_mapping(table: SourceTable) -> tuple[MappingSpec, list[str]]:
    """A mapping guessed from headers and values, and the required fields it could not find."""
    scores = [(score, field, index) for index, header in enumerate(table.headers)
              for field in TARGET_FIELDS if (score := _header_score(header, field))]
    scores.sort(key=lambda item: (-item[0], item[2]))
    chosen: dict[str, int] = {}
    for _score, field, index in scores:
        if field not in chosen and index not in chosen.values():
            chosen[field] = index
    if "date" not in chosen:
        free = [i for i in range(len(table.headers)) if i not in chosen.values()]
        ratios = {i: _date_ratio(table.values(i, 50)) for i in free}
        best = max(ratios, key=ratios.get, default=None)
        if best is not None and ratios[best] >= 0.6:
            chosen["date"] = best
    fields: dict[str, Any] = {}
    for field, index in sorted(chosen.items(), key=lambda item: item[1]):
        rule: dict[str, Any] = {"column": table.headers[index]}
        if field == "date" and _needs_year(table.values(index, 50)):
            rule["year_from_filename"] = True
        if TARGET_FIELDS[field].multi and (split := _guess_split(table.values(index, 200))):
            rule["split"] = split
        fields[field] = rule
    spec = MappingSpec(fields=fields)
    missing = [f for f in REQUIRED_FIELDS if f not in spec.fields]
    return spec, missing


def _needs_year(values: list[str]) -> bool:
    """True when some dates give no year (then the file name's year is used)."""
    for value in values[:200]:
        try:
            parse_date(value)
        except CellError as exc:
            if "no year" in str(exc):
                return True
    return False


def _guess_split(values: list[str]) -> list[str] | None:
    """Extra separators beyond the defaults (";", "；", "、", newlines): "," when many cells hold one."""
    with_comma = sum(1 for v in values if "," in v)
    return [","] if values and with_comma / len(values) >= 0.2 else None
