"""The Archive page's reads (administrators): archived records by kind, with who archived them and
when, and the merges of the last 30 days that may still be undone. The only reads that list
archived rows; every other query hides them (``tracker.auth.visibility.cleared``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.actor import Actor, require_admin
from tracker.auth.visibility import archive_visible
from tracker.i18n import N_
from tracker.models import MergeRecord, utcnow
from tracker.models.archivable import ARCHIVABLE as KINDS
from tracker.models.archivable import UNDO_MERGE_DAYS as UNDO_DAYS

ARCHIVED_COLUMNS = ["kind", "id", "name", "archived_at", "archived_by", "with_item"]
MERGE_COLUMNS = ["id", "entity", "merged_name", "merged_id", "survivor_name", "survivor_id", "at", "by",
                 "undone_at"]


def list_archived(*, session: Session, actor: Actor, kind: str | None = None) -> pd.DataFrame:
    """Archived records (of ``kind``, or every kind), newest first: kind, id, name, when, by whom,
    and ``with_item`` — True for an agreement or pledge archived with its meeting or agreement
    (restored with it)."""
    require_admin(actor, N_("see the archive"))
    frames = []
    for name, spec in KINDS.items():
        if kind not in (None, name):
            continue
        model = spec.model
        owners = []
        for owner, column in (("meeting", "meeting_id"), ("agreement", "agreement_id")):
            if name != owner and hasattr(model, column):
                owner_model = KINDS[owner].model
                owners.append(sa.exists().where(owner_model.id == getattr(model, column),
                                                owner_model.archived_at == model.archived_at))
        with_item = sa.or_(*owners) if owners else sa.false()
        rows = session.execute(
            sa.select(sa.literal(name).label("kind"), model.id, getattr(model, spec.title).label("name"),
                      model.archived_at, model.archived_by, with_item.label("with_item"))
            .where(model.archived_at.is_not(None), archive_visible(name, model, actor.clearance))
        ).all()
        frames.append(pd.DataFrame(rows, columns=ARCHIVED_COLUMNS))
    found = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=ARCHIVED_COLUMNS)
    found["with_item"] = found["with_item"].astype(bool)
    return found.sort_values(["archived_at", "kind", "id"], ascending=[False, True, True],
                             ignore_index=True)


def list_recent_merges(*, session: Session, actor: Actor, now: dt.datetime | None = None) -> pd.DataFrame:
    """Merges of the last 30 days, newest first (``undone_at`` set once undone)."""
    require_admin(actor, N_("see the archive"))
    since = (now or utcnow()) - dt.timedelta(days=UNDO_DAYS)
    rows = session.execute(
        sa.select(*[getattr(MergeRecord, column) for column in MERGE_COLUMNS])
        .where(MergeRecord.at >= since).order_by(MergeRecord.at.desc(), MergeRecord.id.desc())).all()
    return pd.DataFrame(rows, columns=MERGE_COLUMNS)
