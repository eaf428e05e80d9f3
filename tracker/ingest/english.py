"""English articles: people with titles, meetings, signings, pledges, topics, event and place.

Patterns come from ``rules/en.yaml``; this module only knows the shapes English news uses:
"NAME, TITLE of ORG", "TITLE NAME", "NAME of ORG", "A met with B", "X signed an agreement with Y",
"NAME said that ORG will …".
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache

from tracker.ingest.dates import english_date
from tracker.ingest.enumerations import area_of, items_of
from tracker.ingest.extractor import ArticleExtractor
from tracker.ingest.findings import (
    AgreementMention,
    AttendanceMention,
    MeetingMention,
    PersonMention,
    PledgeMention,
)
from tracker.ingest.rules import area_phrases, compiled, load_rules, phrase_pattern
from tracker.ingest.text import Piece, cut
from tracker.models import AgreementKind, MeetingKind

LANG = "en"
# Korean given names are hyphenated in lower case after the hyphen ("Park Ji-hoon").
NAME = r"(?:[A-Z][a-z]+(?:[ -][A-Z][a-z]+(?:-[a-z]+)?){1,2})"
# A capitalised word; an apostrophe inside a name ("O'Neil") but not a possessive ("Daesan Steel's").
_CAP_WORD = r"[A-Z][\w&./-]*(?:'(?!s\b)[\w&.-]+|'s(?=\s+[A-Z]))*"
CAP_PHRASE = rf"(?:{_CAP_WORD}(?:\s+(?:of\s+|&\s+)?{_CAP_WORD}){{0,6}})"
# Courtesy titles before a family name ("Mr Lee", "Ms Ashdown"): the person named in full before.
HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Madam)\.?"
NOT_NAME_WORDS = {
    "meet",
    "meets",
    "met",
    "with",
    "and",
    "of",
    "the",
    "province",
    "provincial",
    "government",
    "committee",
    "digital",
    "china",
    "summit",
    "forum",
    "news",
    "center",
    "centre",
    "daily",
    "home",
    "source",
    "related",
    "links",
    "join",
    "forces",
    "talks",
    "between",
    "enterprises",
    "yesterday",
    "today",
    "tomorrow",
    "according",
    "minister",
    "secretary",
    "governor",
    "chairman",
    "president",
    "group",
    "company",
    "city",
    "people",
    "party",
    "general",
    "vice",
    "deputy",
    "mayor",
    "ceo",
    "founder",
    "director",
    "chief",
    "executive",
    "leaders",
    "leader",
    "also",
    "in",
    "on",
    "at",
}
MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}


def _rules() -> dict:
    return load_rules(LANG)


def plural_titles() -> dict[str, str]:
    """Plural titles before a list of names ("Vice-mayors Lin Tao and Zhou Min"): the rules' own,
    and every title word's plural ("ministers", "secretaries", "chairmen"), each → its singular."""
    found = {}
    for title in _rules()["title_words"]:
        if "." in title or title.endswith("s"):
            continue
        plural = re.sub(r"man$", "men", title) if title.endswith("man") else \
            re.sub(r"y$", "ies", title) if re.search(r"[^aeiou]y$", title) else f"{title}s"
        found[plural] = " ".join(w[:1].upper() + w[1:] for w in title.split())
    found.update(_rules()["plural_titles"])
    return found


def _title_words_pattern() -> str:
    return phrase_pattern(_rules()["title_words"])


def _written_out(title: str) -> str:
    """"Gov." as "Governor": a title stored as the office is called, whatever the article's style."""
    for short, full in _rules()["title_abbreviations"].items():
        title = re.sub(rf"(?i)^{re.escape(short)}(?=\s|$)", full, title)
    return title


def looks_like_name(name: str) -> bool:
    if re.match(rf"{HONORIFIC}\s", name):
        return False  # "Mr Lee": a family name, of someone named in full
    words = re.split(r"\s+|-(?=[A-Z])", name.strip())  # "Jung Hae-in": "in" is part of a given name
    # "Wuxi Institute", "Financial Officer": a body's or a post's word is nobody's name
    organisation_words = {
        w.lower() for w in _rules()["government_org_words"] + _rules()["enterprise_org_words"]
        + _rules()["association_org_words"] + _rules()["modified_title_heads"]
    }
    return 2 <= len(words) <= 3 and not any(  # "Development Karen Lowe": a portfolio's last word
        w.lower() in NOT_NAME_WORDS | MONTHS | organisation_words | set(_rules()["portfolios"]) for w in words
    )


class EnglishExtractor(ArticleExtractor):
    """One pass over an English article, filling ``Findings``."""

    language = LANG

    def __init__(self, text: str, *, known_organisations: set[str] | None = None) -> None:
        super().__init__(text)
        self.known_organisations = set(known_organisations or ())

    def _read_article(self) -> None:
        f = self.findings
        for match in re.finditer(_named_by_form(), self.text):
            # "Alpenwerk AG", "the Southmere Chamber of Commerce": an organisation by its form
            # "About Kaneda Robotics Inc": a press release's closing heading, not the name
            name = _without_owner_country(re.sub(r"^(?:The|the|About)\s+", "", match.group(0)))
            end = match.end()
            if region := _region_after_legal_form(name, self.text[end:]):
                name, end = name + region, end + len(region)  # "Siemens Ltd, China"
            if len(name.split()) > 1:
                f.organisations.append((name, self._span(end - len(name), end)))
        f.headline = self._headline()
        f.publication = self._publication()
        f.province = self._province()
        if f.province:
            f.province_government = f"{f.province} Provincial People's Government"
        f.city = self._city()
        f.event = self._event()

    def _pledges(self) -> None:
        self._collect_pledges()
        for mention in self._people.values():  # the first mention anchors the person's order
            first = re.search(rf"\b{re.escape(mention.name)}\b", self.text)
            if first and first.start() < mention.span.start:
                mention.span = self._span(first.start(), first.end())

    # ------------------------------------------------------------------------------- article
    def _headline(self) -> str | None:
        for piece in self.pieces[:4]:
            if len(piece.text) > 25 and not re.search(r"location|^\d{4}-", piece.text, re.I):
                return piece.text
        return None

    def _publication(self) -> str | None:
        match = re.search(r"Source:\s*([A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*){0,4})", self.text[:1000])
        return match.group(1) if match else None

    def _province(self) -> str | None:
        found = Counter(m.group(1) for m in re.finditer(r"\b([A-Z][a-z]+)\s+Provinc(?:e|ial)\b", self.text))
        return found.most_common(1)[0][0] if found else None

    def _city(self) -> str | None:
        if municipal := re.search(r"\b([A-Z][a-z]+)\s+Municipal\b", self.text):
            return municipal.group(1)
        for match in re.finditer(r"\bin\s+([A-Z][a-z]+)\b(?!\s+(?:Province|Provincial))", self.text):
            word = match.group(1)
            if word.lower() not in MONTHS | NOT_NAME_WORDS and word != self.findings.province:
                return word
        return None

    def _event(self):
        nouns = "|".join(_rules()["event_nouns"])
        pattern = rf"\b(?:(?:\d+(?:st|nd|rd|th)|(?:19|20)\d{{2}})\s+)?(?:[A-Z][\w-]*\s+){{1,5}}(?:{nouns})\b"
        match = re.search(pattern, self.text)
        if not match:
            return None
        name = re.sub(r"^(?:The|the)\s+", "", match.group(0))
        start = match.end() - len(name)
        return name, self._span(start, match.end())

    def _span(self, start: int, end: int):
        from tracker.ingest.draft import Span

        return Span(start=start, end=end, text=self.text[start:end])

    # ------------------------------------------------------------------------------- people
    def _remember(self, mention: PersonMention) -> None:
        key = mention.name.lower()
        known = self._people.get(key)
        if known is None:
            self._people[key] = mention
            return
        if mention.span.start < known.span.start:
            known.span = mention.span
        known.title = known.title or mention.title
        known.organisation = known.organisation or mention.organisation
        known.implied_organisation = known.implied_organisation or mention.implied_organisation

    def _organisation_from_title(self, title: str) -> tuple[str | None, str | None]:
        """(organisation named in the title, organisation the title implies). A title of several
        posts ("…of China Minmetals, Secretary of the Party Committee of MCC") names the
        organisation the article names most."""
        head = title.lower().replace("-", " ")  # "Vice-mayor" heads what "vice mayor" does
        implied = None
        for word, template in sorted(
            _rules()["title_implies_organisation"].items(), key=lambda kv: -len(kv[0])
        ):
            if re.match(rf"{re.escape(word)}\b", head):
                place = re.search(r"\bof\s+(?:the\s+)?([A-Z][a-z]+)", title)
                # "the governor" of an article that names no province is its place's ("in Calder")
                fallback = self.findings.city if "{city}" in template \
                    else self.findings.province or ("{place}" in template and self.findings.city or None)
                county = " County " in template and re.search(r"\b([A-Z][a-z]+)\s+County\b", self.text)
                if county and not place:
                    fallback = county.group(1)  # a county magistrate's is the county the article names
                place_name = place.group(1) if place else fallback
                if place_name:
                    implied = self._body_of(template, place_name)
                break
        named = None
        if re.search(r"(?i)\bof\s+the\s+provincial\s+government$", title):
            named = self.findings.province_government  # "secretary-general of the provincial government"
        candidates = [
            as_organisation(m.group(1)) + (_region_after_legal_form(m.group(1), title[m.end(1):]) or "")
            # "Kaneda Agritech Co., Ltd.", "Fjordline (China)": the legal form and the country are the name's
            for m in re.finditer(rf"\bof\s+(?:the\s+)?({CAP_PHRASE}(?:,\s*(?:Ltd|Limited)\b\.?"
                                 rf"|\s+\((?:{'|'.join(map(re.escape, _country_names()))})\))?)"
                                 rf"(?=\s*(?:,|$|\s+and\s+[A-Z]))", title)
        ]
        candidates = [
            c for c in candidates
            if not re.fullmatch(r"[A-Z][a-z]+(?:\s+(?:Province|City|Municipality))?", c) or not implied
        ]
        if candidates:
            named = max(candidates, key=lambda c: (len(re.findall(rf"\b{re.escape(c)}\b", self.text)),
                                                   candidates.index(c)))
        return named, implied

    def _body_of(self, template: str, place: str) -> str:
        """The body a title heads in ``place``: a US state's is the State; a party secretary's is
        the province's committee where ``place`` is the province, else the city's."""
        if template == "{place} Government":
            return template.format(place=place)  # a premier's: "the Southmere Government"
        if not template.startswith("CPC") and re.search(rf"\b{re.escape(place)}\s+Government\b", self.text):
            return f"{place} Government"  # "the Eastland Government": the article's own name for it
        if place in _rules()["us_states"] or re.search(r"\bthe\s+state\b", self.text, re.I):
            return f"State of {place}"  # a governor whose article speaks of "the state"
        provincial = place == self.findings.province or place in _rules()["provinces"]
        return template.format(place=place, city=place, province=self.findings.province or place,
                               level="Provincial" if provincial else "Municipal")

    def _people_in(self, piece: Piece) -> None:
        titles = _title_words_pattern()
        # "Chairman and Chief Executive Officer of …": a title after "and" is no one's name
        stop = (
            r"(?=,|;|:|\.(?:\s|$)|\s+and\s+(?!(?i:" + titles + r"|chief|senior|executive)\b)"
            + NAME + r"|\s+(?:at|in|on|met|meets|meet|held|attended|"
            r"during|for|who|yesterday|today|said|says|visited|received|signed|were|was)\b|$)"
        )
        text = _outside_quotes(piece.text)
        adjectives = phrase_pattern(_rules()["title_adjectives"])
        title_modifiers = {*_rules()["title_adjectives"], *_rules()["portfolios"]}
        # A title's own words before its head word: "board member", "chief financial officer".
        modifiers = rf"(?:(?<![\w-])(?:(?!(?:{_rules()['not_title_modifiers']})\b)[a-z][a-z-]+\s+){{1,2}}" \
            rf"(?=(?i:{phrase_pattern(_rules()['modified_title_heads'])})))?"
        # NAME, ORG's TITLE: "Yuki Sato, Takumi Robotics' vice president for North America"
        for match in re.finditer(
            rf"(?P<name>{NAME}),\s+(?P<org>{CAP_PHRASE})(?:'s|'|’s|’)\s+"
            rf"(?P<title>(?:(?i:{adjectives})\s+)?{modifiers}(?i:{titles})[^,;:]*?){stop}",
            text,
        ):
            if looks_like_name(match["name"]):
                title = f"{match['title']} of {match['org']}"
                self._add_titled(piece, match.start("name"), match["name"], title)
        # NAME, TITLE (of ORG), TITLE (of ORG)…
        for match in re.finditer(
            rf"(?P<name>{NAME}),\s+(?:an?\s+)?(?P<title>(?:the\s+)?(?:(?i:{adjectives})\s+)?{modifiers}(?i:{titles})"
            rf"[^,;:]*?){stop}",
            text,
        ):
            if looks_like_name(match["name"]):
                title = match["title"]
                if co := re.match(r"\.?,?\s*(?:Ltd|Limited)\b\.?", text[match.end("title"):]) \
                        if re.search(r"\bCo\.?$", title) else None:
                    title += co.group(0)  # "…of Kaneda Agritech Co., Ltd.": the comma is the name's
                if region := _region_after_legal_form(title, text[match.end("title"):]):
                    title += region  # "president of Siemens Ltd, China": the region is the name's
                more = re.compile(rf",\s+(?:and\s+)?(?i:{titles})[^,;:]*?{stop}")
                end = match.end("title")
                while (post := more.match(text, end)) and not looks_like_name(post.group(0).strip(", ")):
                    title, end = title + text[end : post.end()], post.end()
                title = re.sub(r"\s+respectively$", "", title)
                title = re.sub(_rules()["company_descriptions"], "of ", title)
                title = _without_country_owner(title)
                self._add_titled(piece, match.start("name"), match["name"], title)
        # "The Premier of Southmere, Rebecca Ashdown,": the title of a place, then the name
        for match in re.finditer(
            rf"\b[Tt]he\s+(?P<title>(?i:{titles}))\s+of\s+(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?),\s+"
            rf"(?P<name>{NAME})\b", text,
        ):
            if looks_like_name(match["name"]):
                self._add_titled(piece, match.start("name"), match["name"], match["title"],
                                 place=match["place"])
        # plural titles before a list of names: "Provincial leaders Wang Ning and Zheng Xincong"
        plural = plural_titles()
        for match in re.finditer(
            rf"(?P<title>(?i:{phrase_pattern(plural)}))\s+(?P<names>{NAME}"
            rf"(?:\s*,\s*{NAME})*(?:,?\s+and\s+{NAME})?)",
            text,
        ):
            singular = plural[match["title"].lower()]
            for name in re.finditer(NAME, match["names"]):
                if looks_like_name(name.group(0)):
                    self._add_titled(piece, match.start("names") + name.start(), name.group(0), singular)
        # TITLE NAME, optionally "ORG TITLE NAME" or "ORG's TITLE NAME"
        for match in re.finditer(
            rf"(?:(?P<org>{CAP_PHRASE})(?:'s|’s)?\s+)?(?P<title>{modifiers}(?i:{titles})"
            rf"(?:\s+(?:and\s+)?(?i:{titles}))*(?:\s+(?:of|for)\s+[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+)*?"
            rf"(?=\s+{NAME}))?)\s+(?P<name>{NAME})",
            text,
        ):
            name, title, name_start = match["name"], match["title"], match.start("name")
            while len(name.split()) == 3 and name.split()[0].lower() in _rules()["portfolios"]:
                # "Minister of Economic Development Karen Lowe": the portfolio's last word is no name
                first, name = name.split(maxsplit=1)
                title, name_start = f"{title} {first}", match.end("name") - len(name)
            if not looks_like_name(name) or match["title"].lower() in plural_titles():
                continue
            org = match["org"]
            if org and (owner := re.fullmatch(r"(?P<owner>.+?)(?:'s|’s)\s+(?P<rest>.+)", org)):
                org, title = owner["owner"], f"{owner['rest']} {title}"  # "Alpenwerk's China president"
            local = org and re.fullmatch(rf"(?P<place>.+)\s+(?P<level>{_rules()['local_levels']})", org)
            if local:
                title = f"{local['level']} {title}"  # "Harlan County Commissioner": of Harlan County
            if org and (lead := re.fullmatch(r"(?P<place>[A-Z][a-z]+)\s+(?P<rest>.+)", org)) \
                    and lead["place"].lower() not in title_modifiers \
                    and set(lead["rest"].lower().split()) <= set(_rules()["portfolios"]) | {"and"}:
                org = lead["rest"]  # "Delmont Commerce Secretary": the state's secretary for commerce
            while org and re.fullmatch(rf"(?i:{titles})(?:\s+(?i:{titles}))*", f"{org.split()[-1]} {title}"):
                # "Shanghai Party Secretary": "Party Secretary" is the title
                *rest, last = org.split()
                org, title = " ".join(rest) or None, f"{last} {title}"
            if org and re.fullmatch(rf"(?i:{titles})(?:\s+(?i:{titles}))*", f"{org} {title}"):
                org, title = None, f"{org} {title}"  # "Vice Mayor": the whole is the title
            if org in ("State", "Federal", "Provincial", "County", "City", "Municipal"):
                org, title = None, f"{org} {title}"  # "Provincial Party Secretary": a title, no body
            heads = any(re.match(rf"{re.escape(w)}\b", title.lower())
                        for w in _rules()["title_implies_organisation"])
            if org and (self._is_place(org) or (heads and re.fullmatch(r"[A-Z][a-z]+", org))):
                title, org = f"{title} of {org}", None  # "Arkansas Governor": Governor of Arkansas
            if org and set(org.lower().split()) <= title_modifiers | {"and"}:
                org, title = None, f"{org} {title}"  # "Commerce Secretary": the state's, not "Commerce"'s
                portfolios = "|".join(w.capitalize() for w in _rules()["portfolios"])
                if more := re.search(rf"(?:{portfolios})\s+and\s+$", text[: match.start()]):
                    title = f"{more.group(0)}{title}"  # "Trade and Investment Minister"
            elif not org and re.search(r"[A-Z][\w.)-]*,\s*(?:the\s+)?$", text[: match.start()]) \
                    and title[0].islower():
                # "X, managing director of Nordbahn Rail Australia": the title is X's (but "After
                # the meeting, county magistrate Y": no name before the comma, so it is Y's)
                continue
            if org in ("State", "Federal", "Provincial", "County", "City", "Municipal"):
                org, title = None, f"{org} {title}"  # "State Secretary of Commerce": a title, no body
            if org and set(org.lower().split()) <= set(_rules()["title_adjectives"]):
                org, title = None, f"{org} {title}"  # "Deputy Secretary of Commerce"
            if org and (org.split()[0].lower() in NOT_NAME_WORDS | MONTHS or org.lower() in self._people):
                org = None
            after = re.match(r"\s+of\s+([A-Z][a-z]+)\b(?!\s+[A-Z])", text[match.end("name") :])
            if heads and not org and after:
                title = f"{title} of {after.group(1)}"  # "Mayor Chen Lin of Harborview"
            title = _written_out(title[0].upper() + title[1:])
            mention = PersonMention(
                name=name,
                span=piece.span(name_start, match.end("name")),
                title=f"{title} of {org}" if org and not local else title,
                organisation=org,
            )
            _, mention.implied_organisation = self._organisation_from_title(title)
            self._remember(mention)
        # NAME of ORG (headlines)
        for match in re.finditer(rf"(?P<name>{NAME})\s+of\s+(?P<org>{CAP_PHRASE})", text):
            if re.search(r"\b(?:the|The)\s+$", text[: match.start()]):
                continue  # "the Optics Valley of China": a place, nobody's name
            if looks_like_name(match["name"]) and not re.match(titles, match["org"], re.I):
                self._remember(
                    PersonMention(
                        name=match["name"],
                        organisation=match["org"].strip(),
                        span=piece.span(match.start("name"), match.end("name")),
                    )
                )
        # ORG's NAME
        for match in re.finditer(rf"(?P<org>{CAP_PHRASE})(?:'s|’s)\s+(?P<name>{NAME})", text):
            if looks_like_name(match["name"]):
                self._remember(
                    PersonMention(
                        name=match["name"],
                        organisation=match["org"],
                        span=piece.span(match.start("name"), match.end("name")),
                    )
                )
        # bare NAME before a speech or meeting verb
        verbs = phrase_pattern(_rules()["speech_verbs"] + _rules()["meeting_verbs"])
        for match in re.finditer(rf"(?P<name>{NAME})\s+(?i:{verbs})", text):
            if looks_like_name(match["name"]):
                self._remember(
                    PersonMention(name=match["name"], span=piece.span(match.start("name"), match.end("name")))
                )

    def _people_found(self) -> None:
        """A cabinet member ("Commerce Secretary", "Minister for Trade", "Treasurer") belongs to
        the government their governor or mayor heads, else to the government the article names."""
        from tracker.ingest.organisations import core, latin_legal_form

        known = {m.organisation for m in self._people.values() if m.organisation}
        full = {short: n for n in sorted(known) if (short := re.sub(_rules()["legal_endings"], "", n)) != n}
        # "of Kaneda Holdings" or "of Kaneda" once "Kaneda Holdings Ltd" is named by its legal form
        for name, _ in self.findings.organisations:
            if latin_legal_form(name) and len(core(name).split()) > 1:
                full.setdefault(core(name), name)
                full.setdefault(re.sub(_rules()["legal_endings"], "", name), name)
        for short in [k for k, m in self._people.items() if not m.title and (
                m.name in full or any(re.match(rf"{re.escape(m.name)}\b", n) for n in full.values()))]:
            del self._people[short]  # "Singapore's Kaneda Pacific": the company, written short
        for mention in self._people.values():
            if mention.organisation in full:  # "of Kaneda Precision" once "Kaneda Precision Co." is named
                mention.organisation = full[mention.organisation]
        cabinet = re.compile(_rules()["cabinet_title_pattern"], re.I)
        portfolios = set(_rules()["portfolios"]) | {"and"}
        city = re.search(r"\bCity\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?", self.text)
        for mention in self._people.values():
            if city and not mention.organisation and not mention.implied_organisation \
                    and re.fullmatch(r"(?i)(?:deputy\s+|vice\s+)?mayor", mention.title or ""):
                mention.implied_organisation = city.group(0)  # "Mayor X" where "the City of Y" is named
        heads = [m.implied_organisation for m in sorted(self._people.values(), key=lambda m: m.span.start)
                 if m.implied_organisation and re.match(r"(?i)(?:governor|mayor|premier)\b", m.title or "")]
        named = re.search(r"\b((?:[A-Z][a-z]+\s+){1,2}Government)\b", self.text)
        government = heads[0] if heads else named.group(1) if named else self.findings.province_government
        for mention in self._people.values():
            words = (mention.title or "").lower().split()
            adjectives = set(_rules()["title_adjectives"])
            portfolio_head = len(words) > 1 and set(words[:-1]) <= portfolios | adjectives \
                and not set(words[:-1]) <= adjectives \
                and words[-1] in ("director", "commissioner", "secretary", "minister")
            if mention.title and not mention.organisation and not mention.implied_organisation \
                    and (cabinet.fullmatch(mention.title) or portfolio_head):
                portfolio = re.search(r"(?i)(?:minister|secretary)\s+(?:of|for)\s+(?:the\s+)?(.+)",
                                      mention.title) \
                    or re.fullmatch(r"(?i)(.+?)\s+(?:secretary|minister|director|commissioner)",
                                    mention.title)
                field = portfolio and re.sub(rf"^(?:(?i:{'|'.join(adjectives)})\s+)+", "", portfolio.group(1))
                body = portfolio and re.search(rf"\b(?:[A-Z][a-z]+\s+){{0,3}}(?:Ministry|Department)\s+of\s+"
                                               rf"(?:the\s+)?{re.escape(field)}\b", self.text)
                # "Minister of Economic Development" of the "Ministry of Economic Development" named
                mention.implied_organisation = body.group(0) if body else government

    def _titled(self, title: str) -> str | None:
        """The person named earlier whose title is ``title`` ("the governor" → Governor Jensen)."""
        wanted = title.lower()
        for mention in sorted(self._people.values(), key=lambda m: m.span.start):
            words = (mention.title or "").lower()
            deputy = words.startswith(("vice", "deputy"))
            if re.match(rf"(?:\w+\s+)?{re.escape(wanted)}\b", words) and not deputy:
                return mention.name
        return None

    def _is_place(self, words: str) -> bool:
        return words in (self.findings.city, self.findings.province) or words in _rules()["us_states"] \
            or words in _rules()["provinces"]

    def _add_titled(self, piece: Piece, start: int, name: str, title: str, place: str | None = None) -> None:
        """``place``: the title's, told apart from it ("the Premier of Southmere, NAME")."""
        title = re.sub(r"^the\s+", "", title.strip(), flags=re.I)
        title = title[0].upper() + title[1:]
        named, implied = self._organisation_from_title(f"{title} of {place}" if place else title)
        self._remember(
            PersonMention(
                name=name,
                title=title,
                organisation=named,
                implied_organisation=implied,
                span=piece.span(start, start + len(name)),
            )
        )

    def names_in(self, text: str) -> list[tuple[int, str]]:
        """(position, name) of the people found so far that this text mentions, in order."""
        found = []
        for mention in self._people.values():
            for match in re.finditer(rf"\b{re.escape(mention.name)}\b", text):
                found.append((match.start(), mention.name))
        return sorted(set(found))

    # ------------------------------------------------------------------------------- meetings
    def _meeting_in(self, piece: Piece) -> None:
        verb = compiled(LANG, "meeting_verbs").search(piece.text)
        if not verb or re.search(r"\bsigned\b", piece.text[: verb.start()], re.I):
            return
        names = self.names_in(piece.text)
        if not names:
            return
        hosts = [n for pos, n in names if pos < verb.start()]
        guests = [n for pos, n in names if pos > verb.start() and n not in hosts]
        text = self._date_text(piece)
        # "FUZHOU, Nov. 27 (Xinhua) -- X met Y on Tuesday": the agency's dateline is the report's
        # day; a day the sentence states after it is the meeting's
        agency = re.match(r"\s*[A-Z][A-Z .'-]+,\s+(?:[A-Za-z]+,\s+)?[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b"
                          r"(?:,\s*\d{4})?\s*(?:\([^)]*\)|/[^/]+/)?\s*(?:--|—|–)", text)
        found = agency and english_date("#" * agency.end() + text[agency.end():], self.base)
        found = found or english_date(text, self.base)
        date = self._day_after_earlier(piece)
        if found:
            date = type(found)(found.day, piece.start + found.start, piece.start + found.end, found.precision)
        mention = MeetingMention(
            span=piece.span(), hosts=hosts, guests=guests, date=date, kind=self._kind(piece.text)
        )
        place = re.search(
            r"\bat\s+(?:the\s+)?(?P<place>(?:[a-z]+\s+of\s+)?[A-Z][^,.;]*?)(?=\s*[,.;]|$)", piece.text
        )
        if place:
            mention.place = place["place"][0].upper() + place["place"][1:]
            mention.place_span = piece.span(place.start("place"), place.end("place"))
        self.findings.meetings.append(mention)

    def _day_after_earlier(self, piece: Piece):
        """The day a meeting sentence without a date of its own tells of: "later that day", "the
        next day" or nothing at all count from the last meeting's stated day (its span)."""
        dated = [m.date for m in self.findings.meetings if m.date]
        if not dated:
            return None
        word = compiled(LANG, "following_days").search(piece.text)
        if not word:
            return dated[-1]
        offset = _rules()["following_days"][re.sub(r"\s+", " ", word.group(0).lower())]
        return type(dated[-1])(dated[-1].day + dt.timedelta(days=offset), piece.start + word.start(),
                               piece.start + word.end())

    def _kind(self, text: str) -> MeetingKind:
        kinds = _rules()["meeting_kinds"]
        match = compiled(LANG, "meeting_kinds").search(text)
        return MeetingKind(kinds[match.group(0).lower()]) if match else MeetingKind.TALK

    def _attendance_in(self, piece: Piece) -> None:
        if compiled(LANG, "attendance_verbs").search(piece.text):
            names = [n for _, n in self.names_in(piece.text)]
            if names:
                self.findings.attendance.append(AttendanceMention(names, piece.span()))

    # ------------------------------------------------------------------------------- signings
    def organisations_in(self, text: str) -> list[tuple[int, str]]:
        """(position, organisation as written) in a stretch of text, in order."""
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []

        def add(start: int, end: int, name: str) -> None:
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                found.append((start, name))

        known = {p.organisation for p in self._people.values() if p.organisation} | self.known_organisations
        written = {name: name for name in known}
        for name in known:  # "John Swire & Sons" once "John Swire & Sons Ltd" is named
            short = re.sub(_rules()["legal_endings"], "", name)
            if short != name and len(short) > 2:
                written.setdefault(short, name)
        for form in sorted(written, key=len, reverse=True):
            for match in re.finditer(rf"\b{re.escape(form)}\b", text, re.I):
                add(match.start(), match.end(), written[form])
        city = self.findings.city
        if city and city != self.findings.province and any(  # "Shanghai will…": the city's government
            f"{city} Municipal" in (p.organisation or p.implied_organisation or "")
            for p in self._people.values()
        ):
            # "Dongling High-tech Zone …": a capitalised word after the city continues another name
            for match in re.finditer(rf"\b{self.findings.city}\b(?!\s+[A-Z])", text):
                add(match.start(), match.end(), f"{self.findings.city} Municipal People's Government")
        for phrase in _rules()["province_government_phrases"]:
            for match in re.finditer(rf"\b{re.escape(phrase)}\b", text, re.I):
                if self.findings.province_government:
                    add(match.start(), match.end(), self.findings.province_government)
        words = "|".join(map(re.escape, _rules()["government_org_words"] + _rules()["enterprise_org_words"]))
        portfolios = "|".join(w.capitalize() for w in _rules()["portfolios"])
        words += "|" + "|".join(map(re.escape, _rules()["association_org_words"]))
        # "…Department of Commerce", "…Department of Jobs and Trade", "…Department of Energy and
        # Mining" (one capitalised word after "and" that starts no name of its own)
        named = (rf"\b(?:[A-Z][\w&.'’-]*\s+){{0,5}}(?:{words})\b"
                 rf"(?:\s+of\s+[A-Z][a-z]+\b(?:\s+and\s+(?:{portfolios}|[A-Z][a-z]+)\b(?!\s+[A-Z]|['’]))?)?")
        for match in re.finditer(named, text):
            phrase = re.sub(r"^(?:The|the)\s+", "", match.group(0))
            if re.search(r"\s(?:Province|City|County)$", phrase) \
                    and re.search(r"\bin\s+$", text[: match.start()]):
                continue  # "the government in Jiangsu Province": where it is, not a party
            if len(phrase.split()) > 1 or phrase in known:
                add(match.start(), match.end(), phrase)
        if self.findings.province:
            for match in re.finditer(rf"\b{self.findings.province}\b(?!\s+Provincial|\s+Province)", text):
                add(match.start(), match.end(), self.findings.province_government)
        return sorted(found)

    def _agreement_in(self, piece: Piece) -> None:
        # "signed: a framework agreement between A and B, an MOU between C and D": one agreement
        # each, the later ones signed by the verb before the first.
        # "A signed an agreement with B, and C signed an MOU with D": each clause its own signing.
        verbs = list(compiled(LANG, "signing_verbs").finditer(piece.text))
        clauses = []
        for later in verbs[1:]:
            joins = list(re.finditer(r"(?:,\s+and|;)\s+", piece.text[: later.start()]))
            if joins and joins[-1].start() > verbs[0].end():
                clauses.append(joins[-1].start())
        if clauses and all(compiled(LANG, "agreement_nouns").search(part.text)
                           for part in cut(piece, clauses)):
            for part in cut(piece, clauses):
                self._one_agreement_in(part)
            return
        verb = compiled(LANG, "signing_verbs").search(piece.text)
        nouns = [n for n in compiled(LANG, "agreement_nouns").finditer(piece.text)
                 if verb and n.start() > verb.start()
                 and re.match(r"\s+between\b", piece.text[n.end():])]
        if len(nouns) > 1:
            parts = cut(piece, [n.start() for n in nouns[1:]])
            self._one_agreement_in(parts[0])
            for part in parts[1:]:
                self._one_agreement_in(part, signed=True)
        else:
            self._one_agreement_in(piece)

    def _one_agreement_in(self, piece: Piece, *, signed: bool = False) -> None:
        verb = compiled(LANG, "signing_verbs").search(piece.text)
        noun = compiled(LANG, "agreement_nouns").search(piece.text)
        if not noun or (not signed and (not verb or noun.start() < verb.start())):
            return
        kind = AgreementKind(_rules()["agreement_nouns"][re.sub(r"\s+", " ", noun.group(0).lower())])
        parties: list[str] = []
        for _, org in self.organisations_in(piece.text):
            if org not in parties:
                parties.append(org)
        for _, name in self.names_in(piece.text):
            mention = self._people[name.lower()]
            org = mention.organisation or mention.implied_organisation
            if org and org not in parties and not any(org.lower() == p.lower() for p in parties):
                parties.append(org)
        # "signed an MOU with Risever", "the agreement between MCC and the … Government"
        after_verb = piece.text[verb.end() if verb else 0 :]
        named = re.search(rf"\bwith\s+(?:the\s+)?(?P<a>{CAP_PHRASE})", after_verb)
        between = re.search(
            rf"\bbetween\s+(?:the\s+)?(?P<a>{CAP_PHRASE})\s+and\s+(?:the\s+)?(?P<b>{CAP_PHRASE})",
            piece.text[noun.end() :],
        )
        # The sentence's full stop is no part of a name ending it; "Co." and "Inc." keep theirs.
        def ending(party: str) -> str:
            return party if re.search(r"\b(?:Co|Inc|Ltd|Corp)\.$", party) else party.removesuffix(".")

        # "signed … on behalf of the Jiangsu Provincial People's Government and Siemens AG": the
        # parties named so, not the bodies the signatories serve
        behalf = re.search(rf"\bon\s+behalf\s+of\s+(?:the\s+)?(?P<a>{CAP_PHRASE})\s+and\s+(?:the\s+)?"
                           rf"(?P<b>{CAP_PHRASE})", piece.text)
        if behalf:
            named_parties = [ending(behalf["a"]), ending(behalf["b"])]
            parties = [next((p for p in parties if p.lower() == n.lower()), n) for n in named_parties]
            named = between = None
        for found_party in [ending(named["a"])] if named else []:
            if not self._is_place(found_party) and not any(found_party.lower() == p.lower() for p in parties):
                parties.append(found_party)
                self.known_organisations.add(found_party)
        for found_party in [ending(between["a"]), ending(between["b"])] if between else []:
            # "between the Department of Energy and Mining and …": a part of a party found whole
            known = next((p for p in parties if found_party.lower() in p.lower()), None)
            if not known:
                parties.append(found_party)
                self.known_organisations.add(found_party)
        found = english_date(self._date_text(piece), self.base)
        date = None
        if found:
            date = type(found)(found.day, piece.start + found.start, piece.start + found.end, found.precision)
        self.findings.agreements.append(
            AgreementMention(
                kind=kind,
                parties=parties,
                span=piece.span(),
                date=date,
                refers_back=re.search(r"\bthe\s+$", piece.text[: noun.start()]) is not None,
            )
        )

    # ------------------------------------------------------------------------------- topics
    def _topics_in(self, piece: Piece) -> None:
        cue = compiled(LANG, "topic_cues").search(piece.text)
        if not cue:
            return
        rest = piece.text[cue.end() :].rstrip(". ")
        if re.search(r"\bfrom\b.+\bto\b", rest):
            parts = re.split(r",?\s*\bfrom\s+|\s+\bto\s+", rest)
        else:
            parts = re.split(r",\s*|\s+and\s+(?=[a-z]+\s)", rest)
        drop = set(_rules()["topic_drop_words"])
        stop = compiled(LANG, "topic_stop_words")
        for part in parts:
            if cut := stop.search(part):
                part = part[: cut.start()]
            words = part.strip(" ,").split()
            while words and words[0].lower() in drop:
                words.pop(0)
            topic = " ".join(words)
            if 2 <= len(topic) <= 80 and len(words) <= 9:
                start = piece.text.find(topic)
                span = piece.span(start, start + len(topic)) if start >= 0 else piece.span()
                self.findings.topics.append((topic[0].upper() + topic[1:], span))

    # ------------------------------------------------------------------------------- pledges
    def _speaker(self, piece: Piece, previous: str | None) -> str | None:
        verbs = phrase_pattern(_rules()["speech_verbs"])
        titled = re.match(
            rf"(?:[\w]+,\s+)?the\s+(?P<title>(?i:{_title_words_pattern()}))\s+(?:also\s+)?(?i:{verbs})",
            piece.text, re.I,
        )
        if titled:  # "The mayor pledged…": the person the article gave that title
            return self._titled(titled["title"])
        match = re.match(
            rf"(?:[\w]+,\s+)?(?P<who>{NAME}|He|She|[A-Z][a-z]+)\s+(?:[a-z]+(?:\s+[a-z]+){{0,3}}\s+and\s+)?"
            rf"(?:also\s+)?(?i:{verbs})", piece.text
        )  # "Liang welcomed the guests and said…"
        if not match:
            return None
        who = match["who"]
        if len(who.split()) == 2 and re.fullmatch(_title_words_pattern(), who.split()[0], re.I):
            who = who.split()[1]  # "Mayor He said": the mayor named before, by family name
        if who.lower() in self._people:
            return who
        if who in ("He", "She"):
            return previous
        # "Morimoto said", "Choi said": a person named in full before, by family name (last word in
        # Western order, first in Chinese and Korean); "Liang" when two share it is the one just named.
        named = [n.name for n in self._people.values() if who in (n.name.split()[0], n.name.split()[-1])]
        if len(named) == 1:
            return named[0]
        return previous if named else None

    def _subject_organisation(self, text: str) -> str | None:
        cue = compiled(LANG, "pledge_cues").search(text)
        if not cue:
            return None
        orgs = [org for pos, org in self.organisations_in(text[: cue.start() + 1])
                if cue.start() - pos - len(org) < 60]
        return orgs[-1] if orgs else None

    def _collect_pledges(self) -> None:
        statements: list[tuple[str | None, list[Piece]]] = []
        speaker, paragraph, last_named = None, None, None
        for piece in self.pieces:
            if piece.paragraph != paragraph:
                speaker, paragraph = None, piece.paragraph
            said = self._speaker(piece, speaker or last_named)  # "He pointed out": the one just named
            if names := self.names_in(piece.text):
                last_named = names[0][1]
            if said and said == speaker and statements and statements[-1][0] == said:
                statements[-1][1].append(piece)
            elif said:
                speaker = said
                statements.append((speaker, [piece]))
            elif speaker and statements:
                statements[-1][1].append(piece)
            elif compiled(LANG, "pledge_cues").search(piece.text) and self._subject_organisation(piece.text):
                statements.append((None, [piece]))
        seen: set[tuple[str, str]] = set()
        for speaker, pieces in statements:
            if not any(compiled(LANG, "pledge_cues").search(p.text) for p in pieces):
                continue
            speaker_mention = self._people.get((speaker or "").lower())
            last_subject = None
            first_cue = next(i for i, p in enumerate(pieces) if compiled(LANG, "pledge_cues").search(p.text))
            # The sentence before the first "will"/"hopes to" says what the pledge builds on ("X has
            # the edge in AI. He hopes to apply it…"); what the speaker told of before that is history.
            for piece in pieces[max(first_cue - 1, 0) :]:
                subject = self._subject_organisation(piece.text) or last_subject
                last_subject = subject
                pledger = subject or (
                    speaker_mention.organisation or speaker_mention.implied_organisation
                    if speaker_mention
                    else None
                )
                if not pledger:
                    continue
                for area, known, start, end in self._pledge_areas(piece.text):
                    if (pledger.lower(), area) in seen:
                        continue
                    seen.add((pledger.lower(), area))
                    self.findings.pledges.append(
                        PledgeMention(
                            pledger=pledger,
                            area=area,
                            text=self._pledge_text(piece.text, start, end),
                            span=piece.span(start, end),
                            area_known=known,
                        )
                    )

    def _pledge_areas(self, text: str) -> list[tuple[str, bool, int, int]]:
        """(area, known, start, end): taxonomy phrases, and the fields a list after the cue names
        that the taxonomy does not ("…will expand investment, deepen urban renewal, create
        commercial landmarks and …": the last two kept in the article's words)."""
        found = [(area, True, start, end) for area, start, end in self._areas_in(text)]
        for listed in re.finditer(_rules()["enumeration_pattern"], text, re.I):  # "in fields such as A and B"
            found = [f for f in found if not listed.start("items") <= f[2] < listed.end("items")]
            items = items_of(listed["items"], listed.start("items"), _rules()["enumeration_separators"], LANG)
            found += [(i.area, i.known, i.start, i.end) for i in items]
        cue = compiled(LANG, "pledge_cues").search(text)
        if not cue:
            return found
        rest = text[cue.end() :]
        parts = re.split(r",\s*(?:and\s+)?", rest.rstrip(". "))
        if len(parts) < 3:
            return found
        if not any(area_of(part, LANG) for part in parts):
            return found  # a list of actions, not of fields
        leading = re.compile(rf"^(?:(?i:{phrase_pattern(_rules()['enumeration_leading_words'])})\s+)+")
        position = cue.end()
        for part in parts:
            start = text.find(part, position)
            position = start + len(part)
            stripped = leading.sub("", part)
            if stripped == part or re.search(r"\bto\b", stripped) or len(stripped.split()) > 5:
                continue  # not a field after a verb: "strive to achieve …"
            begin = start + len(part) - len(stripped)
            if any(s < begin + len(stripped) and begin < e for _, _, s, e in found):
                continue
            found.append((stripped, False, begin, begin + len(stripped)))
        return sorted(found, key=lambda item: item[2])

    @staticmethod
    def _areas_in(text: str) -> list[tuple[str, int, int]]:
        lowered = text.lower()
        taken: list[tuple[int, int]] = []
        found = []
        for phrase, area in area_phrases(LANG):
            for match in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", lowered):
                if not any(s < match.end() and match.start() < e for s, e in taken):
                    taken.append((match.start(), match.end()))
                    found.append((area, match.start(), match.end()))
        return sorted(found, key=lambda item: item[1])

    @staticmethod
    def _pledge_text(text: str, start: int, end: int) -> str:
        """The clause around the phrase; a bare list item gets its clause's verb phrase."""
        cue = compiled(LANG, "pledge_cues").search(text)
        breaks = [0] + [i + len(sep) for sep in (",", " and ") if (i := text.rfind(sep, 0, start)) >= 0]
        if cue and cue.end() <= start:
            breaks.append(cue.end())
        clause_start = max(b for b in breaks if b <= start)
        clause_end = min([i for i in (text.find(",", end), text.find(" and ", end)) if i >= 0] or [len(text)])
        clause = text[clause_start:clause_end].strip(" .")
        if len(clause.split()) < 4 and cue and cue.end() < start:
            head_end = min([i for i in (text.find(",", cue.end()),) if i >= 0] or [start])
            head = text[cue.end() : head_end].strip()
            clause = head if clause in head else f"{head} — {clause}" if head else clause
        clause = re.sub(r"\s+", " ", clause).strip()
        clause = re.sub(r"^.*?\b(?:said|stated|expressed|noted)\s+that\s+", "", clause)
        return clause[0].upper() + clause[1:] if clause else text.strip()


def _named_by_form() -> re.Pattern:
    """Capitalised words ending in a legal form ("Brenner Maschinenbau GmbH") or naming an
    association ("Southmere Chamber of Commerce")."""
    from tracker.ingest.organisations import latin_legal_forms

    title_case = set(_rules()["title_case_legal_forms"])
    short = [f for f in latin_legal_forms() if len(f) <= 3 and "." not in f and f not in title_case]
    forms = [re.escape(f).replace(r"\ ", r"\s+") for f in latin_legal_forms() if f not in short]
    capitals = [re.escape(f.upper()) for f in short]
    words = "|".join(map(re.escape, _rules()["association_org_words"]))
    # a legal form begins with a capital ("GmbH", "Ltd", "AG"): "a Japanese company" names none
    return re.compile(
        rf"\b(?:(?:[A-Z][\w'’-]*|&)\s+){{1,5}}(?:(?:{words})(?:\s+of\s+[A-Z][a-z]+)?\b"
        rf"|(?=[A-Z])(?:(?i:{'|'.join(forms)})|{'|'.join(capitals)})(?![\w&]))"
    )


@lru_cache(maxsize=1)
def _country_names() -> tuple[str, ...]:
    """Countries and regions by their English names (the CLDR's, through Babel)."""
    from babel import Locale

    return tuple(sorted((n for c, n in Locale.parse("en").territories.items() if c.isalpha()),
                        key=len, reverse=True))


def _region_after_legal_form(title: str, rest: str) -> str | None:
    """", China" after a title ending in a company's legal form ("…of Siemens Ltd"), when the
    region closes the phrase: a subsidiary named by its country is written so."""
    from tracker.ingest.organisations import latin_legal_form

    if not latin_legal_form(title):
        return None
    countries = "|".join(map(re.escape, _country_names()))
    match = re.match(rf",\s+(?:{countries})(?=\s*[,.;]|$)", rest)
    return match.group(0) if match else None


def _without_country_owner(title: str) -> str:
    """"director of Japan's Kaneda Agritech Co., Ltd." → "director of Kaneda Agritech Co., Ltd.":
    the company's country, written as its owner, is no part of the company's name."""
    countries = "|".join(map(re.escape, _country_names()))
    return re.sub(rf"\bof\s+(?:the\s+)?(?:{countries})(?:'s|’s)\s+(?=[A-Z])", "of ", title)


def _without_owner_country(name: str) -> str:
    """"Japan's Kaneda Agritech Co." → "Kaneda Agritech Co.", "Oslo-listed Fjordline ASA" →
    "Fjordline ASA": where a company is from or listed is no part of its name."""
    countries = "|".join(map(re.escape, _country_names()))
    return re.sub(rf"^(?:(?:{countries})(?:'s|’s)|[A-Z][a-z]+-(?:listed|based))\s+(?=[A-Z])", "", name)


def _outside_quotes(text: str) -> str:
    """``text`` with what is quoted blanked (same length): people a speaker quotes ("President
    Xi Jinping's instructions") did not take part."""
    return re.sub(r"“[^”]*”", lambda m: " " * len(m.group(0)), text)


def as_organisation(name: str) -> str:
    """"Shijiazhuang Municipal Party Committee" is recorded as "CPC Shijiazhuang Municipal Committee"."""
    if match := re.fullmatch(r"(?:CPC\s+)?([A-Z][a-z]+)\s+(Municipal|Provincial)\s+Party\s+Committee", name):
        return f"CPC {match.group(1)} {match.group(2)} Committee"
    return name
