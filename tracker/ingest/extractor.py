"""The pass every language's extractor makes over an article, in the same order.

People are found first (a meeting sentence is read by the names it contains), then each sentence
is read for meetings, attendance, signings and topics, then the statements for pledges. Language
modules fill in how each of these is recognised.
"""

from __future__ import annotations

import datetime as dt

from tracker.ingest.dates import find_dateline
from tracker.ingest.findings import Findings, PersonMention
from tracker.ingest.text import Piece, sentences


class ArticleExtractor:
    language = ""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pieces = sentences(text)
        self.findings = Findings(language=self.language)
        self.base: dt.date | None = None
        self._people: dict[str, PersonMention] = {}

    def run(self, base_date: dt.date | None) -> Findings:
        findings = self.findings
        findings.dateline = find_dateline(self.text, base=base_date)
        self.base = base_date or (findings.dateline.day if findings.dateline else None)
        self._read_article()
        for piece in self.pieces:
            self._people_in(piece)
        self._people_found()
        for piece in self.pieces:
            self._meeting_in(piece)
            self._attendance_in(piece)
            self._agreement_in(piece)
            self._topics_in(piece)
        self._pledges()
        findings.people = sorted(self._people.values(), key=lambda mention: mention.span.start)
        return findings

    def _date_text(self, piece: Piece) -> str:
        """The sentence with the dateline blanked (same length): "双鸭山5月30日讯…5月27日，…" and
        " date 2021-04-20 … yesterday" tell of the meeting's day, not the report's."""
        dateline = self.findings.dateline
        if not dateline or not piece.start <= dateline.start < piece.end:
            return piece.text
        head = dateline.start - piece.start
        tail = min(dateline.end - piece.start, len(piece.text))
        return piece.text[:head] + "#" * (tail - head) + piece.text[tail:]

    # What each language says how to find.
    def _read_article(self) -> None:
        """Headline, publication, province, city and event."""
        raise NotImplementedError

    def _people_in(self, piece: Piece) -> None:
        raise NotImplementedError

    def _people_found(self) -> None:
        """Once everyone is found: what one person's mention tells of another's."""

    def _meeting_in(self, piece: Piece) -> None:
        raise NotImplementedError

    def _attendance_in(self, piece: Piece) -> None:
        raise NotImplementedError

    def _agreement_in(self, piece: Piece) -> None:
        raise NotImplementedError

    def _topics_in(self, piece: Piece) -> None:
        raise NotImplementedError

    def _pledges(self) -> None:
        raise NotImplementedError
