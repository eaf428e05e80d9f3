"""Findings → Draft: resolve names to records, decide sides and roles, group into meetings.

Language-independent, so English and Chinese articles are matched, grouped and attributed by
the same rules: an organisation named in the text wins over the one a record says, which wins
over one a title only implies ("Governor" → the province's government).
"""

from __future__ import annotations

import re

from tracker.i18n import gettext, ngettext
from tracker.ingest.draft import (
    Draft,
    DraftAgreement,
    DraftMeeting,
    DraftOrganisation,
    DraftPerson,
    DraftPledge,
    Span,
)
from tracker.ingest.findings import Findings, MeetingMention
from tracker.ingest.gazetteer import Gazetteer
from tracker.ingest.organisations import guess_kind, unify_organisations
from tracker.matching import fold
from tracker.models import AgreementKind, MeetingKind, ParticipantRole, Side

KIND_LABELS = {
    AgreementKind.STRATEGIC_COOPERATION: "Strategic cooperation agreement",
    AgreementKind.COOPERATION: "Cooperation agreement",
    AgreementKind.MOU: "Memorandum of understanding",
    AgreementKind.FRAMEWORK: "Framework agreement",
    AgreementKind.INVESTMENT_CONTRACT: "Investment contract",
    AgreementKind.OTHER: "Agreement",
}


def side_of(kind: str) -> Side:
    return Side.GOVERNMENT if kind in ("government_body", "party_organ") else Side.ENTERPRISE


class Assembler:
    def __init__(self, findings: Findings, gazetteer: Gazetteer) -> None:
        self.f = findings
        self.g = gazetteer
        self.draft = Draft(
            language=findings.language, dateline=findings.dateline.day if findings.dateline else None
        )
        self._org_by_fold: dict[str, DraftOrganisation] = {}
        self._org_by_record: dict[int, DraftOrganisation] = {}
        self._person_by_name: dict[str, DraftPerson] = {}

    # ------------------------------------------------------------------------------- organisations
    def organisation(self, written: str | None, span: Span | None = None) -> DraftOrganisation | None:
        if not written:
            return None
        written = re.sub(r"^(?:the|The)\s+", "", written.strip())
        folded = fold(written)
        org = self._org_by_fold.get(folded)
        if org is None:
            match, known = self.g.match_organisation(written)
            if known and known.id in self._org_by_record:
                org = self._org_by_record[known.id]
            elif known:
                org = DraftOrganisation(
                    key=f"o{len(self.draft.organisations) + 1}",
                    name=known.name,
                    local_name=known.local_name,
                    kind=known.kind,
                    side=side_of(known.kind),
                    match=match,
                )
                self._org_by_record[known.id] = org
                self.draft.organisations.append(org)
            else:
                org = next((o for o in self.draft.organisations if fold(o.name) == folded), None)
                if org is None:
                    kind = guess_kind(written)
                    org = DraftOrganisation(
                        key=f"o{len(self.draft.organisations) + 1}",
                        name=written,
                        kind=kind,
                        side=side_of(kind),
                        match=match,
                    )
                    if self.f.language == "zh":
                        org.local_name = written
                    self.draft.organisations.append(org)
            self._org_by_fold[folded] = org
        if span and all(s.start != span.start for s in org.spans):
            org.spans.append(span)
        return org

    def _record_organisation(self, organisation_id: int) -> DraftOrganisation | None:
        known = self.g.organisation(organisation_id)
        return self.organisation(known.name) if known else None

    # ------------------------------------------------------------------------------- people
    def people(self, day) -> None:
        for mention in self.f.people:
            match, known = self.g.match_person(mention.name, mention.local_name)
            org = self.organisation(mention.organisation)
            title = mention.title
            if known:
                held = self.g.position_on(known.id, day)
                if held and org is None:
                    org = self._record_organisation(held[0])
                if held and not title:
                    title = held[1]
            if org is None:
                org = self.organisation(mention.implied_organisation)
            name = known.name if known else mention.name
            local = (known.local_name if known else None) or mention.local_name
            person = DraftPerson(
                key=f"p{len(self.draft.people) + 1}",
                name=name,
                local_name=local,
                title=title,
                organisation_key=org.key if org else None,
                side=org.side if org else Side.GOVERNMENT,
                match=match,
                spans=[mention.span],
            )
            self.draft.people.append(person)
            self._person_by_name[mention.name] = person

    def person(self, written: str) -> DraftPerson | None:
        return self._person_by_name.get(written)

    # ------------------------------------------------------------------------------- meetings
    def _same_meeting(self, meeting: DraftMeeting, mention: MeetingMention) -> bool:
        keys = {self.person(n).key for n in mention.hosts + mention.guests if self.person(n)}
        if not keys & set(meeting.person_keys):
            return False
        return mention.date is None or meeting.date is None or mention.date.day == meeting.date

    def meetings(self) -> None:
        for mention in self.f.meetings:
            meeting = next((m for m in self.draft.meetings if self._same_meeting(m, mention)), None)
            if meeting is None:
                meeting = DraftMeeting(kind=mention.kind)
                self.draft.meetings.append(meeting)
            meeting.spans.append(mention.span)
            if mention.date and meeting.date is None:
                meeting.date, meeting.date_precision = mention.date.day, mention.date.precision
                meeting.date_span = Span(
                    start=mention.date.start,
                    end=mention.date.end,
                    text=mention.span.text[
                        mention.date.start - mention.span.start : mention.date.end - mention.span.start
                    ],
                )
            if mention.place and not meeting.place:
                meeting.place, meeting.place_span = mention.place, mention.place_span
            for names, role in (
                (mention.hosts, ParticipantRole.HOST),
                (mention.guests, ParticipantRole.GUEST),
            ):
                for name in names:
                    self._join(meeting, name, role)
        for attendance in self.f.attendance:
            meeting = self._meeting_near(attendance.span.start)
            for name in attendance.names:
                self._join(meeting, name, ParticipantRole.ATTENDEE)

    def _meeting_near(self, position: int, *, kind: MeetingKind = MeetingKind.TALK) -> DraftMeeting:
        """The meeting told of last before ``position`` (or the first; or a new one)."""
        before = [m for m in self.draft.meetings if m.spans and m.spans[0].start <= position]
        if before:
            return max(before, key=lambda m: m.spans[0].start)
        if self.draft.meetings:
            return self.draft.meetings[0]
        meeting = DraftMeeting(kind=kind)
        self.draft.meetings.append(meeting)
        return meeting

    def _join(self, meeting: DraftMeeting, name: str, role: ParticipantRole) -> None:
        person = self.person(name)
        if person is None:
            return
        if person.key not in meeting.person_keys:
            meeting.person_keys.append(person.key)
            if role is not ParticipantRole.ATTENDEE or person.role is ParticipantRole.ATTENDEE:
                person.role = role
        if person.organisation_key and person.organisation_key not in meeting.organisation_keys:
            meeting.organisation_keys.append(person.organisation_key)

    def agreements(self) -> None:
        for mention in self.f.agreements:
            earlier = [m for m in self.draft.meetings if m.agreements]
            if mention.refers_back and earlier:  # "signed the agreement on behalf of …"
                self._join_people_in(earlier[-1], mention.span, earlier[-1].agreements[-1])
                continue
            parties = [o for o in (self.organisation(p) for p in mention.parties) if o]
            parties = list({o.key: o for o in parties}.values())
            near = [m for m in self.draft.meetings if m.spans and m.spans[0].start <= mention.span.start]
            meeting = (
                self._meeting_near(mention.span.start, kind=MeetingKind.SIGNING_CEREMONY)
                if near or not self.draft.meetings
                # a signing told of before the meeting of its day ("…签订协议。省长会见…")
                else next(
                    (m for m in self.draft.meetings if mention.date is None or m.date == mention.date.day),
                    None,
                )
            )
            if meeting is None or (mention.date and meeting.date and mention.date.day != meeting.date):
                meeting = DraftMeeting(kind=MeetingKind.SIGNING_CEREMONY)
                self.draft.meetings.append(meeting)
            if not meeting.spans:
                meeting.spans.append(mention.span)
            if mention.date and meeting.date is None:
                meeting.date = mention.date.day
            keys = {o.key for o in parties}
            same = next((a for a in meeting.agreements if a.kind is mention.kind
                         # two pairs with no party in common are two signings of one kind
                         and not (len(keys) > 1 and len(a.party_keys) > 1 and keys.isdisjoint(a.party_keys))),
                        None)
            if same is not None:  # the headline's and the text's telling of one signing
                same.party_keys += [o.key for o in parties if o.key not in same.party_keys]
                same.spans.append(mention.span)
                names = " and ".join(self.draft.organisation(k).name for k in same.party_keys)
                same.title = f"{KIND_LABELS[same.kind]} between {names or 'the parties'}"
                self._join_people_in(meeting, mention.span, same)
                for org in parties:
                    if org.key not in meeting.organisation_keys:
                        meeting.organisation_keys.append(org.key)
                continue
            names = " and ".join(o.name for o in parties) or "the parties"
            meeting.agreements.append(
                DraftAgreement(
                    title=f"{KIND_LABELS[mention.kind]} between {names}",
                    kind=mention.kind,
                    party_keys=[o.key for o in parties],
                    spans=[mention.span],
                )
            )
            self._join_people_in(meeting, mention.span, meeting.agreements[-1])
            for org in parties:
                if org.key not in meeting.organisation_keys:
                    meeting.organisation_keys.append(org.key)

    def _join_people_in(
        self, meeting: DraftMeeting, span: Span, agreement: DraftAgreement | None = None
    ) -> None:
        """Everyone named in the signing sentence joins its meeting. Those named before "见证" or
        "witnessed" are the leaders who witnessed; the others signed: where leaders already met,
        a signatory new to the meeting joins as an attendee, and signs for their organisation."""
        witness = re.search(r"见证|witness", span.text, re.I)
        led = any(self.draft.person(k).role is not ParticipantRole.ATTENDEE for k in meeting.person_keys)
        for written, person in self._person_by_name.items():
            shown = person.local_name if person.local_name and person.local_name in span.text else written
            position = span.text.find(shown)
            if position < 0:
                continue
            role = ParticipantRole.GUEST if person.side is Side.ENTERPRISE else ParticipantRole.HOST
            if witness and position < witness.start():
                self._join(meeting, written, role)
                continue
            self._join(meeting, written, ParticipantRole.ATTENDEE if led and person.key not in
                       meeting.person_keys else role)
            party = person.organisation_key
            if agreement is not None and party in agreement.party_keys:
                agreement.signatories.setdefault(party, person.key)

    def _written_name(self, person: DraftPerson) -> str:
        return next(name for name, p in self._person_by_name.items() if p is person)

    def pledges(self) -> None:
        for mention in self.f.pledges:
            speaker = self.person(mention.pledger)
            org = (
                self.draft.organisation(speaker.organisation_key)
                if speaker
                else self.organisation(mention.pledger)
            )
            if org is None:
                continue
            meeting = next(
                (
                    m
                    for m in self.draft.meetings
                    if org.key in m.organisation_keys and m.spans and m.spans[0].start <= mention.span.start
                ),
                None,
            ) or self._meeting_near(mention.span.start)
            if any(p.organisation_key == org.key and p.area == mention.area for p in meeting.pledges):
                continue
            agreement_index = next(
                (
                    i
                    for i, a in enumerate(meeting.agreements)
                    if org.key in a.party_keys and org.side is Side.ENTERPRISE
                ),
                None,
            )
            meeting.pledges.append(
                DraftPledge(
                    organisation_key=org.key,
                    area=mention.area,
                    area_known=mention.area_known,
                    text=mention.text,
                    agreement_index=agreement_index,
                    spans=[mention.span],
                )
            )
            if org.key not in meeting.organisation_keys:
                meeting.organisation_keys.append(org.key)

    def topics(self) -> None:
        for topic, span in self.f.topics:
            meeting = self._meeting_near(span.start)
            if topic.lower() not in (t.lower() for t in meeting.topics):
                meeting.topics.append(topic)
            self.draft.topic_spans.append(span)

    # ------------------------------------------------------------------------------- finish
    def finish(self, published_on) -> None:
        f, draft = self.f, self.draft
        if f.event:
            draft.event_name, draft.event_span = f.event
            event = self.g.match_event(f.event[0])
            if event:
                draft.event_id, draft.event_name = event.id, event.name
        fallback = draft.dateline or published_on
        for meeting in draft.meetings:
            if meeting.date is None:
                meeting.date = fallback
                draft.warnings.append(gettext("A meeting's date is not stated; the report's date was used: "
                                              "check it."))
            if f.city and meeting.place and f.city not in meeting.place:
                meeting.place = f"{meeting.place}, {f.city}"
            elif not meeting.place and f.city:
                meeting.place = f.city
            meeting.title = self._title(meeting)
        draft.source = (
            ", ".join(x for x in (f.publication, str(draft.dateline or "") or None, f.headline) if x) or None
        )
        unmatched = [p.name for p in draft.people if p.organisation_key is None]
        if unmatched:
            draft.warnings.append(gettext("No organisation found for: {names}.").format(
                names=", ".join(unmatched)))

    def _title(self, meeting: DraftMeeting) -> str:
        people = [self.draft.person(k) for k in meeting.person_keys]
        hosts = [p.name for p in people if p.role is ParticipantRole.HOST]
        guests = []
        for p in people:
            if p.role is ParticipantRole.GUEST:
                org = self.draft.organisation(p.organisation_key)
                guests.append(gettext("{name} of {organisation}").format(name=p.name, organisation=org.name)
                              if org else p.name)
        if meeting.kind is MeetingKind.SIGNING_CEREMONY and meeting.agreements and not hosts:
            return gettext("Signing: {title}").format(title=meeting.agreements[0].title)
        if hosts and guests:
            # "Chen Mingyuan meet …" read as a typo: the verb agrees with the hosts.
            return ngettext("{hosts} meets {guests}", "{hosts} meet {guests}", len(hosts)).format(
                hosts=_join_names(hosts), guests=_join_names(guests))
        names = [p.name for p in people] or [
            self.draft.organisation(k).name for k in meeting.organisation_keys
        ]
        if not names:
            return gettext("Meeting")
        return gettext("Meeting with {names}").format(names=_join_names(names))


def _join_names(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return gettext("{names} and {last}").format(names=gettext(", ").join(names[:-1]), last=names[-1])


def assemble(findings: Findings, gazetteer: Gazetteer, *, published_on=None) -> Draft:
    unify_organisations(findings)
    assembler = Assembler(findings, gazetteer)
    day = findings.dateline.day if findings.dateline else published_on
    assembler.people(day)
    assembler.meetings()
    assembler.agreements()
    if not assembler.draft.meetings and assembler.draft.people:
        meeting = assembler._meeting_near(0)
        meeting.spans.append(assembler.draft.people[0].spans[0])
    for person in assembler.draft.people:  # speakers told of outside the meeting sentence
        if not any(person.key in m.person_keys for m in assembler.draft.meetings):
            assembler._join(
                assembler._meeting_near(person.spans[0].start),
                assembler._written_name(person),
                ParticipantRole.ATTENDEE,
            )
    assembler.pledges()
    for name, span in findings.organisations:  # named in the article outside the rest
        assembler.organisation(name, span)
    assembler.topics()
    assembler.draft.people.sort(key=lambda p: p.spans[0].start)
    assembler.finish(published_on)
    return assembler.draft
