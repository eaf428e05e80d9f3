"""The daily reminder: per user, what is overdue, due soon or silent in their own work.

``build_digest`` is the one place that decides what a user is reminded of: the My work page shows
it, and ``send_reminders`` (``tracker remind``) e-mails it over SMTP when ``TRACKER_SMTP_URL`` is
set. Each digest is read at the recipient's own clearance, so no reminder names an item they
may not see. What was e-mailed is kept per user, day and item (``reminder_sent``): running the
command again the same day sends only what is new, usually nothing. Keeping that record is
bookkeeping, not a change to any record a page shows, so it bumps no data version and writes no
audit row (as sign-in attempts do not).
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

import sqlalchemy as sa
from sqlmodel import Session

from tracker.db import write_transaction
from tracker.i18n import _, choose_language, format_date, ngettext, using_language
from tracker.models import Confidentiality, ReminderSent, User, utcnow
from tracker.queries.filters import Filters
from tracker.queries.my_work import my_actions, my_silent_pledges

SECTIONS = ("overdue", "due", "silent")
DEFAULT_SENDER = "engagement-tracker@localhost"


@dataclass(frozen=True)
class DigestItem:
    key: str          # what reminder_sent records: "action:12:overdue", "pledge:7:silent"
    section: str      # one of SECTIONS
    kind: str         # "action" or "pledge"
    id: int
    text: str
    on: dt.date | None  # the due date, or the day of the pledge's last news
    about: str = ""   # the record it is on: "meeting", "agreement" or "pledge" …
    about_id: int | None = None  # … and its id (My work links to it)


@dataclass
class Digest:
    user_id: int
    username: str
    email: str | None
    language: str
    today: dt.date
    items: list[DigestItem] = field(default_factory=list)

    def section(self, name: str) -> list[DigestItem]:
        return [item for item in self.items if item.section == name]

    def only(self, keys: set[str]) -> Digest:
        return Digest(self.user_id, self.username, self.email, self.language, self.today,
                      [item for item in self.items if item.key in keys])


def section_title(name: str) -> str:
    return {"overdue": _("Actions overdue"), "due": _("Actions due this week"),
            "silent": _("Silent pledges in your portfolio")}[name]


def build_digest(session: Session, *, user: User, today: dt.date | None = None) -> Digest:
    """What ``user`` should be reminded of today, read at their own clearance."""
    today = today or dt.date.today()
    filters = Filters(clearance=Confidentiality.parse(user.clearance))
    digest = Digest(user.id, user.username, user.email, choose_language(user.language), today)
    actions = my_actions(session, filters, user_id=user.id, today=today)
    for row in actions.itertuples():
        section = "overdue" if row.overdue else "due"
        digest.items.append(DigestItem(f"action:{row.id}:{section}", section, "action", int(row.id),
                                       f"{row.what} ({row.item})", row.due_on,
                                       row.item_kind, int(row.item_id)))
    pledges = my_silent_pledges(session, filters, user_id=user.id, today=today)
    for row in pledges.itertuples():
        what = f"{row.organisation}: {row.text or row.area}"
        digest.items.append(DigestItem(f"pledge:{row.id}:silent", "silent", "pledge", int(row.id), what,
                                       row.last_news, "pledge", int(row.id)))
    return digest


def digest_for(*, session: Session, user_id: int | None, today: dt.date | None = None) -> Digest | None:
    """The digest of the user with this id (None when there is no such user): My work shows it."""
    user = session.get(User, user_id) if user_id is not None else None
    return build_digest(session, user=user, today=today) if user is not None else None


def all_digests(session: Session, *, today: dt.date | None = None,
                usernames: tuple[str, ...] = ()) -> list[Digest]:
    """Every active user's digest (or those named), in username order."""
    query = sa.select(User).where(User.is_active.is_(True)).order_by(User.username)
    if usernames:
        query = query.where(User.username.in_([name.lower() for name in usernames]))
    return [build_digest(session, user=user, today=today) for user in session.scalars(query).all()]


def digest_text(digest: Digest) -> tuple[str, str]:
    """The e-mail's subject and plain-text body, in the recipient's language."""
    with using_language(digest.language):
        count = len(digest.items)
        subject = ngettext("Engagement Tracker: {count} item to follow up, {date}",
                           "Engagement Tracker: {count} items to follow up, {date}", count).format(
            count=count, date=format_date(digest.today))
        lines = [_("Good morning {name},").format(name=digest.username), ""]
        for name in SECTIONS:
            items = digest.section(name)
            if not items:
                continue
            lines.append(f"{section_title(name)} ({len(items)})")
            for item in items:
                when = format_date(item.on) if item.on else ""
                lines.append(f"  - {item.text}" + (f" — {when}" if when else ""))
            lines.append("")
        lines.append(_("Open My work in the tracker to see them and mark actions done."))
        return subject, "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Outcome:
    username: str
    items: int
    new: int
    sent: bool
    note: str


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    ssl: bool
    starttls: bool
    username: str | None
    password: str | None
    sender: str


def smtp_settings(url: str) -> SmtpSettings:
    """``smtp://[user:password@]host[:port][?starttls=1&from=address]``; ``smtps://`` for SSL."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("TRACKER_SMTP_URL must look like smtp://user:password@host:587?starttls=1")
    query = parse_qs(parts.query)
    ssl = parts.scheme == "smtps"
    return SmtpSettings(
        host=parts.hostname, port=parts.port or (465 if ssl else 25), ssl=ssl,
        starttls=query.get("starttls", ["0"])[0] in ("1", "true", "yes"),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        sender=query.get("from", [os.environ.get("TRACKER_SMTP_FROM") or DEFAULT_SENDER])[0])


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    client = (smtplib.SMTP_SSL if settings.ssl else smtplib.SMTP)(settings.host, settings.port, timeout=30)
    if settings.starttls:
        client.starttls()
    if settings.username:
        client.login(settings.username, settings.password or "")
    return client


def already_sent(session: Session, user_id: int, day: dt.date) -> set[str]:
    return set(session.scalars(sa.select(ReminderSent.item).where(
        ReminderSent.user_id == user_id, ReminderSent.day == day)).all())


def send_reminders(session: Session, *, today: dt.date | None = None, dry_run: bool = False,
                   smtp_url: str | None = None, usernames: tuple[str, ...] = ()) -> list[Outcome]:
    """E-mail each user what is new in today's digest; with ``dry_run``, only say what would go."""
    today = today or dt.date.today()
    smtp_url = smtp_url if smtp_url is not None else os.environ.get("TRACKER_SMTP_URL") or None
    settings = smtp_settings(smtp_url) if smtp_url else None
    outcomes: list[Outcome] = []
    client: smtplib.SMTP | None = None
    try:
        for digest in all_digests(session, today=today, usernames=usernames):
            sent_before = already_sent(session, digest.user_id, today)
            new = digest.only({item.key for item in digest.items} - sent_before)
            total = len(digest.items)

            def outcome(sent: bool, note: str, digest=digest, new=new, total=total) -> Outcome:
                return Outcome(digest.username, total, len(new.items), sent, note)

            if not new.items:
                outcomes.append(outcome(False, "nothing due" if not total else "already sent today"))
            elif not digest.email:
                outcomes.append(outcome(False, "no e-mail address (shown in the app only)"))
            elif dry_run:
                outcomes.append(outcome(False, f"would send to {digest.email}"))
            elif settings is None:
                outcomes.append(outcome(False, "TRACKER_SMTP_URL is not set"))
            else:
                subject, body = digest_text(new)
                message = EmailMessage()
                message["From"], message["To"], message["Subject"] = settings.sender, digest.email, subject
                message.set_content(body)
                client = client or _connect(settings)
                client.send_message(message)
                with write_transaction(session):
                    session.add_all([ReminderSent(user_id=digest.user_id, day=today, item=item.key,
                                                  sent_at=utcnow()) for item in new.items])
                outcomes.append(outcome(True, f"sent to {digest.email}"))
    finally:
        if client is not None:
            client.quit()
    return outcomes
