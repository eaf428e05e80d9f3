"""The words an office's register uses: column headers per tracker field, in English variants,
French, Spanish, German, Dutch and Chinese (simplified and traditional), and the values of a kind,
status or confidentiality column. One place, so the proposal, the value mappings and their tests
read the same lists.

Headers are compared after ``header_words`` (case, accents, punctuation, underscores and a
plural "(s)" folded away), so the lists hold each word once, in lower case without accents.
"""

from __future__ import annotations

import re
import unicodedata

# Field → (phrases that name it anywhere in a header, words that name it only as the whole header).
HEADER_WORDS: dict[str, tuple[list[str], list[str]]] = {
    "meeting_id": (
        ["meeting id", "meeting ref", "meeting reference", "meeting no", "meeting number", "record id",
         "contact id", "id reunion", "numero de reunion", "besprechungsnummer",
         "vergadernummer", "会议编号", "會議編號", "编号", "編號"],
        ["id", "ref", "no", "nr", "numero", "nummer"]),
    "date": (
        ["start date", "meeting date", "date of meeting", "contact date", "event date", "date met",
         "date de la reunion", "date de reunion", "fecha", "fecha de la reunion", "datum",
         "datum der besprechung", "datum vergadering", "termin", "rendez vous", "日期",
         "会见日期", "会议日期", "會見日期", "會議日期", "时间", "時間"],
        ["date", "when", "day", "dates"]),
    "time": (["start time", "heure", "hora", "uhrzeit", "tijd", "时刻", "开始时间", "開始時間"], ["time"]),
    "title": (
        ["purpose of meeting", "purpose", "subject", "title", "topic of meeting", "objet",
         "objet de la reunion", "motif", "asunto", "objeto", "motivo", "tema", "betreff", "gegenstand",
         "anlass", "thema",
         "onderwerp", "doel", "事由", "主题", "主題", "会议主题", "會議主題", "标题", "標題", "议题内容",
         "議題內容", "议题", "議題"],
        ["reason", "description", "内容", "內容", "about", "agenda", "matter", "issue"]),
    "organisations": (
        ["name of organisation", "name of external organisation", "organisation", "organization",
         "company", "companies", "enterprise", "stakeholder", "external organisation", "entity", "entities",
         "interest representative", "lobby", "client", "firm", "body met", "organisations met",
         "organizations met", "organisme", "organismes", "entite", "entreprise", "societe",
         "representant d interets", "entidad", "entidades", "empresa", "organizacion", "organismo",
         "organisation name", "unternehmen", "firma", "interessenvertreter", "verband",
         "organisatie", "bedrijf", "instelling", "企业", "企業", "公司", "单位", "單位", "机构", "機構",
         "对方单位", "對方單位", "企业名称", "企業名稱", "组织", "組織", "团体", "團體"],
        ["name", "names", "org", "orgs", "organisations", "organizations", "who", "with", "met with",
         "counterpart", "counterparts", "entity name", "org name", "nom", "nombre", "naam"]),
    "people": (
        ["attendees", "participants", "people met", "people", "guests", "external attendees",
         "lobbyist", "lobbyists", "representatives", "representative", "contacts", "contact persons",
         "visitors", "participants externes", "personnes rencontrees", "asistentes", "participantes",
         "representantes", "teilnehmer", "gesprachspartner", "deelnemers", "vertegenwoordigers",
         "参会人员", "參會人員", "出席人员", "出席人員", "嘉宾", "嘉賓", "对方人员", "對方人員", "来访人员"],
        ["contact", "人员", "人員", "persons"]),
    "official": (
        ["minister", "official", "officials", "government official", "host", "councillor", "councilor",
         "mayor", "commissioner", "secretary of state", "elected official", "responsable",
         "ministre", "elu", "ministro", "cargo publico", "funcionario", "alto cargo", "minister in",
         "amtstrager", "abgeordneter", "bewindspersoon", "wethouder", "gedeputeerde", "burgemeester",
         "领导", "領導", "出席领导", "出席領導", "官员", "官員", "会见领导", "會見領導"],
        ["who met", "name of minister", "staff", "holder", "met by", "member", "members"]),
    "official_title": (
        ["official title", "official s title", "position", "job title", "fonction", "cargo", "funktion",
         "functie", "职务", "職務", "职位", "職位"], ["role", "title of official"]),
    "government_body": (
        ["government body", "department", "ministry", "portfolio", "directorate", "ministere",
         "ministerio", "departamento", "ministerium", "behorde", "ministerie", "departement",
         "部门", "部門", "政府部门", "政府部門", "主办部门", "主辦部門"],
        ["agency", "office", "bureau", "dienst"]),
    "place": (["location", "venue", "place", "lieu", "lugar", "ort", "plaats", "locatie", "地点", "地點",
               "会见地点", "會見地點"], ["where", "city"]),
    "kind": (["meeting type", "type of meeting", "contact type", "type of contact", "kind", "format",
              "type de reunion", "tipo de reunion", "art", "besprechungsart", "gesprachsart", "kontaktart",
              "terminart", "soort", "type", "tipo", "类型", "類型", "形式"], ["types", "medium", "mode"]),
    "status": (["status", "statut", "estado", "stand", "状态", "狀態"], []),
    "topics": (["topics", "tags", "keywords", "themes", "mots cles", "temas", "schlagworter",
                "trefwoorden", "关键词", "關鍵詞", "话题", "話題", "标签", "標籤"],
               ["topic", "subjects", "policy area", "sector"]),
    "summary": (["summary", "notes", "minutes", "comments", "action of interest", "resume", "remarques",
                 "resumen", "observaciones", "notas", "zusammenfassung", "bemerkungen", "samenvatting",
                 "opmerkingen", "摘要", "备注", "備註", "纪要", "紀要", "会议纪要", "會議紀要"],
                ["note", "remarks", "details", "outcome"]),
    "source": (["source", "link", "url", "lien", "fuente", "enlace", "quelle", "bron", "来源", "來源",
                "链接", "鏈接"], []),
    "confidentiality": (["confidentiality", "classification", "sensitivity", "confidentialite",
                         "confidencialidad", "vertraulichkeit", "vertrouwelijkheid", "密级", "密級"],
                        ["security"]),
}

# Abbreviations of database-style headers ("org_nm", "mtg_dt"), read as the words they stand for.
ABBREVIATIONS = {
    "org": "organisation", "orgn": "organisation", "orgs": "organisations", "co": "company",
    "cmpy": "company", "nm": "name", "dt": "date", "dte": "date", "mtg": "meeting", "mtng": "meeting",
    "off": "official", "offl": "official", "purp": "purpose", "purps": "purpose", "subj": "subject",
    "desc": "description", "loc": "location", "dept": "department", "min": "minister",
    "rep": "representative", "reps": "representatives", "attnd": "attendees", "attd": "attendees",
    "typ": "type", "tm": "time",
    "yr": "year", "mth": "month", "mo": "month", "txt": "", "cd": "", "nbr": "number", "num": "number",
}
# Header words that name a part of a date spread over several columns.
DATE_PART_WORDS: dict[str, list[str]] = {
    "year": ["year", "annee", "ano", "jahr", "jaar", "年", "年份"],
    "month": ["month", "month name", "mois", "mes", "monat", "maand", "月", "月份"],
    "day": ["day", "jour", "dia", "tag", "dag", "日"],
}

# A value of a kind column → our kind, when one of these words is in it.
KIND_WORDS: list[tuple[str, str]] = [
    ("signing", "signing_ceremony"), ("signature", "signing_ceremony"), ("签约", "signing_ceremony"),
    ("call", "call"), ("telephone", "call"), ("phone", "call"), ("virtual", "call"), ("video", "call"),
    ("teams", "call"), ("zoom", "call"), ("online", "call"), ("téléphon", "call"), ("telefon", "call"),
    ("电话", "call"), ("視訊", "call"), ("视频", "call"), ("llamada", "call"), ("telef", "call"),
    ("appel", "call"), ("visio", "call"), ("videoconf", "call"), ("gesprek per", "call"),
    ("visit", "visit"), ("visite", "visit"), ("visita", "visit"), ("besuch", "visit"), ("bezoek", "visit"),
    ("考察", "visit"), ("走访", "visit"), ("inspection", "inspection"), ("site", "inspection"),
    ("调研", "inspection"), ("forum", "forum"), ("conference", "forum"), ("roundtable", "forum"),
    ("round table", "forum"), ("summit", "forum"), ("seminar", "forum"), ("论坛", "forum"), ("會議", "forum"),
    ("dinner", "banquet"), ("lunch", "banquet"), ("breakfast", "banquet"), ("reception", "banquet"),
    ("banquet", "banquet"), ("宴", "banquet"), ("cena", "banquet"), ("comida", "banquet"),
    ("almuerzo", "banquet"), ("desayuno", "banquet"), ("dîner", "banquet"), ("déjeuner", "banquet"),
    ("diner", "banquet"), ("essen", "banquet"),
    ("meeting", "talk"), ("talk", "talk"), ("réunion", "talk"), ("reunion", "talk"), ("reunión", "talk"),
    ("besprechung", "talk"), ("treffen", "talk"), ("gesprek", "talk"), ("overleg", "talk"),
    ("in person", "talk"), ("presencial", "talk"), ("en personne", "talk"), ("persönlich", "talk"),
    ("会见", "talk"), ("会谈", "talk"), ("會見", "talk"), ("會談", "talk"),
]
STATUS_WORDS: list[tuple[str, str]] = [
    ("cancel", "cancelled"), ("annul", "cancelled"), ("abgesagt", "cancelled"), ("geannuleerd", "cancelled"),
    ("取消", "cancelled"), ("plan", "planned"), ("prévu", "planned"), ("prevu", "planned"),
    ("previst", "planned"), ("geplant", "planned"), ("gepland", "planned"), ("scheduled", "planned"),
    ("upcoming", "planned"), ("计划", "planned"), ("計劃", "planned"), ("held", "held"), ("done", "held"),
    ("completed", "held"), ("tenu", "held"), ("realizad", "held"), ("celebrad", "held"),
    ("stattgefunden", "held"), ("gehouden", "held"), ("已举行", "held"), ("已舉行", "held"),
]
CONFIDENTIALITY_WORDS: list[tuple[str, str]] = [
    ("secret", "secret"), ("geheim", "secret"), ("机密", "secret"), ("秘密", "confidential"),
    ("confiden", "confidential"), ("vertraulich", "confidential"), ("vertrouwelijk", "confidential"),
    ("restricted", "confidential"), ("internal", "internal"), ("interne", "internal"),
    ("interno", "internal"), ("intern", "internal"), ("official", "internal"), ("内部", "internal"),
    ("public", "public"), ("publi", "public"), ("öffentlich", "public"), ("openbaar", "public"),
    ("公开", "public"), ("公開", "public"),
]
VALUE_WORDS = {"kind": KIND_WORDS, "status": STATUS_WORDS, "confidentiality": CONFIDENTIALITY_WORDS}
# What an unmapped value of an optional field becomes (with a warning on its row).
UNMAPPED_VALUE = {"kind": "other", "status": None, "confidentiality": None}
SKIP = "skip"

_PLURAL_S = re.compile(r"\((?:s|es|e|en|n)\)", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def header_words(header: str) -> str:
    """A header reduced to its words: "City official(s)" → "city official",
    "NAME_OF_ORGANISATION" → "name of organisation", "Organisme rencontré" → "organisme rencontre"."""
    text = _PLURAL_S.sub("", header or "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def expand_abbreviations(words: str) -> str:
    """ "org nm" → "organisation name"; other words unchanged."""
    return " ".join(w for w in (ABBREVIATIONS.get(word, word) for word in words.split()) if w)


def value_key(value: str) -> str:
    """A cell value as a value mapping compares it: case and spacing folded."""
    return " ".join((value or "").casefold().split())
