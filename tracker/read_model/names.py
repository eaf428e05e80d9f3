"""The pinyin of Chinese names, stored on people and organisations (``search_key``) so that a
search typed in Latin script ("tengxun", "ma huateng") finds a record known only as 腾讯 or 马化腾.

Part of the read model: kept in step by ORM events on every insert and update, whichever service
writes (registered when ``tracker.read_model`` is imported); bulk paths that bypass the ORM write
``search_key`` themselves, and the migration fills it with ``refresh_search_keys``.
"""

from __future__ import annotations

import sqlalchemy as sa

from tracker.matching import has_cjk, pinyin
from tracker.models.organisation import Organisation
from tracker.models.person import Person


def search_key(*names: str | None, person: bool) -> str:
    """'马化腾' → 'ma huateng | mahuateng' (empty when no name has Chinese characters)."""
    keys: list[str] = []
    for name in names:
        if name and has_cjk(name):
            spelled = pinyin(name, person=person)
            keys += [spelled, spelled.replace(" ", "")]
    return " | ".join(dict.fromkeys(k for k in keys if k))


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
