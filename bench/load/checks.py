"""After a run: is every write the users were told was saved in the database exactly once, with
its audit row? A logged meeting is found by its title (unique per run) and must have one
``create`` audit row; an edit must have one ``update`` audit row for that meeting whose summary
(the title after the edit) is the title the editor typed."""

from __future__ import annotations

import sqlalchemy as sa

from bench.load.users import Recorder

_MEETINGS = sa.text("SELECT id FROM meeting WHERE title = :title")
_AUDITS = sa.text("SELECT count(*) FROM audit_event WHERE entity_type = 'meeting' AND action = :action "
                  "AND entity_id = :id AND summary = :title")


def check_writes(url: str, recorder: Recorder) -> dict[str, int]:
    """Counts of acknowledged writes that are missing (``lost``) or there more than once."""
    lost = duplicates = audited = 0
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            for entry in recorder.logged + [e for e in recorder.uncertain if "id" in e]:
                ids = [row[0] for row in conn.execute(_MEETINGS, {"title": entry["title"]})]
                rows = [conn.execute(_AUDITS, {"action": "create", "id": i, "title": entry["title"]}).scalar()
                        for i in ids]
                if entry in recorder.logged and (not ids or 0 in rows):
                    lost += 1
                duplicates += len(ids) > 1 or any(count > 1 for count in rows)
                audited += sum(rows)
            for entry in recorder.edited + [e for e in recorder.uncertain if "meeting_id" in e]:
                count = conn.execute(_AUDITS, {"action": "update", "id": entry["meeting_id"],
                                               "title": entry["title"]}).scalar()
                if entry in recorder.edited and count == 0:
                    lost += 1
                duplicates += count > 1
                audited += count
    finally:
        engine.dispose()
    return {"acknowledged": len(recorder.logged) + len(recorder.edited), "lost": lost,
            "duplicates": duplicates, "audited": audited}
