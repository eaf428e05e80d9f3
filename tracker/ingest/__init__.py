"""From a news report to a draft meeting record, without any model download.

``extract_draft(text, session=..., published_on=...)`` finds the meeting(s), people with the
titles the article gives them, organisations, topics, agreements and pledges (mapped onto the
taxonomy), matched against the database's own records. Nothing is written: a person checks the
draft and saves it (``tracker.ingest.save``).
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from tracker.ingest.assemble import assemble
from tracker.ingest.dates import date_in_url
from tracker.ingest.draft import Draft
from tracker.ingest.gazetteer import Gazetteer
from tracker.ingest.scripts import ArticleForm, is_traditional, to_simplified
from tracker.ingest.text import is_chinese, normalise_quotes
from tracker.models import Confidentiality

# Same-length replacements, so spans found in the cleaned text index the original.
_SPACES = {0xA0: 0x20, 0x2007: 0x20, 0x202F: 0x20, 0x3000: 0x20, 0x09: 0x20}


def extract_draft(
    text: str, *, session: Session | None = None, published_on: dt.date | None = None, url: str | None = None,
    clearance: Confidentiality = Confidentiality.PUBLIC,
) -> Draft:
    """The draft of what the article reports; ``published_on`` (else a date in ``url``) anchors
    "yesterday" when there is no dateline. A Traditional-script article is read through its
    Simplified conversion and drafted in its own script. Names are matched only to records a
    reader at ``clearance`` may know of."""
    from tracker.ingest.chinese import ChineseExtractor
    from tracker.ingest.english import EnglishExtractor

    clean = normalise_quotes((text or "").translate(_SPACES))
    published_on = published_on or date_in_url(url)
    gazetteer = Gazetteer(session, clearance=clearance)
    form = None
    if is_chinese(clean):
        simplified = to_simplified(clean)
        if is_traditional(clean, simplified):
            form, clean = ArticleForm(clean, simplified), simplified
        extractor = ChineseExtractor(clean, gazetteer=gazetteer, traditional=form is not None)
    else:
        extractor = EnglishExtractor(clean)
    findings = extractor.run(published_on)
    draft = assemble(findings, gazetteer, published_on=published_on)
    if form is not None:
        draft = form.restore(draft)
    draft.source_url = url
    return draft
