"""The dashboards' filters on the command line: the options every filtered command takes, and the
one place that turns them into a ``Filters``.

A value that matches nothing (a sector, region, cooperation area or organisation the reader cannot
see, a kind that does not exist) stops the command before anything is written, with exit code 2
and the values that would match: all of them when there are few, else the closest few. Without
this a misspelt ``--sector`` wrote an empty export that looked like a true answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import NoReturn

import typer
from rapidfuzz import fuzz, process, utils
from sqlmodel import Session

from tracker.auth.actor import Actor
from tracker.cli.console import fail
from tracker.errors import NotFound
from tracker.i18n import CHINESE, N_, _, current_language, format_number
from tracker.labels import english_label, label
from tracker.models import OrganisationKind
from tracker.queries.filters import Filters
from tracker.reports.formats import or_list

FROM = typer.Option(None, "--from", metavar="YYYY-MM-DD", help="First day of the period.")
TO = typer.Option(None, "--to", metavar="YYYY-MM-DD", help="Last day of the period.")
KIND = typer.Option([], "--kind", metavar="KIND",
                    help="Only organisations of this kind, e.g. “Private enterprise” (repeatable).")
SECTOR = typer.Option([], "--sector", metavar="SECTOR",
                      help="Only organisations in this sector, e.g. “Artificial intelligence” "
                           "(repeatable).")
REGION = typer.Option([], "--region", metavar="REGION",
                      help="Only organisations in this region or province (repeatable).")
AREA = typer.Option([], "--area", metavar="AREA",
                    help="Only what concerns this cooperation area, by name or what people call "
                         "it, e.g. “cloud computing” or “云计算” (repeatable).")
ORGANISATION = typer.Option([], "--organisation", metavar="NAME",
                            help="Only this organisation: name, local name or alias (repeatable).")

# Up to this many valid values are all named; beyond it, the closest SUGGESTED are.
LISTED_IN_FULL = 12
SUGGESTED = 5


def _key(text: str) -> str:
    """What two spellings of one value share: case, spaces and underscores do not count."""
    return " ".join(str(text).replace("_", " ").split()).casefold()


def _quoted(values: Sequence[str]) -> str:
    return or_list([f"“{value}”" for value in values])


def _closest(value: str, valid: Sequence[str], also_called: Mapping[str, Sequence[str]]) -> list[str]:
    """The SUGGESTED of ``valid`` nearest to ``value``, each scored by its best spelling: its own
    or one of what it is also called, so "cloud computin" suggests Digital infrastructure."""
    spellings = [(word, name) for name in valid for word in (name, *also_called.get(name, ()))]
    ranked = process.extract(value, [word for word, _ in spellings], scorer=fuzz.WRatio,
                             processor=utils.default_process, limit=None)
    names = dict.fromkeys(spellings[index][1] for _, _, index in ranked)
    return list(names)[:SUGGESTED]


def valid_values_hint(value: str, valid: Sequence[str],
                      also_called: Mapping[str, Sequence[str]] | None = None) -> str:
    """"use one of “A”, “B” or “C”", or the closest SUGGESTED of many, for an error message."""
    valid = list(dict.fromkeys(valid))
    if not valid:
        return _("there is none you can see yet")
    if len(valid) <= LISTED_IN_FULL:
        return _("use one of {values}").format(values=_quoted(valid))
    return _("the closest of {count} are {values}").format(
        count=format_number(len(valid)), values=_quoted(_closest(value, valid, also_called or {})))


def unknown(what: str, value: str, valid: Sequence[str], option: str | None = None,
            also_called: Mapping[str, Sequence[str]] | None = None) -> NoReturn:
    """Stop: no ``what`` is called ``value``; the message names the valid values."""
    given = f" ({option})" if option else ""
    raise NotFound(_("No {what} called “{value}”{given}: {hint}.").format(
        what=_(what), value=value, given=given, hint=valid_values_hint(value, valid, also_called)))


def _kinds(values: Iterable[str]) -> tuple[str, ...]:
    """Kinds given as words ("Private enterprise", or in the output's language: 民营企业) or codes
    ("private_enterprise")."""
    by_key = {_key(kind.value): kind.value for kind in OrganisationKind}
    by_key |= {_key(english_label(kind)): kind.value for kind in OrganisationKind}
    by_key |= {_key(label(kind)): kind.value for kind in OrganisationKind}
    kinds = []
    for value in values:
        if _key(value) not in by_key:
            fail(_("Unknown --kind “{value}”: {hint}.").format(
                value=value, hint=valid_values_hint(value, [label(kind) for kind in OrganisationKind])))
        kinds.append(by_key[_key(value)])
    return tuple(kinds)


def _as_stored(values: Iterable[str], stored: Sequence[str], what: str, option: str) -> tuple[str, ...]:
    """Each value as the organisations spell it (any case), or stop naming the ones that exist."""
    by_key = {_key(value): value for value in stored}
    found = []
    for value in values:
        if _key(value) not in by_key:
            unknown(what, value, stored, option)
        found.append(by_key[_key(value)])
    return tuple(found)


def _area_ids(session: Session, names: Iterable[str]) -> tuple[int, ...]:
    """Each area by its name or by what people call it ("cloud computing", "云计算"), as the
    meeting form and the article reader read it."""
    from tracker.queries.meeting_form import area_choices
    from tracker.taxonomy import find_area, synonyms_of

    ids = []
    for name in names:
        area = find_area(session, name)
        if area is None:
            valid = sorted(area_choices(session)["name"], key=str.casefold)
            unknown(N_("cooperation area"), name, valid, "--area",
                    also_called={area: synonyms_of(area) for area in valid})
        ids.append(area.id)
    return tuple(ids)


def organisation_id(session: Session, actor: Actor, name: str, option: str | None = None) -> int:
    """The organisation called ``name`` (name, local name or alias) that ``actor`` may know of;
    otherwise stop, naming the closest of those they may know of (never one above their
    clearance)."""
    from tracker.queries.briefing_data import find_organisation_id
    from tracker.queries.meeting_form import organisation_choices

    try:
        return find_organisation_id(session, name, clearance=actor.clearance)
    except NotFound:
        choices = organisation_choices(session, clearance=actor.clearance)
        # Named as the reader would type them: in Chinese by the Chinese name where there is one
        # (either name is accepted, so both are matched against what was typed).
        chinese = current_language() == CHINESE
        shown = {(local if chinese and local else english): english
                 for english, local in zip(choices["name"], choices["local_name"], strict=True)}
        also_called = {named: [english] for named, english in shown.items() if named != english}
        unknown(N_("organisation"), name, sorted(shown, key=str.casefold), option, also_called=also_called)


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        fail(_("{option} “{text}” is not a date: write it as YYYY-MM-DD.").format(option=option, text=text))


def build_filters(session: Session, actor: Actor, *, start: str | None = None, end: str | None = None,
                  kinds: Iterable[str] = (), sectors: Iterable[str] = (), regions: Iterable[str] = (),
                  areas: Iterable[str] = (), organisations: Iterable[str] = ()) -> Filters:
    """The dashboards' ``Filters`` from command-line options, limited to the actor's clearance.
    Every value is checked here, before the command writes anything."""
    first, last = _date(start, "--from"), _date(end, "--to")
    if first and last and last < first:
        fail(_("--to is before --from."))
    sectors, regions = list(sectors), list(regions)
    facets = {"sectors": [], "regions": []}
    if sectors or regions:
        from tracker.queries.directory import directory_facets

        facets = directory_facets(session, clearance=actor.clearance)
    return Filters.for_actor(
        actor, start=first, end=last, organisation_kinds=_kinds(kinds),
        sectors=_as_stored(sectors, facets["sectors"], N_("sector"), "--sector"),
        regions=_as_stored(regions, facets["regions"], N_("region"), "--region"),
        area_ids=_area_ids(session, areas),
        organisation_ids=tuple(organisation_id(session, actor, name, "--organisation")
                               for name in organisations))
