"""Traditional Chinese read through the Simplified rules, and given back in the article's own form.

The rules and gazetteer words are written in Simplified script. A Traditional report (Taiwan, Hong
Kong, a big5 mirror) is converted with OpenCC for matching, character for character so every
offset still points into the original; what was found is then put back into the article's script,
with the Simplified form kept as an alias so either spelling finds the record.
"""

from __future__ import annotations

from functools import lru_cache

from tracker.ingest.draft import Draft

# A Simplified article has next to no characters OpenCC changes; a Traditional one has many.
_TRADITIONAL_SHARE = 0.03
_TRADITIONAL_MINIMUM = 3


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """``text`` in Simplified script, the same length, so spans found in it index ``text``.

    OpenCC converts phrase by phrase; where a phrase changes length the text is converted
    character by character instead (a character whose conversion is not one character stays)."""
    converted = _converter("t2s").convert(text)
    if len(converted) == len(text):
        return converted
    convert = _converter("t2s").convert
    return "".join(c if len(s := convert(c)) != 1 else s for c in text)


def in_mainland_words(text: str) -> str:
    """Taiwan usage in mainland words ("人工智慧" → "人工智能", "智慧製造" → "智能制造"), for matching a
    field against the taxonomy's words (the length may change: never used for spans)."""
    return _converter("tw2sp").convert(text)


def to_traditional(text: str) -> str:
    """A name the reader composed (a title's body: "中共江西省委") in Traditional script."""
    converted = _converter("s2t").convert(text)
    return converted if len(converted) == len(text) else text


def is_traditional(text: str, simplified: str) -> bool:
    """Whether ``text`` is written in Traditional script (``simplified`` is its conversion)."""
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    changed = sum(1 for a, b in zip(text, simplified, strict=True) if a != b)
    return changed >= _TRADITIONAL_MINIMUM and changed >= _TRADITIONAL_SHARE * cjk


class ArticleForm:
    """Puts strings found in the converted text back into the form the article prints."""

    def __init__(self, original: str, simplified: str) -> None:
        self.original = original
        self.simplified = simplified

    def of(self, found: str | None) -> str | None:
        """The article's own spelling of ``found``: where it occurs in the converted text, the
        original characters there; a composed name is converted to Traditional."""
        if not found:
            return found
        position = self.simplified.find(found)
        if position >= 0:
            return self.original[position : position + len(found)]
        # Composed ("桃峰" + "市政府"): the printed parts as printed, for OpenCC writes some
        # characters in a variant the article does not use ("峰" → "峯").
        return "".join(
            self.original[at : at + len(part)] if (at := self.simplified.find(part)) >= 0
            else to_traditional(part) for part in _printed_parts(found, self.simplified))

    def restore(self, draft: Draft) -> Draft:
        """The draft with names, titles and spans in the article's script; each person's and
        organisation's Simplified spelling, where it differs, becomes an alias."""
        for person in draft.people:
            simplified = person.local_name
            person.local_name = self.of(person.local_name)
            if simplified and simplified != person.local_name:
                person.aliases.append(simplified)
            person.title = self._title(person.title)
        for org in draft.organisations:
            simplified = org.local_name or org.name
            org.name = self.of(org.name) or org.name
            org.local_name = self.of(org.local_name)
            if simplified and simplified != org.name:
                org.aliases.append(simplified)
        for meeting in draft.meetings:
            meeting.place = self.of(meeting.place)
            meeting.topics = [self.of(t) or t for t in meeting.topics]
            for pledge in meeting.pledges:
                pledge.text = self.of(pledge.text) or pledge.text
                if not pledge.area_known:
                    pledge.area = self.of(pledge.area) or pledge.area
            for agreement in meeting.agreements:
                agreement.title = self._title(agreement.title) or agreement.title
        if draft.event_name and draft.event_id is None:
            draft.event_name = self.of(draft.event_name)
        for _label, span in draft.all_spans():
            span.text = self.original[span.start : span.end]
        for meeting in draft.meetings:
            for span in meeting.spans:
                span.text = self.original[span.start : span.end]
        return draft

    def _title(self, title: str | None) -> str | None:
        """A title as printed, or composed of printed parts (organisation and post)."""
        if not title or self.simplified.find(title) >= 0:
            return self.of(title)
        return "".join(self.of(part) or part for part in _printed_parts(title, self.simplified))


def _printed_parts(text: str, within: str) -> list[str]:
    """``text`` cut greedily into the longest pieces that occur in ``within``."""
    parts: list[str] = []
    start = 0
    while start < len(text):
        end = len(text)
        while end > start + 1 and within.find(text[start:end]) < 0:
            end -= 1
        parts.append(text[start:end])
        start = end
    return parts
