"""Organisation names by their form, in any script: legal forms, country prefixes, short forms.

An article names a company in full once ("韩国大元化学株式会社", "Brenner Maschinenbau GmbH") and
then short ("大元化学", "Brenner"); a reader takes them for one company by the name's structure,
not by a list of companies: the legal form (Latin-script forms from ``cleanco``'s table of the
world's company types, CJK ones from ``rules/zh.yaml``), the country written in front (the country
names of the CLDR through Babel), and what remains, the name's core.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.ingest.rules import load_rules

HAN = r"[\u4e00-\u9fff]"
PARTY_WORDS = re.compile(r"\bCPC\b|\bParty\b|共产党|党委|省委|市委|县委", re.I)
GOVERNMENT_WORDS = re.compile(
    r"Government|Ministry|Bureau|Department|Commission|Committee|Council|Province|Municipal|"
    r"Administration|Office|政府|厅|局|委员会|部|办公室",
    re.I,
)


def guess_kind(name: str) -> str:
    if PARTY_WORDS.search(name):
        return "party_organ"
    if GOVERNMENT_WORDS.search(name):
        return "government_body"
    return "private_enterprise"


# Words that make a name an enterprise's without being a legal form ("Hanul Battery Group").
_LATIN_GROUP_WORDS = ("Group", "Holdings", "Holding", "Corporation", "Company", "Co.", "Corp.", "Corp")
# China's own names begin with these ("中国一重集团", "台湾精卡科技公司"): no foreign country.
_HOME = {"CN", "TW", "HK", "MO"}
# ... nor are Hong Kong, Macao and Taiwan, written before a company only to say where it is from.
_HOME_PLACES = ("香港", "澳门", "台湾")
# Two-letter legal forms read only in capitals: "AG", "SA", "NV" (not the words "ag", "sa").
_SHORT_FORM = re.compile(r"^[a-z]{1,2}$")


@lru_cache(maxsize=1)
def latin_legal_forms() -> tuple[str, ...]:
    """Legal-form endings of company names in Latin script, longest first ("GmbH & Co. KG", "AG",
    "S.A.", "Pte. Ltd.", "K.K."), from cleanco's table of company types by country."""
    from cleanco import typesources

    forms: set[str] = set()
    for _, term in typesources():
        term = term.strip()
        if not term or not re.search(r"[a-z]", term):
            continue
        forms.add(term)
    forms |= {"co., ltd.", "co., ltd", "co. ltd.", "co.,ltd.", "limited"}
    return tuple(sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=1)
def _latin_legal_ending() -> re.Pattern:
    long_forms = [re.escape(f).replace(r"\ ", r"\s+")
                  for f in latin_legal_forms() if not _SHORT_FORM.match(f)]
    short_forms = [re.escape(f.upper()) for f in latin_legal_forms() if _SHORT_FORM.match(f)]
    return re.compile(
        rf"(?:,?\s+(?:(?i:{'|'.join(long_forms)})|{'|'.join(short_forms)}))(?![\w&])\.?$"
    )


def latin_legal_form(name: str) -> str | None:
    """The legal form ``name`` ends with ("Alpenwerk AG" → "AG"), if any."""
    match = _latin_legal_ending().search(name)
    return match.group(0).strip(" ,") if match and match.start() > 0 else None


@lru_cache(maxsize=1)
def cjk_legal_ending() -> re.Pattern:
    forms = load_rules("zh")["legal_forms_all"]
    return re.compile(f"(?:{'|'.join(map(re.escape, sorted(forms, key=len, reverse=True)))})+$")


@lru_cache(maxsize=1)
def chinese_country_names() -> tuple[str, ...]:
    """Countries as Chinese writes them before a foreign company ("韩国", "日本", "德国"): the
    CLDR's names in Simplified and Traditional script (read in Simplified), with the customary
    short forms the rules add, longest first."""
    from babel import Locale

    from tracker.ingest.scripts import to_simplified

    names: set[str] = set(load_rules("zh")["country_prefixes"])
    for locale in ("zh", "zh_Hant"):
        for code, name in Locale.parse(locale).territories.items():
            if code.isalpha() and len(code) == 2 and code not in _HOME \
                    and 2 <= len(name) <= 6 and re.fullmatch(f"{HAN}+", name):
                names.add(to_simplified(name))
    return tuple(sorted(names, key=len, reverse=True))


def is_chinese_name(name: str) -> bool:
    return bool(re.search(HAN, name))


def without_country(name: str) -> str:
    """"韩国大元化学株式会社" → "大元化学株式会社": a company's country written in front of its
    name is no part of it when the name carries a legal form (an association's is: "韩国贸易协会")."""
    if not is_chinese_name(name) or not cjk_legal_ending().search(name):
        return name
    for country in chinese_country_names():
        rest = name[len(country):]
        if name.startswith(country) and len(rest) >= 4 and not cjk_legal_ending().fullmatch(rest):
            return rest
    return name


def core(name: str) -> str:
    """The name without its legal form and country: "韩国大元化学株式会社" → "大元化学",
    "Brenner Maschinenbau GmbH" → "Brenner Maschinenbau", "金穗农业发展集团有限公司" → "金穗农业发展"."""
    name = name.strip()
    if is_chinese_name(name):
        stripped = cjk_legal_ending().sub("", without_country(name))
        return stripped if len(stripped) >= 2 else name
    stripped = name
    while True:
        shorter = _latin_legal_ending().sub("", stripped)
        shorter = re.sub(rf"\s+(?:{'|'.join(map(re.escape, _LATIN_GROUP_WORDS))})$", "", shorter)
        if shorter == stripped or not shorter.strip():
            break
        stripped = shorter.rstrip(" ,")
    return stripped


def is_enterprise(name: str) -> bool:
    """A company by its form: a legal form, an enterprise word, or no government or party word."""
    return guess_kind(name) == "private_enterprise"


def _short_of(short: str, full: str) -> bool:
    """Whether an article naming ``full`` means it by ``short``."""
    if short == full or len(short) >= len(full):
        return False
    if re.search(r"[（(]", full) and not re.search(r"[（(]", short):
        return False  # "巴斯夫（中国）有限公司" is the group's subsidiary, not "巴斯夫集团" in full
    if not (is_enterprise(short) and is_enterprise(full)):
        return False
    short_core, full_core = core(short), core(full)
    if is_chinese_name(full) != is_chinese_name(short):
        return False
    if is_chinese_name(full):
        if len(short_core) < 2:
            return False
        if short_core == full_core or (full_core.startswith(short_core) and len(short_core) >= 3):
            return True  # "大元化学", "东亚重工" for "东亚重工业株式会社", "金穗农业集团"
        # "香港金穗集团" for "金穗集团有限公司": where the company is from, written before it
        home = re.match(f"(?:{'|'.join(_HOME_PLACES)})(?=.{{2}})", short_core)
        if home and short_core[home.end():] == full_core and not full.startswith(home.group(0)):
            return True
        # "科技园公司" for "香港科技园公司": the full name is the short one with a place in front
        return full.endswith(short) and len(short) >= 4 and len(full) - len(short) <= 3 \
            and bool(cjk_legal_ending().search(short) or re.search(r"(?:公司|集团)$", short))
    short_words, full_words = short_core.lower().split(), full_core.lower().split()
    if not short_words:
        return False
    if (form := latin_legal_form(short)) and latin_legal_form(full) not in (None, form):
        return False  # "Siemens AG" and "Siemens Ltd, China": two companies of one group
    if re.fullmatch(r"[A-Z]{2,5}", short_core) and short_core.lower() == "".join(w[0] for w in full_words) \
            and short[len(short_core):].strip() == full[len(full_core):].strip():
        return True  # "CP Group" for "Charoen Pokphand Group": the initials, and the same ending
    # "Alpenwerk" and "Alpenwerk AG"; "Brenner" and "Brenner Maschinenbau GmbH"
    return full_words[: len(short_words)] == short_words and (
        short_core.lower() == full_core.lower() or latin_legal_form(full) is not None
        or any(full.endswith(" " + w) for w in _LATIN_GROUP_WORDS))


def canonical_organisations(names, people: set[str] = frozenset()) -> dict[str, str]:
    """Each organisation name → the fullest name the article gives the same organisation; names
    that are people's (``people``) are left alone, and a short form that could stand for two
    organisations stands for neither."""
    names = sorted({n for n in names if n and n not in people}, key=len, reverse=True)
    canonical: dict[str, str] = {}
    for name in names:
        if (bare := without_country(name)) != name:
            canonical[name] = bare  # "韩国大元化学株式会社" is recorded as "大元化学株式会社"
    for short in names:
        fulls = {canonical.get(full, full) for full in names if _short_of(short, full)}
        if len(fulls) == 1:
            canonical[short] = fulls.pop()
    # chains ("富永化成" → "日本富永化成株式会社" → "富永化成株式会社")
    for name in list(canonical):
        seen = {name}
        while canonical.get(canonical[name], canonical[name]) not in seen and canonical[name] in canonical:
            seen.add(canonical[name])
            canonical[name] = canonical[canonical[name]]
    return {k: v for k, v in canonical.items() if k != v}


def apply_canonical(findings, canonical: dict[str, str]) -> None:
    """Every organisation the findings name, under the name ``canonical`` gives it."""
    if not canonical:
        return
    for mention in findings.people:
        mention.organisation = canonical.get(mention.organisation, mention.organisation)
        implied = mention.implied_organisation
        mention.implied_organisation = canonical.get(implied, implied)
    for agreement in findings.agreements:
        agreement.parties = list(dict.fromkeys(canonical.get(p, p) for p in agreement.parties))
    for pledge in findings.pledges:
        pledge.pledger = canonical.get(pledge.pledger, pledge.pledger)
    findings.organisations = [(canonical.get(n, n), span) for n, span in findings.organisations]


def unify_organisations(findings) -> None:
    """One name for each organisation across everything the findings tell."""
    names = [m.organisation for m in findings.people] + [m.implied_organisation for m in findings.people]
    names += [p for a in findings.agreements for p in a.parties] + [p.pledger for p in findings.pledges]
    names += [n for n, _ in findings.organisations]
    people = {m.name for m in findings.people} | {m.local_name for m in findings.people if m.local_name}
    apply_canonical(findings, canonical_organisations(names, people))
