"""The default cooperation-area taxonomy (``tracker/data/taxonomy.yaml``), loaded through the services."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlmodel import Session

from tracker.auth.actor import SYSTEM_ACTOR, Actor
from tracker.models import CooperationAreaCreate
from tracker.services import areas

TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomy.yaml"


def default_taxonomy() -> list[dict]:
    return yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))


def ensure_default_taxonomy(session: Session, actor: Actor = SYSTEM_ACTOR) -> int:
    """Create the default areas that are missing; returns how many were created."""
    created = 0

    def add(node: dict, parent_id: int | None) -> None:
        nonlocal created
        area = areas.get_by_name(session=session, name=node["name"])
        if area is None:
            area = areas.create_area(session=session, actor=actor, data=CooperationAreaCreate(
                name=node["name"], parent_id=parent_id, description=node.get("description")))
            created += 1
        for child in node.get("children", []):
            add(child, area.id)

    for root in default_taxonomy():
        add(root, None)
    return created


def area_names(session: Session) -> list[str]:
    """Every cooperation area's name, for pick lists (sub-areas first, as pledges use them)."""
    from sqlmodel import select

    from tracker.models import CooperationArea

    rows = session.exec(select(CooperationArea.name, CooperationArea.parent_id)).all()
    return [name for name, parent in sorted(rows, key=lambda r: (r[1] is None, r[0]))]
