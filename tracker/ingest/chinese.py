"""Chinese articles: "省委书记于伟国会见了腾讯公司董事会主席兼首席执行官马化腾" and the like.

Titles stand before names and organisations before titles; names end at a delimiter or at a word
they cannot run into, and ``jieba`` decides between a two- and a three-character name where no
delimiter does. Rules are in ``rules/zh.yaml``. Names get their pinyin as the record name.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from tracker.ingest.chinese_places import (
    as_organisation,
    canonical_names,
    find_city,
    find_province,
    government_name,
    named_place,
    party_committee_name,
)
from tracker.ingest.dates import chinese_date
from tracker.ingest.draft import Span
from tracker.ingest.enumerations import items_of
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
from tracker.ingest.text import Piece, cut
from tracker.matching import pinyin
from tracker.models import AgreementKind, MeetingKind

LANG = "zh"
HAN = r"[\u4e00-\u9fff]"
# A region in brackets inside a company's name: "巴斯夫（中国）有限公司".
REGION = rf"(?<={HAN})[（(]{HAN}{{1,4}}[）)](?={HAN})"


def _rules() -> dict:
    return load_rules(LANG)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _japanese_surnames() -> tuple[str, ...]:
    return tuple(sorted(_rules()["japanese_surnames"], key=len, reverse=True))


@lru_cache(maxsize=256)
def _jieba_person_names(sentence: str) -> frozenset[str]:
    import jieba.posseg

    return frozenset(word for word, flag in jieba.posseg.lcut(sentence) if flag == "nr")


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """jieba's words of ``text``, kept: the same runs are read again for every title and name."""
    import jieba

    return tuple(jieba.lcut(text))


def _inside_word(run: str, cut: re.Match) -> bool:
    """Whether a one-character separator is the second character of a word jieba reads: the "为"
    of "华为", not the "为" of "并为" or "地为"; never a conjunction."""
    if cut.end() - cut.start() != 1 or cut.start() == 0 or cut.group(0) in "和及与同、，,":
        return False  # a conjunction joins names even where jieba reads it into one ("以及")
    position = 0
    for token in _words(run):
        if position < cut.start() < position + len(token):
            return True
        position += len(token)
    return False


def _runs_on(text: str, start: int, end: int) -> bool:
    """Whether the last character of ``text[start:end]`` begins a word of three characters or
    more in jieba's dictionary ("局长" in "布局长三角", where jieba reads "长三角"); a name after a
    title ("市长江海鹏") is no such word, nor are the fragments jieba guesses around names."""
    import jieba

    offset = max(0, start - 2)
    position = offset
    for token in _words(text[offset : end + 3]):
        if position == end - 1 and len(token) >= 3 and jieba.dt.FREQ.get(token, 0) >= 50:
            return True
        position += len(token)
    return False


def _after_separators(run: str) -> str:
    """What follows the last word that separates an organisation from what precedes it; a single
    character before "和" starts the name rather than being joined ("日商東和電機")."""
    cuts = [m for m in re.finditer(_rules()["before_organisation"], run) if m.end() > m.start()
            and not _inside_word(run, m)]
    while cuts and cuts[-1].group(0) in ("和", "及") and len(run) - cuts[-1].end() <= 5 \
            and re.search(f"{_rules()['body_endings']}$", run) \
            and not re.search(f"{_rules()['body_endings']}$", run[: cuts[-1].start()]) \
            and (len(cuts) == 1 or cuts[-2].end() < cuts[-1].start() - 1):
        cuts.pop()  # "创新科技及工业局", "经济及科技发展局": one bureau of two fields, not two bodies
    while cuts and cuts[-1].group(0) == "和" \
            and cuts[-1].start() - (cuts[-2].end() if len(cuts) > 1 else 0) == 1:
        cuts.pop()
    return run[cuts[-1].end():] if cuts else run


def latin_name(chinese: str) -> str:
    """ "马化腾" → "Ma Huateng": the record name of a person first met in Chinese."""
    return " ".join(part.capitalize() for part in pinyin(chinese, person=True).split())


class ChineseExtractor(ArticleExtractor):
    """One pass over a Chinese article; people are kept by their Chinese name."""

    language = LANG

    def __init__(self, text: str, *, gazetteer: Gazetteer | None = None, traditional: bool = False) -> None:
        super().__init__(text)
        self.traditional = traditional
        self.gazetteer = gazetteer
        self._named: set[str] = set()

    def _read_article(self) -> None:
        f = self.findings
        f.headline = next((p.text for p in self.pieces[:3] if len(p.text) > 8), None)
        f.city = find_city(self.text)
        f.province = find_province(self.text, f.city)
        if not f.province and (place := named_place(self.text)) and place != f.city:
            # "市委书记聂志强" in an article that names its city only as "东平": the titles tell
            # whether the place is a city or a province; a province's paper may name a city's
            # committee too ("安徽日报" and "合肥市委书记"), and stays the province's.
            provincial = len(re.findall(r"省(?:委|长|政府)", self.text))
            if provincial > len(re.findall(r"市(?:委|长|政府)", self.text)):
                f.province = place
            elif not f.city:
                f.city = place
        # A county's article ("竹北縣長", "县委书记") names its county where a city's names its city.
        self.city_level = "县" if f.city and f"{f.city}县" in self.text and f"{f.city}市" not in self.text \
            else "市"
        f.province_government = self._government(f.province, "省")
        if match := re.search(_rules()["event_pattern"], self.text):
            f.event = (match.group(0), Span(start=match.start(), end=match.end(), text=match.group(0)))

    def _city_phrases(self, rule: str) -> list[str]:
        """"市政府", "市府", "市委", or in a county's article "县政府", "县府", "县委"."""
        return [p.replace("市", self.city_level) for p in _rules()[rule]]

    def _government(self, place: str | None, level: str) -> str | None:
        return government_name(self.text, place, level, traditional=self.traditional)

    # ------------------------------------------------------------------------------- people
    def _name_at(self, piece: Piece, start: int) -> str | None:
        window = piece.text[start : start + 4]
        if not window or window[0] in _rules()["not_name_starts"]:
            return None
        if any(window.startswith(w) for w in _rules()["name_stop_prefixes"] if len(w) > 1):
            return None  # "市委书记出席签约仪式": the title stands alone
        rest = piece.text[start:]
        if latin := re.match(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}(?![A-Za-z])", rest):
            return latin.group(0)  # "亞太區總裁Michael Grant"
        if foreign := re.match(rf"{HAN}{{1,6}}(?:[·•・‧．]{HAN}{{1,8}})+", rest):
            # "首席执行官马丁·克劳斯一行": a transliterated name, its last part cut where the text goes on
            name = foreign.group(0)
            head, _, last = name.rpartition(name[len(name) - len(re.split(r"[·•・‧．]", name)[-1]) - 1])
            for index in range(1, len(last)):
                if last[index] in _rules()["name_delimiters"] or any(
                        last[index:].startswith(w) for w in _rules()["name_stop_prefixes"] if len(w) > 1):
                    last = last[:index]
                    break
            return f"{head}{name[len(head)]}{last}"
        if surname := self._japanese_surname(piece.text[start:]):
            # "佐藤健一一行", "佐佐木浩二": a Japanese surname of two or three characters and a
            # given name of one or two.
            name = surname
            for index, char in enumerate(piece.text[start + len(surname) : start + len(surname) + 3]):
                rest = piece.text[start + len(name) :]
                if not re.match(HAN, char) or (char in _rules()["name_delimiters"] and char != "一") \
                        or any(rest.startswith(w) for w in _rules()["name_stop_prefixes"] if len(w) > 1):
                    break
                if index == 2 and char not in _rules()["japanese_given_name_endings"]:
                    break
                name += char
            return name if len(name) > len(surname) else None
        name = ""
        for index, char in enumerate(window[:3]):
            if not re.match(HAN, char) or char in _rules()["name_delimiters"][:12]:
                break
            if index >= 2 and any(window[index:].startswith(w) for w in _rules()["name_stop_prefixes"]):
                break
            name += char
        bounded = len(window) < 4 or window[3] in _rules()["name_delimiters"] or any(
            window[3:].startswith(w) for w in _rules()["name_stop_prefixes"])
        if (
            len(name) == 3
            and not bounded
            and name[:2] in _jieba_person_names(piece.text)
            and name not in _jieba_person_names(piece.text)
        ):
            name = name[:2]
        if len(name) == 3 and not bounded:
            name += self._repeated_continuation(name)
        return name if len(name) >= 2 else None

    def _repeated_continuation(self, name: str) -> str:
        """What follows a three-character name wherever the article writes it, when that is always
        the same one or two characters and never a word that ends a name: "富永健太郎" written four
        times is a five-character Japanese name, not "富永健"."""
        delimiters = _rules()["name_delimiters"]
        stops = [w for w in (*_rules()["name_stop_prefixes"], *_rules()["title_words"]) if len(w) > 1]
        following = [self.text[m.end(): m.end() + 2] for m in re.finditer(re.escape(name), self.text)]
        if len(following) < 2:
            return ""
        for length in (2, 1):
            tails = {f[:length] for f in following}
            tail = tails.pop() if len(tails) == 1 else ""
            if len(tail) == length and re.fullmatch(f"{HAN}+", tail) \
                    and not any(c in delimiters for c in tail) \
                    and not any(w.startswith(tail) or tail.startswith(w) for w in stops):
                return tail
        return ""

    def _organisation_before(self, piece: Piece, title_start: int) -> str | None:
        head = piece.text[:title_start]
        run = re.search(rf"({HAN}|[A-Za-z]){{2,16}}$", head)
        if not run:
            return None
        org = _after_separators(run.group(0))
        return org if len(org) >= 2 else None

    def _implied(self, title: str) -> str | None:
        """The body a title's highest post heads, in the article's province or city."""
        ranked = list(_rules()["title_implies_organisation"])
        best = None
        for part in re.split(r"、|兼|暨", title):
            word = next((w for w in sorted(ranked, key=len, reverse=True) if part.endswith(w)), None)
            if word and (best is None or ranked.index(word) < ranked.index(best)):
                best = word
        if best is None:
            return None
        template = _rules()["title_implies_organisation"][best]
        level = "省" if "{province}" in template else "县" if "县" in best else "市"
        place = self.findings.province if level == "省" else self.findings.city
        if template.startswith("中共"):
            return party_committee_name(place, level)
        return self._government(place, level)

    def _title_before(self, text: str, title: re.Match) -> tuple[int, str, str]:
        """(start, body, posts) of the title standing before a name: posts joined by "、" may each
        carry words of their own ("市委办公厅主任"); ``body`` is what precedes the first post."""
        titles = _alternation(_rules()["title_words"])
        # 20 characters: a company named in full with its legal form runs to 15 or more
        run = re.search(rf"(?:{HAN}|{REGION}){{0,20}}$", text[: title.start()]).group(0)
        prefix = _after_separators(run)
        segments = [(prefix, title.group(0))]
        position = title.start() - len(prefix)
        while prefix == run and position > 0 and text[position - 1] == "、":
            earlier = re.search(rf"({HAN}{{0,14}}?)({titles})$", text[: position - 1])
            if not earlier:
                break
            run = earlier.group(1)
            prefix = _after_separators(run)
            segments.insert(0, (prefix, earlier.group(2)))
            position = earlier.end(1) - len(prefix)
        body = segments[0][0]
        posts = "、".join([segments[0][1]] + [a + b for a, b in segments[1:]])
        return position, body, posts

    def _remember(self, piece: Piece, start: int, chinese: str, title: str | None, org: str | None) -> None:
        span = piece.span(start, start + len(chinese))
        known = self._people.get(chinese)
        if known:
            if title and known.title and "、" in title and "、" not in known.title \
                    and title.endswith(re.split(r"、|兼|暨", known.title)[-1][-2:]):
                # a headline's "集团董事长曹振国", the text's "…党委书记、董事长": the posts in full
                known.title = title
            if title and known.title and len(title) > len(known.title) \
                    and re.sub(r"股份有限公司|有限责任公司|有限公司", "", title) == known.title:
                known.title = title  # the headline's "糖业集团董事长", the text's "糖业集团有限公司董事长"
            known.title = known.title or title
            known.organisation = known.organisation or org
            known.implied_organisation = known.implied_organisation or (
                self._implied(title) if title else None
            )
            return
        self._people[chinese] = PersonMention(
            name=latin_name(chinese) if re.search(HAN, chinese) else chinese,
            local_name=chinese,
            span=span,
            title=title,
            organisation=org,
            implied_organisation=self._implied(title) if title else None,
        )

    def _titled_person(self, piece: Piece, match: re.Match) -> tuple[str, str, str | None] | None:
        """(name, title, organisation named) of the person a title stands before."""
        name = self._name_at(piece, match.end())
        if not name:
            return None
        start, body, posts = self._title_before(piece.text, match)
        org = body or None
        if org in _rules()["generic_organisations"]:
            # "走访了比迅科技股份有限公司，与公司董事长周家明座谈": the company just named.
            named = [n for _, e, n in self._suffixed_names(self.text[: piece.start + start])
                     if n.endswith(org.removeprefix("该"))]
            if named:
                short = re.sub(_rules()["legal_forms"], "", named[-1])
                return name, f"{short}{posts}", self._body_named(named[-1])
        place = org if org in (self.findings.province, self.findings.city) else None
        if place or not org or len(org) < 2 or org in _rules()["plural_titles"]:
            return name, posts, None  # "海城市长": the place is the organisation's
        if self._implied(posts):
            return name, posts, None
        last = re.split(r"、|兼|暨", posts)[-1]
        suffixes = _alternation(_rules()["organisation_suffixes"])
        if not re.search(suffixes, org) and (bodies := [n for _, _, n in self._suffixed_names(posts)]):
            # "访问团团长、香港工商总会会长": a later post's named body, not the unnamed group.
            return name, f"{org}{posts}", self._body_named(bodies[-1])
        if re.fullmatch(_rules()["delegation_words"], org) and (senders := [
                n for _, e, n in self._suffixed_names(self.text) if self.text.startswith(org, e)]):
            # "访问团团长、厂商会会长": the delegation's, of the body that sent it ("…联合会访问团")
            return name, f"{org}{posts}", self._body_named(senders[0])
        division = re.fullmatch(rf"(?P<company>{HAN}{{2,}}?)(?:{_rules()['division_words']})", org)
        if division:
            # "默克集团电子科技事业体执行长", "默克台湾区董事长": a division's head serves the company
            head = division["company"]
            company = re.match(rf"{HAN}+?(?:集团|公司)", head)
            known = sorted({n for n in self._named | {p.organisation for p in self._people.values()}
                            if n and n.startswith(head) and n.endswith(("集团", "公司"))}, key=len)
            body = company.group(0) if company else known[0] if known else None
            if body:
                return name, f"{org}{posts}", self._body_named(body)
        unit = re.fullmatch(rf"(.*(?:{suffixes}))({HAN}{{1,4}})", org)
        if unit and not re.search(suffixes, unit.group(2)):
            # "海风能源公司亚太区总裁": the company, and its division in the title
            return name, f"{org}{posts}", self._body_named(unit.group(1))
        suffixed = re.search(suffixes, org)
        if last in _rules()["bureau_titles"] and not suffixed:
            # "市府经发局长": the bureau's short name belongs to the title, the body is the city's.
            bureau = re.sub(r"^(?:市府|市政府|省府|省政府|县府|县政府)", "", org)
            level = "省" if org.startswith("省") and self.findings.province else self.city_level
            place = self.findings.province if level == "省" else self.findings.city
            full = _rules()["body_short_names"].get(bureau[1:] if bureau[:1] in "省市县" else bureau)
            if full and place:  # "省发展改革委主任": the province's 发展和改革委员会
                return name, f"{bureau}{posts}", f"{place}{level}{full}"
            return name, f"{bureau}{posts}", self._government(place, level)
        return name, f"{org}{posts}", self._body_named(org)

    def _body_named(self, written: str) -> str:
        """An organisation named before a title; "省政府" and "市委" are the article's own."""
        f = self.findings
        bodies = {
            **dict.fromkeys(_rules()["province_government_phrases"], f.province_government),
            **dict.fromkeys(_rules()["province_party_phrases"], party_committee_name(f.province, "省")),
            **dict.fromkeys(self._city_phrases("city_government_phrases"),
                            self._government(f.city, self.city_level)),
            **dict.fromkeys(self._city_phrases("city_party_phrases"),
                            party_committee_name(f.city, self.city_level)),
        }
        if written not in bodies and len(written) > 3 and (
                (written[0] == "省" and f.province) or (written[0] == self.city_level and f.city)):
            # "省商务厅": the department of the province (or city) the article is about
            written = f"{f.province if written[0] == '省' else f.city}{written}"
        for short, full in _rules()["body_short_names"].items():
            if written.endswith(short) and written[: -len(short)].endswith(("省", "市", "县")):
                written = written[: -len(short)] + full  # "岭南省住建厅": its 住房和城乡建设厅
        return bodies.get(written) or as_organisation(written)

    @staticmethod
    def _inside_organisation_word(text: str, position: int) -> bool:
        return any(
            text.startswith(suffix, start) and start < position < start + len(suffix)
            for suffix in _rules()["organisation_suffixes"]
            for start in range(max(0, position - len(suffix) + 1), position)
        )

    def _people_in(self, piece: Piece) -> None:
        titles = _alternation(_rules()["title_words"])
        previous_org, previous_end = None, -1
        # posts join with 兼 or, in formal Traditional writing, 暨 ("总裁暨执行长")
        for match in re.finditer(rf"(?:{titles})(?:(?:兼|暨|、)(?:{titles}))*", piece.text):
            if self._inside_organisation_word(piece.text, match.start()):
                continue  # "方大集团长期以来" is no "团长"
            if _runs_on(piece.text, match.start(), match.end()):
                continue  # "布局长三角" is no "局长"
            found = self._titled_person(piece, match)
            if not found:
                continue
            name, title, org = found
            between = piece.text[previous_end : match.start()] if previous_end >= 0 else None
            implied = self._implied(title)
            joined = re.fullmatch(_rules()["list_joiners"], between or "#")
            if org is None and not implied and previous_org and joined:
                org = previous_org  # "方大集团董事宋宏谋，董事、轮值总裁黄智华": the same company
            self._remember(piece, match.end(), name, title, org)
            end = match.end() + len(name)
            for more in self._names_sharing_title(piece, end):  # "副市长何志远、田佳": two deputy mayors
                self._remember(piece, end + 1, more, title, org)
                end += 1 + len(more)
            previous_org, previous_end = (None if implied else org), end
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
        # "张伟、李沛兴及李志勋参加": names without titles, listed as attending.
        for match in re.finditer(_rules()["attending_names_pattern"], piece.text):
            names = re.split(r"[、和及与]", match["names"])
            if all(2 <= len(n) <= 3 and n[0] in _rules()["surnames"] for n in names):
                position = match.start("names")
                for name in names:
                    self._remember(piece, position, name, None, None)
                    position += len(name) + 1
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

    def _names_sharing_title(self, piece: Piece, position: int) -> list[str]:
        """The names listed after a titled one with no title of their own ("副省长王海、李娜，"):
        each bounded by a delimiter, starting with a surname, and not a title or a body's name."""
        titles = _alternation(_rules()["title_words"])
        names: list[str] = []
        text = piece.text
        while position < len(text) and text[position] == "、":
            rest = text[position + 1 :]
            if re.match(rf"{HAN}{{0,4}}?(?:{titles})", rest) or self._inside_organisation_word(rest, 1):
                break
            name = self._name_at(piece, position + 1)
            if not name or name[0] not in _rules()["surnames"] and not self._japanese_surname(name):
                break
            after = rest[len(name) : len(name) + 2]
            if after and after[0] not in "、，。；,;" and not any(
                    after.startswith(w[:2]) for w in (*_rules()["name_stop_prefixes"],
                                                      *_rules()["attendance_verbs"])):
                break
            names.append(name)
            position += 1 + len(name)
        return names

    @staticmethod
    def _japanese_surname(text: str) -> str | None:
        return next((s for s in _japanese_surnames() if text.startswith(s)), None)

    def _date_of(self, piece: Piece):
        """The date the sentence states (the dateline aside), else the one an earlier sentence of
        its paragraph stated ("8月23日下午，…签订协议。省长冯飞会见…")."""
        found = previous = None
        following = _rules()["following_days"]
        for earlier in self.pieces:
            if earlier.start > piece.start:
                break
            day = chinese_date(re.sub(r"\d{1,2}月\d{1,2}日(?=讯|电)", lambda m: "#" * len(m.group(0)),
                                      self._date_text(earlier)), self.base)
            word = re.search(_alternation(following), earlier.text) if previous else None
            if day is None and word:  # "翌日": the day after the one told before
                shifted = previous.day + dt.timedelta(days=following[word.group(0)])
                day = type(previous)(shifted, word.start(), word.end())
            if day:
                previous = day
                if earlier.paragraph == piece.paragraph:
                    found = type(day)(day.day, earlier.start + day.start, earlier.start + day.end)
        return found

    def run(self, base_date):
        """Findings, with every organisation under the fullest name the article gives it."""
        city = [*_rules()["city_government_phrases"], *_rules()["city_party_phrases"]]
        bare = {*_rules()["province_government_phrases"], *_rules()["province_party_phrases"],
                *city, *(p.replace("市", "县") for p in city)}
        for start, end, name in self._suffixed_names(self.text):
            if name not in bare:  # "市政府" is the article's city's, read where it is written
                self._named.add(name)
            if name.endswith("公司"):
                self.findings.organisations.append((name, Span(start=start, end=end, text=name)))
        findings = super().run(base_date)
        names = [m.organisation for m in findings.people] + [m.implied_organisation for m in findings.people]
        names += [p for a in findings.agreements for p in a.parties] + [p.pledger for p in findings.pledges]
        names += [n for n, _ in findings.organisations]
        canonical = canonical_names(names)
        countries = _alternation(_rules()["country_prefixes"])
        for written, name in list(canonical.items()):
            own = re.match(rf"(?:{countries})(?P<rest>{HAN}{{3,}})$", name)
            if own and own["rest"] in re.sub(rf"(?:{countries}){re.escape(own['rest'])}", "#", self.text):
                canonical[written] = own["rest"]  # "德国博瑞机械集团", then "博瑞机械集团": the latter
        for mention in findings.people:
            mention.organisation = canonical.get(mention.organisation, mention.organisation)
            mention.implied_organisation = canonical.get(mention.implied_organisation,
                                                         mention.implied_organisation)
        for agreement in findings.agreements:
            agreement.parties = list(dict.fromkeys(canonical.get(p, p) for p in agreement.parties))
        for pledge in findings.pledges:
            pledge.pledger = canonical.get(pledge.pledger, pledge.pledger)
        named = [(canonical.get(n, n), span) for n, span in findings.organisations]
        findings.organisations = [  # "房屋工业公司" inside "大和房屋工业公司": the longer reading
            (n, span) for n, span in named
            if not any(o.start <= span.start and span.end <= o.end and len(m) > len(n) for m, o in named)
        ]
        return findings

    def names_in(self, text: str) -> list[tuple[int, str]]:
        found = [
            (m.start(), mention.name)
            for chinese, mention in self._people.items()
            for m in re.finditer(re.escape(chinese), text)
        ]
        whole = [(start, start + len(chinese)) for chinese in self._people
                 for start in (m.start() for m in re.finditer(re.escape(chinese), text))]
        for chinese, mention in self._people.items():
            # "马库斯·霍夫曼", then "霍夫曼表示": a transliterated name goes by its last part
            last = re.split(r"[·•・‧．]", chinese)[-1]
            if last != chinese and len(last) >= 2:
                found += [(m.start(), mention.name) for m in re.finditer(re.escape(last), text)
                          if not any(s <= m.start() < e for s, e in whole)]
        return sorted(set(found))

    # ------------------------------------------------------------------------------- meetings
    def _meeting_in(self, piece: Piece) -> None:
        attending = compiled(LANG, "attendance_verbs", False)
        masked = attending.sub(lambda m: "#" * len(m.group(0)), piece.text)
        # "会见后，…签署了协议": told after the meeting, not another meeting
        masked = re.sub(_rules()["after_meeting"], lambda m: "#" * len(m.group(0)), masked)
        verb = compiled(LANG, "meeting_verbs", False).search(masked)
        if not verb or compiled(LANG, "signing_verbs", False).search(piece.text[: verb.start()]):
            return
        names = self.names_in(piece.text)
        if not names:
            return
        hosts = [n for pos, n in names if pos < verb.start()]
        guests = [n for pos, n in names if pos > verb.start() and n not in hosts]
        # a meeting told of later without a day of its own ("在两人会谈的同时") is on the last one's
        date = self._date_of(piece) or next(
            (m.date for m in reversed(self.findings.meetings) if m.date), None)
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
            if names and not compiled(LANG, "meeting_verbs", False).search(  # "陪同接见": attending
                compiled(LANG, "attendance_verbs", False).sub("#", piece.text)
            ):
                self.findings.attendance.append(AttendanceMention(names, piece.span()))

    # ------------------------------------------------------------------------------- signings
    def organisations_in(self, text: str) -> list[tuple[int, str]]:
        """(position, organisation) in ``text``: the longest of overlapping readings wins, and a
        short form of an organisation named in full stands for it."""
        candidates: list[tuple[int, int, str]] = []

        def add(start: int, end: int, name: str | None) -> None:
            if name:
                candidates.append((start, end, name))

        known = {p.organisation for p in self._people.values() if p.organisation} | set(self._named)
        canonical = canonical_names(known)
        for written in sorted(canonical, key=len, reverse=True):
            for match in re.finditer(re.escape(written), text):
                add(match.start(), match.end(), as_organisation(canonical[written]))
        f = self.findings
        for phrases, body in (
            ("province_government_phrases", f.province_government),
            ("province_party_phrases", party_committee_name(f.province, "省")),
            ("city_government_phrases", self._government(f.city, self.city_level)),
            ("city_party_phrases", party_committee_name(f.city, self.city_level)),
        ):
            for phrase in self._city_phrases(phrases) if phrases.startswith("city") else _rules()[phrases]:
                for match in re.finditer(re.escape(phrase), text):
                    add(match.start(), match.end(), body)
        for start, end, name in self._suffixed_names(text):
            add(start, end, canonical.get(name, as_organisation(name)))
        if f.province:
            for match in re.finditer(rf"{f.province}(?!省)", text):
                add(match.start(), match.end(), f.province_government)
        if f.city:  # "南川市将…": the city as a whole is its government, as a province is
            for match in re.finditer(rf"{f.city}{self.city_level}(?![委长]|人民政府|政府|民)", text):
                add(match.start(), match.end(), self._government(f.city, self.city_level))
        if self.gazetteer and self.gazetteer.session is not None:
            strings = {text[i : i + n] for n in range(2, 9) for i in range(len(text) - n + 1)}
            for written in self.gazetteer.organisations_named_in(strings):
                for match in re.finditer(re.escape(written), text):
                    add(match.start(), match.end(), written)
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []
        for start, end, name in sorted(candidates, key=lambda c: c[0] - c[1]):
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                found.append((start, name))
        return sorted(found)

    @staticmethod
    def _suffixed_names(text: str) -> list[tuple[int, int, str]]:
        """Organisations named by their form ("…集团有限公司", "…政府"), cut free of the words
        before them ("他投资台湾精卡科技公司" → "台湾精卡科技公司")."""
        suffixes = _alternation(_rules()["organisation_suffixes"])
        found = []
        enterprise = _alternation(_rules()["enterprise_suffixes"])
        for match in re.finditer(rf"((?:{HAN}|{REGION}){{2,10}}?(?:{suffixes})+)", text):
            run, run_end = match.group(1), match.end(1)
            more = re.match(rf"({HAN}{{1,3}}?)(?:{enterprise})+", text[run_end:])
            if more and not re.search(_rules()["before_organisation"], more.group(1)):
                # "香港科技园公司": a word ending like a suffix ("科技") inside a name that goes on
                run, run_end = run + more.group(0), run_end + more.end()
            phrase = _after_separators(run)
            if len(phrase) > 3 and any(text.startswith(t, run_end - 1) for t in _rules()["title_words"]
                                       if len(t) > 1 and t[0] == phrase[-1]):
                continue  # "省商务厅厅长": the last 厅 begins the title
            phrase = re.sub(_rules()["organisation_leading_verbs"], "", phrase)
            if len(phrase) >= 3 and not re.search(_rules()["counted_organisations"], phrase):
                found.append((run_end - len(phrase), run_end, phrase))
        return found

    def _agreement_in(self, piece: Piece) -> None:
        # "A与B签署X；C与D签署Y" (or "，"): several signings in one sentence, each its own agreement.
        clauses = cut(piece, [m.end() for m in re.finditer(r"[；;，,]", piece.text)])
        verb, noun = compiled(LANG, "signing_verbs", False), compiled(LANG, "agreement_nouns", False)
        signings = [c for c in clauses if (v := verb.search(c.text)) and noun.search(c.text, v.end())]
        if len(signings) > 1:
            for clause in signings:
                self._one_agreement_in(clause)
        else:
            self._one_agreement_in(piece)

    def _one_agreement_in(self, piece: Piece) -> None:
        verb = compiled(LANG, "signing_verbs", False).search(piece.text)
        noun = compiled(LANG, "agreement_nouns", False).search(piece.text)
        if not verb or not noun or noun.start() < verb.start():
            return
        kind = AgreementKind(_rules()["agreement_nouns"][noun.group(0)])
        parties: list[str] = []
        for _, org in self.organisations_in(piece.text[: noun.start()]):
            if org not in parties:
                parties.append(org)
        for _, name in self.names_in(piece.text[: noun.start()]):  # "副省长周立新与…陈敏仪签署"
            mention = next(m for m in self._people.values() if m.name == name)
            org = mention.organisation or mention.implied_organisation
            if org and org not in parties:
                parties.append(org)
        if listed := re.search(_rules()["party_list_pattern"], piece.text[noun.end() :]):
            start = noun.end() + listed.start("items")
            for item in re.split(_rules()["party_list_separators"], listed["items"]):
                name = item.strip()
                if len(name) >= 2 and name not in parties:
                    parties.append(name)
                    offset = piece.text.find(name, start)
                    self.findings.organisations.append((name, piece.span(offset, offset + len(name))))
        # "签署协议" after a named agreement is that agreement, signed by the people in the sentence.
        refers_back = noun.group(0) == "协议" and bool(self.findings.agreements)
        self.findings.agreements.append(
            AgreementMention(kind=kind, parties=parties, span=piece.span(), date=self._date_of(piece),
                             refers_back=refers_back)
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
        speaker, paragraph, last_named = None, None, None
        for piece in self.pieces:
            if piece.paragraph != paragraph:
                speaker, paragraph = None, piece.paragraph
            names = self.names_in(piece.text)
            said = speech.search(piece.text)
            if said:
                before = [n for pos, n in names if pos < said.start()]
                if before:
                    speaker = before[-1]
                elif re.search(r"[他她]\S{0,2}$", piece.text[: said.start()]) and last_named:
                    speaker = last_named  # "他说": the person the last sentence named first
            if names:
                last_named = names[0][1]
            if not cue.search(piece.text):
                continue
            for area, known, start, end in self._pledge_areas(piece.text):
                pledger = self._pledger(piece.text, start)
                if pledger is False:
                    continue
                pledger = pledger or self._speaker_organisation(speaker)
                if not pledger or (pledger, area) in seen:
                    continue
                seen.add((pledger, area))
                self.findings.pledges.append(
                    PledgeMention(
                        pledger=pledger, area=area, text=self._clause(piece.text, start, end),
                        span=piece.span(start, end), area_known=known,
                    )
                )

    def _speaker_organisation(self, speaker: str | None) -> str | None:
        mention = next((m for m in self._people.values() if m.name == speaker), None)
        return (mention.organisation or mention.implied_organisation) if mention else None

    def _pledger(self, text: str, position: int) -> str | None | bool:
        """Who pledges what is said at ``position``: the organisation before the cue in its clause,
        the enterprise when "双方" (both sides) do, the person named before; False when the cue
        asks another organisation for something ("希望中国一重扩大投资" is a request, not a pledge)."""
        cues = list(compiled(LANG, "pledge_cues", False).finditer(text))
        before = [c for c in cues if c.start() < position]
        # A field told of before the cue ("商汤科技在人工智能方面领先，希望…") is read with it.
        cue = before[-1] if before else cues[0]
        clause_start = max(text.rfind(mark, 0, cue.start()) for mark in "，,；;。") + 1
        clause_end = min([i for i in (text.find(m, cue.end()) for m in "，,；;。") if i >= 0] or [len(text)])
        if "双方" in text[clause_start:clause_end]:
            return self._enterprise() or None
        if re.search(r"[他她它]们", text[clause_start : cue.start()]):
            return False  # what the speaker says others will do
        subjects = self.organisations_in(text[clause_start : cue.start()])
        if subjects:
            return subjects[-1][1]
        after = self.organisations_in(text[cue.end() : clause_end])
        if cue.group(0) == "希望" and after and after[0][0] == 0:
            return False
        names = [n for _, n in self.names_in(text[: cue.start()])]
        return self._speaker_organisation(names[-1]) if names else None

    def _enterprise(self) -> str | None:
        """The enterprise the article is about: the first one a person represents."""
        from tracker.ingest.organisations import guess_kind

        for mention in sorted(self._people.values(), key=lambda m: m.span.start):
            if mention.organisation and guess_kind(mention.organisation) == "private_enterprise":
                return mention.organisation
        return None

    def _pledge_areas(self, text: str) -> list[tuple[str, bool, int, int]]:
        """(area, known, start, end): the items of an enumeration of fields, and the taxonomy
        phrases elsewhere in the sentence."""
        found: list[tuple[str, bool, int, int]] = []
        taken: list[tuple[int, int]] = []
        for match in re.finditer(_rules()["enumeration_pattern"], text):
            items = items_of(match["items"], match.start("items"), _rules()["enumeration_separators"],
                             LANG, field=match["field"])
            if len(items) < 2 and not match["field"]:
                continue
            taken.append((match.start(), match.end()))
            found += [(i.area, i.known, i.start, i.end) for i in items]
        for area, start, end, _clause in self._areas_in(text):
            if not any(s <= start < e for s, e in taken):
                found.append((area, True, start, end))
        return sorted(found, key=lambda item: item[2])

    @staticmethod
    def _clause(text: str, start: int, end: int) -> str:
        clause_end = min([i for i in (text.find(m, end) for m in "，,。") if i >= 0] or [len(text)])
        clause_start = max(text.rfind(m, 0, start) for m in "，,") + 1
        return text[clause_start:clause_end].strip("，,。 ")

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
