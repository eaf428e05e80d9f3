"""The keys a search finds people and organisations by.

``search_key``: the pinyin of Chinese names, stored on people and organisations so that a search
typed in Latin script ("tengxun", "ma huateng") finds a record known only as 腾讯 or 马化腾. Kept in
step by ORM events on every insert and update, whichever service writes (registered when
``tracker.read_model`` is imported); bulk paths that bypass the ORM write ``search_key``
themselves, and the migration fills it with ``refresh_search_keys``.

``name_key`` rows: every key a search box's text is compared with to find the record it names
(name, local name, alias, each part of ``search_key``, an organisation's legal-name core), one
indexed row each, so a name resolves by index instead of by reading every person. The unit of
work rewrites a record's rows when its names or aliases change (``refresh_name_keys``); bulk
loads rewrite them all; a deleted record's rows go with it (foreign keys, ON DELETE CASCADE).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from tracker.matching import has_cjk, legal_core, pinyin
from tracker.models.name_key import NameKey
from tracker.models.organisation import Organisation, OrganisationAlias
from tracker.models.person import Person, PersonAlias
from tracker.read_model.summaries import IDS, chunks

SEARCH_KEY_SEPARATOR = " | "


def search_key(*names: str | None, person: bool) -> str:
    """'马化腾' → 'ma huateng | mahuateng' (empty when no name has Chinese characters)."""
    keys: list[str] = []
    for name in names:
        if name and has_cjk(name):
            spelled = pinyin(name, person=person)
            keys += [spelled, spelled.replace(" ", "")]
    return SEARCH_KEY_SEPARATOR.join(dict.fromkeys(k for k in keys if k))


@sa.event.listens_for(Person, "before_insert")
@sa.event.listens_for(Person, "before_update")
def _person_search_key(_mapper, _connection, target: Person) -> None:
    target.search_key = search_key(target.name, target.local_name, person=True)


@sa.event.listens_for(Organisation, "before_insert")
@sa.event.listens_for(Organisation, "before_update")
def _organisation_search_key(_mapper, _connection, target: Organisation) -> None:
    target.search_key = search_key(target.name, target.local_name, person=False)


def refresh_search_keys(connection, *, batch: int = 2_000) -> int:
    """Fill ``search_key`` for every person and organisation (after a bulk load); returns rows changed."""
    changed = 0
    for table, person in (("person", True), ("organisation", False)):
        rows = connection.execute(sa.text(f"SELECT id, name, local_name, search_key FROM {table}")).all()
        updates = [{"id": row.id, "key": key} for row in rows
                   if (key := search_key(row.name, row.local_name, person=person)) != row.search_key]
        for start in range(0, len(updates), batch):
            connection.execute(sa.text(f"UPDATE {table} SET search_key = :key WHERE id = :id"),
                               updates[start:start + batch])
        changed += len(updates)
    return changed


# --- name_key rows ---------------------------------------------------------------------------

OWNERS = {True: (Person, PersonAlias, PersonAlias.person_id, "person_id"),
          False: (Organisation, OrganisationAlias, OrganisationAlias.organisation_id, "organisation_id")}


def name_key_rows(record_id: int, *, person: bool, name_key: str, local_name: str | None,
                  stored_search_key: str, name: str, aliases: Iterable[tuple[str, str]]) -> list[dict]:
    """The ``name_key`` rows of one record: its stored name key, local name as written, aliases'
    keys (``(alias, alias_key)``), the parts of its stored pinyin ``search_key`` and, for an
    organisation, the legal-name core of its name, local name and aliases."""
    owner = OWNERS[person][3]
    aliases = list(aliases)
    rows = [("name", name_key, None)]
    if local_name:
        rows.append(("local", local_name, None))
    rows += [("alias", alias_key, alias) for alias, alias_key in aliases]
    rows += [("pinyin", part, None) for part in stored_search_key.split(SEARCH_KEY_SEPARATOR)]
    if not person:
        rows += [("legal", legal_core(text), None) for text in (name, local_name, *(a for a, _ in aliases))
                 if text]
    unique = dict.fromkeys((kind, key, source) for kind, key, source in rows if key)
    return [{owner: record_id, "key_kind": kind, "key": key, "source": source}
            for kind, key, source in unique]


def built_name_keys(bind, *, person: bool, ids: list[int] | None = None) -> list[dict]:
    """The ``name_key`` rows of these people or organisations (all when ``ids`` is None) built
    from what is stored now."""
    table, alias_table, owner, _ = OWNERS[person]
    records = sa.select(table.id, table.name, table.name_key, table.local_name, table.search_key)
    aliases = sa.select(owner, alias_table.alias, alias_table.alias_key).order_by(owner, alias_table.id)
    if ids is not None:
        records, aliases = records.where(table.id.in_(IDS)), aliases.where(owner.in_(IDS))
    params = {"ids": ids} if ids is not None else {}
    by_owner: dict[int, list[tuple[str, str]]] = {}
    for owner_id, alias, alias_key in bind.execute(aliases, params):
        by_owner.setdefault(owner_id, []).append((alias, alias_key))
    return [row for record in bind.execute(records, params) for row in name_key_rows(
        record.id, person=person, name_key=record.name_key, local_name=record.local_name,
        stored_search_key=record.search_key, name=record.name, aliases=by_owner.get(record.id, []))]


def _write(bind, person: bool, ids: list[int] | None, *, batch: int = 5_000) -> None:
    owner = NameKey.__table__.c[OWNERS[person][3]]
    delete = NameKey.__table__.delete()
    bind.execute(delete.where(owner.in_(IDS)) if ids is not None else delete.where(owner.is_not(None)),
                 {"ids": ids} if ids is not None else {})
    rows = built_name_keys(bind, person=person, ids=ids)
    for start in range(0, len(rows), batch):
        bind.execute(NameKey.__table__.insert(), rows[start:start + batch])


def refresh_name_keys(bind, *, people: Iterable[int] | None = None,
                      organisations: Iterable[int] | None = None) -> None:
    """Rewrite the ``name_key`` rows of these people and organisations (ids that no longer exist
    are left with none); with neither given, of every record (after a bulk load)."""
    if people is None and organisations is None:
        _write(bind, True, None)
        _write(bind, False, None)
        return
    for person, ids in ((True, people or ()), (False, organisations or ())):
        for batch in chunks(ids):
            _write(bind, person, batch)
