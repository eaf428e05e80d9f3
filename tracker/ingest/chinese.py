"""Chinese articles: "省委书记于伟国会见了腾讯公司董事会主席兼首席执行官马化腾" and the like.

Titles stand before names and organisations before titles; names end at a delimiter or at a word
they cannot run into, and ``jieba`` decides between a two- and a three-character name where no
delimiter does. Rules are in ``rules/zh.yaml``. Names get their pinyin as the record name.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from tracker.ingest.dates import chinese_date
from tracker.ingest.draft import Span
from tracker.ingest.extractor import ArticleExtractor
from tracker.ingest.findings import (
    AgreementMention,
    AttendanceMention,
    MeetingMention,
    PersonMention,
    PledgeMention,
)
from tracker.ingest.gazetteer import Gazetteer
from tracker.ingest.rules import area_phrases, compiled, load_rules
from tracker.ingest.text import Piece
from tracker.matching import pinyin
from tracker.models import AgreementKind, MeetingKind

LANG = "zh"
HAN = r"[\u4e00-\u9fff]"


def _rules() -> dict:
    return load_rules(LANG)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=256)
def _jieba_person_names(sentence: str) -> frozenset[str]:
    import jieba.posseg

    return frozenset(word for word, flag in jieba.posseg.lcut(sentence) if flag == "nr")


def latin_name(chinese: str) -> str:
    """ "马化腾" → "Ma Huateng": the record name of a person first met in Chinese."""
    return " ".join(part.capitalize() for part in pinyin(chinese, person=True).split())


class ChineseExtractor(ArticleExtractor):
    """One pass over a Chinese article; people are kept by their Chinese name."""

    language = LANG

    def __init__(self, text: str, *, gazetteer: Gazetteer | None = None) -> None:
        super().__init__(text)
        self.gazetteer = gazetteer

    def _read_article(self) -> None:
        f = self.findings
        f.headline = next((p.text for p in self.pieces[:3] if len(p.text) > 8), None)
        f.province = self._province()
        f.city = self._city()
        if f.province:
            f.province_government = f"{f.province}省人民政府"
        if match := re.search(_rules()["event_pattern"], self.text):
            f.event = (match.group(0), Span(start=match.start(), end=match.end(), text=match.group(0)))

    # ------------------------------------------------------------------------------- article
    def _province(self) -> str | None:
        found = Counter(
            m.group(1)
            for m in re.finditer(rf"({HAN}{{2}})省", self.text)
            if m.group(1) not in ("全省", "该省", "本省", "外省", "我省", "各省")
        )
        if not found:
            found = Counter({p: self.text.count(p) for p in _rules()["provinces"] if p in self.text})
        return found.most_common(1)[0][0] if found else None

    def _city(self) -> str | None:
        mayors = Counter(re.findall(rf"({HAN}{{2}})市(?:长|委|人民政府|政府)", self.text))
        if mayors:
            return mayors.most_common(1)[0][0]
        match = re.search(_rules()["city_pattern"], self.text)
        return match["city"] if match else None

    # ------------------------------------------------------------------------------- people
    def _name_at(self, piece: Piece, start: int) -> str | None:
        window = piece.text[start : start + 4]
        name = ""
        for index, char in enumerate(window[:3]):
            if not re.match(HAN, char) or char in _rules()["name_delimiters"][:12]:
                break
            if index >= 2 and any(window[index:].startswith(w) for w in _rules()["name_stop_prefixes"]):
                break
            name += char
        if (
            len(name) == 3
            and name[:2] in _jieba_person_names(piece.text)
            and name not in _jieba_person_names(piece.text)
        ):
            name = name[:2]
        return name if len(name) >= 2 else None

    def _organisation_before(self, piece: Piece, title_start: int) -> str | None:
        head = piece.text[:title_start]
        run = re.search(rf"({HAN}|[A-Za-z]){{2,16}}$", head)
        if not run:
            return None
        org = re.split(r"会见了?|会谈|与|和|及|同|、|，|在", run.group(0))[-1]
        return org if len(org) >= 2 else None

    def _implied(self, title: str) -> str | None:
        for word, template in _rules()["title_implies_organisation"].items():
            if title.startswith(word) or title == word:
                place = self.findings.province if "{province}" in template else self.findings.city
                return template.format(province=place, city=place) if place else None
        return None

    def _remember(self, piece: Piece, start: int, chinese: str, title: str | None, org: str | None) -> None:
        span = piece.span(start, start + len(chinese))
        known = self._people.get(chinese)
        if known:
            known.title = known.title or title
            known.organisation = known.organisation or org
            known.implied_organisation = known.implied_organisation or (
                self._implied(title) if title else None
            )
            return
        self._people[chinese] = PersonMention(
            name=latin_name(chinese),
            local_name=chinese,
            span=span,
            title=title,
            organisation=org,
            implied_organisation=self._implied(title) if title else None,
        )

    def _people_in(self, piece: Piece) -> None:
        titles = _alternation(_rules()["title_words"])
        for match in re.finditer(rf"(?:{titles})(?:(?:兼|、)(?:{titles}))*", piece.text):
            name = self._name_at(piece, match.end())
            if not name:
                continue
            title = match.group(0)
            org = self._organisation_before(piece, match.start())
            if org and org in _rules()["plural_titles"]:
                org = None
            self._remember(
                piece,
                match.end(),
                name,
                f"{org}{title}" if org and not self._implied(title) else title,
                org if not self._implied(title) else None,
            )
        plural = _rules()["plural_titles"]
        for match in re.finditer(rf"(?:{_alternation(plural)})", piece.text):
            position = match.end()
            while True:
                name = self._name_at(piece, position)
                if not name:
                    break
                self._remember(piece, position, name, plural[match.group(0)], None)
                position += len(name)
                if position < len(piece.text) and piece.text[position] in "、和及与":
                    position += 1
                else:
                    break
        if self.gazetteer and self.gazetteer.session is not None:
            candidates = {
                piece.text[i : i + n]
                for n in (2, 3)
                for i in range(len(piece.text) - n + 1)
                if re.fullmatch(f"{HAN}{{{n}}}", piece.text[i : i + n])
            }
            for written in self.gazetteer.people_named_in(candidates):
                if written not in self._people and not any(
                    written in k or k in written for k in self._people
                ):
                    position = piece.text.find(written)
                    self._remember(piece, position, written, None, None)

    def names_in(self, text: str) -> list[tuple[int, str]]:
        found = [
            (m.start(), mention.name)
            for chinese, mention in self._people.items()
            for m in re.finditer(re.escape(chinese), text)
        ]
        return sorted(set(found))

    # ------------------------------------------------------------------------------- meetings
    def _meeting_in(self, piece: Piece) -> None:
        attending = compiled(LANG, "attendance_verbs", False)
        verb = compiled(LANG, "meeting_verbs", False).search(
            attending.sub(lambda m: "#" * len(m.group(0)), piece.text)
        )
        if not verb or compiled(LANG, "signing_verbs", False).search(piece.text[: verb.start()]):
            return
        names = self.names_in(piece.text)
        if not names:
            return
        hosts = [n for pos, n in names if pos < verb.start()]
        guests = [n for pos, n in names if pos > verb.start() and n not in hosts]
        found = chinese_date(piece.text, self.base)
        date = type(found)(found.day, piece.start + found.start, piece.start + found.end) if found else None
        kinds = _rules()["meeting_kinds"]
        kind = next((MeetingKind(k) for w, k in kinds.items() if w in piece.text), MeetingKind.TALK)
        mention = MeetingMention(span=piece.span(), hosts=hosts, guests=guests, date=date, kind=kind)
        if place := re.search(_rules()["place_pattern"], piece.text):
            mention.place, mention.place_span = (
                place["place"],
                piece.span(place.start("place"), place.end("place")),
            )
        self.findings.meetings.append(mention)

    def _attendance_in(self, piece: Piece) -> None:
        if compiled(LANG, "attendance_verbs", False).search(piece.text):
            names = [n for _, n in self.names_in(piece.text)]
            if names and not compiled(LANG, "meeting_verbs", False).search(
                piece.text.replace("参加会见", "")
            ):
                self.findings.attendance.append(AttendanceMention(names, piece.span()))

    # ------------------------------------------------------------------------------- signings
    def organisations_in(self, text: str) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []

        def add(start: int, end: int, name: str | None) -> None:
            if name and not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                found.append((start, name))

        known = {p.organisation for p in self._people.values() if p.organisation}
        for name in sorted(known, key=len, reverse=True):
            for match in re.finditer(re.escape(name), text):
                add(match.start(), match.end(), name)
        province = self.findings.province
        for phrase in _rules()["province_government_phrases"]:
            for match in re.finditer(re.escape(phrase), text, re.IGNORECASE):
                add(match.start(), match.end(), self.findings.province_government)
        for phrase in _rules()["province_party_phrases"]:
            for match in re.finditer(re.escape(phrase), text, re.IGNORECASE):
                add(match.start(), match.end(), f"中共{province}省委" if province else None)
        suffixes = _alternation(_rules()["organisation_suffixes"])
        for match in re.finditer(rf"({HAN}{{2,10}}?(?:{suffixes}))", text):
            phrase = re.split(r"会见了?|与|和|及|同|、|在|由|签署了?", match.group(1))[-1]
            add(match.end(1) - len(phrase), match.end(1), phrase if len(phrase) >= 3 else None)
        if province:
            for match in re.finditer(rf"{province}(?!省)", text):
                add(match.start(), match.end(), self.findings.province_government)
        if self.gazetteer and self.gazetteer.session is not None:
            candidates = {text[i : i + n] for n in range(2, 9) for i in range(len(text) - n + 1)}
            for written in self.gazetteer.organisations_named_in(candidates):
                for match in re.finditer(re.escape(written), text):
                    add(match.start(), match.end(), written)
        return sorted(found)

    def _agreement_in(self, piece: Piece) -> None:
        verb = compiled(LANG, "signing_verbs", False).search(piece.text)
        noun = compiled(LANG, "agreement_nouns", False).search(piece.text)
        if not verb or not noun or noun.start() < verb.start():
            return
        kind = AgreementKind(_rules()["agreement_nouns"][noun.group(0)])
        parties: list[str] = []
        for _, org in self.organisations_in(piece.text[: noun.start()]):
            if org not in parties:
                parties.append(org)
        found = chinese_date(piece.text, self.base)
        date = type(found)(found.day, piece.start + found.start, piece.start + found.end) if found else None
        self.findings.agreements.append(
            AgreementMention(kind=kind, parties=parties, span=piece.span(), date=date)
        )

    # ------------------------------------------------------------------------------- topics
    def _topics_in(self, piece: Piece) -> None:
        for pattern in _rules()["topic_patterns"]:
            match = re.search(pattern, piece.text)
            if not match:
                continue
            for item in re.split(_rules()["topic_separators"], match["items"]):
                item = item.strip(" 等")
                if 2 <= len(item) <= 20:
                    start = piece.text.find(item)
                    self.findings.topics.append((item, piece.span(start, start + len(item))))
            return

    # ------------------------------------------------------------------------------- pledges
    def _pledges(self) -> None:
        speech = compiled(LANG, "speech_verbs", False)
        cue = compiled(LANG, "pledge_cues", False)
        seen: set[tuple[str, str]] = set()
        speaker, paragraph = None, None
        for piece in self.pieces:
            if piece.paragraph != paragraph:
                speaker, paragraph = None, piece.paragraph
            said = speech.search(piece.text)
            if said:
                before = [n for pos, n in self.names_in(piece.text[: said.start()])]
                speaker = before[-1] if before else speaker
            if not cue.search(piece.text):
                continue
            subject = self._subject(piece.text)
            for area, start, end, clause in self._areas_in(piece.text):
                pledger = subject or self._speaker_organisation(speaker)
                if not pledger or (pledger, area) in seen:
                    continue
                seen.add((pledger, area))
                self.findings.pledges.append(
                    PledgeMention(
                        pledger=pledger, area=area, text=clause.strip("，。 "), span=piece.span(start, end)
                    )
                )

    def _speaker_organisation(self, speaker: str | None) -> str | None:
        mention = next((m for m in self._people.values() if m.name == speaker), None)
        return (mention.organisation or mention.implied_organisation) if mention else None

    def _subject(self, clause: str) -> str | None:
        cue = compiled(LANG, "pledge_cues", False).search(clause)
        if not cue:
            return None
        orgs = [org for pos, org in self.organisations_in(clause[: cue.start()])]
        return orgs[-1] if orgs else None

    @staticmethod
    def _areas_in(text: str) -> list[tuple[str, int, int, str]]:
        """(area, start, end, clause) — the clause is the sentence up to the phrase's comma."""
        pairs = area_phrases(LANG)
        taken: list[tuple[int, int]] = []
        found = []
        for phrase, area in pairs:
            for match in re.finditer(re.escape(phrase), text, re.IGNORECASE):
                if not any(s < match.end() and match.start() < e for s, e in taken):
                    taken.append((match.start(), match.end()))
                    clause_end = min(
                        [i for i in (text.find("，", match.end()), text.find("。", match.end())) if i >= 0]
                        or [len(text)]
                    )
                    clause_start = text.rfind("，", 0, match.start()) + 1
                    found.append((area, match.start(), match.end(), text[clause_start:clause_end]))
        return sorted(found, key=lambda item: item[1])
