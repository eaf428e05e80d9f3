"""What a Chinese article is about: its province or city, the bodies a bare title stands for, and
the short forms it uses for organisations it names in full.

"省委书记" with no province in front is the party secretary of the province the article is about;
"市政府" the government of its city; "方大集团" and "中国一重" are "辽宁方大集团" and
"中国一重集团有限公司" named short. Rules are in ``rules/zh.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from tracker.ingest.rules import load_rules

HAN = r"[\u4e00-\u9fff]"
# Legal-form endings dropped when an organisation is named short.
_LEGAL_ENDINGS = re.compile(
    r"(?:株式会社|株式會社|股份有限公司|有限责任公司|集团有限公司|控股有限公司|有限公司|集团公司|公司|集团)$"
)
_NOT_PROVINCES = ("全省", "该省", "本省", "外省", "我省", "各省")
_PARTICLES = r"[在于与和及的了是为对向从由将到]"


def _rules() -> dict:
    return load_rules("zh")


@lru_cache(maxsize=4096)
def could_be_place(word: str) -> bool:
    """Whether ``word`` may name a place: not a word jieba's dictionary knows as something else
    ("代表省委" names no province "代表"); a place it does not know ("岚江") may."""
    import jieba.posseg

    tokens = jieba.posseg.lcut(word)
    if len(tokens) > 1 and any(t.flag.startswith("v") and len(t.word) > 1 for t in tokens):
        return False  # "敏表示" of "孙敏表示市政府": a verb runs into the body's name
    if not (len(tokens) == 1 and tokens[0].flag[:2] not in ("ns", "nr", "nz", "nt", "x", "j")):
        return True
    # "烟台" alone is tagged a noun, but jieba knows "烟台市" as a place; "经济市" is no word
    return any(len(t := jieba.posseg.lcut(word + level)) == 1 and t[0].flag == "ns" for level in "市县省")


def find_city(text: str) -> str | None:
    """The city whose government or party committee the article names most ("双鸭山市委")."""
    counts: Counter[str] = Counter()
    # a "市长" is read only where no body is named; a bare "东川市" where neither is
    for bodies in ("委|人民政府|政府", "长", "(?![长委政府人])"):
        for length in (2, 3):
            for match in re.finditer(rf"(?=({HAN}{{{length}}})[市县](?:{bodies}))", text):
                if re.search(_PARTICLES, match.group(1)) or not could_be_place(match.group(1)) \
                        or match.group(1)[-1] in "市县":
                    continue  # "市长林志远在市政府": no city "远在"; "临江市市长": no city "江市"
                if "(?!" in bodies and text.count(match.group(1)) < 2:
                    continue  # "智慧城市" once is no city "慧城"
                counts[match.group(1)] += 1
        if counts:
            break
    if not counts:
        match = re.search(_rules()["city_pattern"], text)
        return match["city"] if match else None
    best = max(counts.values())
    tied = [c for c, n in counts.items() if n == best]
    # "鸭山" inside every "双鸭山市": the longer name is the city.
    longer = [c for c in tied if len(c) == 3 and c[1:] in tied and best >= 2]
    if longer:
        return longer[0]
    return max(tied, key=lambda c: (-len(c), text.count(c)))


def find_province(text: str, city: str | None) -> str | None:
    """The province the article writes as "X省", else a province it names at least twice, unless
    the article is about a city's government it names (a Taiwanese city, a province-level city)."""
    found = Counter(
        m.group(1) for m in re.finditer(rf"({HAN}{{2}})省", text) if m.group(1) not in _NOT_PROVINCES
    )
    # "绿色能源强省" names no province "源强": a province is named more than once, or where no
    # word but a particle ("在云江省") runs into it.
    found = Counter({p: n for p, n in found.items()
                     if could_be_place(p) and (text.count(p) >= 2
                                               or re.search(rf"(?:(?<!{HAN})|{_PARTICLES}){p}省", text))})
    if found:
        return found.most_common(1)[0][0]
    if city and re.search(rf"{city}市(?:委|人民政府|政府)", text):
        return None
    named = Counter({p: text.count(p) for p in _rules()["provinces"] if text.count(p) >= 2})
    named = Counter({p: n for p, n in named.items() if p not in _rules()["municipalities"]})
    return named.most_common(1)[0][0] if named else None


def named_place(text: str) -> str | None:
    """The place an article that never writes "X市" or "X省" is about: the one its source
    ("来源：东平日报", "云岭日报") or its visitors ("来东平考察") name, most often in the text."""
    found = Counter()
    for match in re.finditer(_rules()["place_named_pattern"], text):
        place = match["place"] or match["place2"]
        if not re.search(_PARTICLES, place) and could_be_place(place):
            found[place] = text.count(place)
    found = Counter({p: n for p, n in found.items() if n >= 2})
    return found.most_common(1)[0][0] if found else None


def government_name(text: str, place: str | None, level: str, *, traditional: bool = False) -> str | None:
    """The government of ``place`` as the article writes it ("台南市政府"), else its formal name
    ("甘肃省人民政府"); ``level`` is 省, 市 or 县 (a province-level city is a 市). A city in a
    Traditional-script report that never writes 人民政府 (Taiwan's "市府") is "X市政府"."""
    if not place:
        return None
    if level == "省" and place in _rules()["municipalities"]:
        level = "市"
    if level == "省" and (region := _rules()["autonomous_regions"].get(place)):
        return f"{region}人民政府"  # "广西壮族自治区人民政府"
    formal, short = f"{place}{level}人民政府", f"{place}{level}政府"
    # A Hong Kong report on a mainland city names its party committee ("深圳市委"): its
    # government is a people's government, whatever the report calls it.
    if traditional and level in ("市", "县") and "人民政府" not in text \
            and not re.search(r"[省市县]委(?!员)", text):
        return short
    return short if short in text and formal not in text else formal


def party_committee_name(place: str | None, level: str) -> str | None:
    if not place:
        return None
    if level == "省" and place in _rules()["municipalities"]:
        level = "市"
    if level == "省" and (region := _rules()["autonomous_regions"].get(place)):
        return f"中共{region}委员会"
    return f"中共{place}{level}委"


def as_organisation(written: str) -> str:
    """An organisation as the reader records it: "重庆市委" is "中共重庆市委"."""
    if re.fullmatch(rf"{HAN}{{2,4}}[省市]委", written):
        return f"中共{written}"
    return written


def short_forms(name: str) -> set[str]:
    """The names an article uses for ``name`` once it has named it in full: without its legal
    form ("中国一重集团有限公司" → "中国一重集团", "中国一重"), without its province ("辽宁方大集团"
    → "方大集团")."""
    forms: set[str] = set()
    stripped = name
    while (shorter := _LEGAL_ENDINGS.sub("", stripped)) != stripped and len(shorter) >= 2:
        forms.add(shorter)
        if not shorter.endswith(("集团", "公司")):
            break
        stripped = shorter
    if (legal := re.sub(r"(?:股份有限公司|有限责任公司|有限公司)$", "", name)) != name and len(legal) >= 2:
        forms.add(legal)
    if name.endswith(("有限公司", "公司")) and (group := _LEGAL_ENDINGS.sub("", name)) and len(group) >= 2:
        forms.add(group)
    for province in _rules()["provinces"]:
        rest = name[len(province) :]
        if name.startswith(province) and len(rest) >= 3 and not rest.startswith("省"):
            forms.add(name[len(province):])
    forms.discard(name)
    return {f for f in forms if len(f) >= 2 and not f.endswith(("省", "市"))}


def canonical_names(names) -> dict[str, str]:
    """Each name (and each short form of one) → the fullest name it stands for."""
    canonical: dict[str, str] = {}
    names = sorted({n for n in names if n}, key=len, reverse=True)
    for name in names:
        canonical.setdefault(name, name)
        for form in short_forms(name):
            canonical.setdefault(form, canonical[name])
    for name in names:
        # "华擎集团" for "华擎智能装备集团有限公司": the name's first words and its kind, the
        # business words between left out; only where one organisation so begins
        short = re.fullmatch(rf"(?P<head>{HAN}{{2,4}})(?P<kind>集团|公司)", name)
        if not short or canonical[name] != name:
            continue
        fulls = {canonical[n] for n in names if n != name and n.startswith(short["head"])
                 and short["kind"] in n[len(short["head"]):] and len(n) > len(name)
                 and n.endswith(("公司", "集团"))}
        if len(fulls) == 1:
            canonical[name] = fulls.pop()
    return canonical
