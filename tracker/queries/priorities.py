"""Enterprises' importance (strategic, important, routine) beside their relationship's health:
the Relationships page's filter and its importance × health matrix, and one enterprise's setting."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.auth.visibility import organisation_visible
from tracker.i18n import N_, gettext
from tracker.models import Importance, Organisation, OrganisationImportance
from tracker.queries.filters import Filters
from tracker.queries.relationships import HEALTH_ORDER, relationships

NOT_SET = "not_set"
IMPORTANCE_ORDER = [*(level.value for level in Importance), NOT_SET]
# Health flags that make a strategic enterprise stand out in the matrix.
POOR_HEALTH = ("neglected", "overdue", "cooling")


def importance_label(value: str) -> str:
    """'strategic' → 'Strategic' (战略), 'not_set' → 'Not set', in the reader's language."""
    from tracker.labels import label

    return gettext(N_("Not set")) if value == NOT_SET else label(value)


def importance_of(session: Session, filters: Filters, organisation_id: int) -> dict | None:
    """One enterprise's importance, reason, who set it and when (None when unset or not visible)."""
    row = session.execute(
        sa.select(OrganisationImportance.importance, OrganisationImportance.reason,
                  OrganisationImportance.set_by, OrganisationImportance.set_at)
        .join(Organisation, Organisation.id == OrganisationImportance.organisation_id)
        .where(OrganisationImportance.organisation_id == organisation_id,
               organisation_visible(filters.clearance))).first()
    if row is None:
        return None
    return {"importance": str(getattr(row.importance, "value", row.importance)), "reason": row.reason,
            "set_by": row.set_by, "set_at": row.set_at}


def relationships_by_importance(session: Session, filters: Filters, importance: tuple[str, ...] = (),
                                today: dt.date | None = None) -> pd.DataFrame:
    """The Relationships table with each enterprise's importance ('not_set' when none), keeping
    only the importances given (all when none)."""
    table = relationships(session, filters, today=today)
    ids = [int(i) for i in table["organisation_id"]]
    levels = dict(session.execute(
        sa.select(OrganisationImportance.organisation_id, OrganisationImportance.importance)
        .where(OrganisationImportance.organisation_id.in_(ids))).all()) if ids else {}
    table = table.assign(importance=[str(getattr(levels.get(i), "value", levels.get(i) or NOT_SET))
                                     for i in ids])
    if importance:
        table = table[table["importance"].isin(importance)].reset_index(drop=True)
    return table


def importance_matrix(table: pd.DataFrame) -> pd.DataFrame:
    """Enterprises counted by importance (rows) × health flag (columns), every cell present."""
    counts = (table.groupby(["importance", "health"]).size() if not table.empty
              else pd.Series(dtype="int64"))
    return pd.DataFrame([[int(counts.get((level, health), 0)) for health in HEALTH_ORDER]
                         for level in IMPORTANCE_ORDER], index=IMPORTANCE_ORDER, columns=list(HEALTH_ORDER))


def standing_out(table: pd.DataFrame) -> pd.DataFrame:
    """Strategic enterprises with a poor health flag: the ones to look at first."""
    if table.empty:
        return table
    return table[(table["importance"] == Importance.STRATEGIC.value)
                 & table["health"].isin(POOR_HEALTH)].reset_index(drop=True)
