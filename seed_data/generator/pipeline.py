"""Drawing meetings and writing them overlap: a worker thread draws the next chunk while the
database stores the previous one (SQLite and psycopg release the GIL while they work), which
hides most of the drawing time on a machine with two cores."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

from tracker.models import MeetingOrganisation
from tracker.read_model import meeting_copies, meeting_search_text

CHUNK_MEETINGS = 5_000
LINK_TABLES = (
    "meeting",
    "participation",
    "meeting_topic",
    "agreement",
    "agreement_party",
    "pledge",
    "pledge_update",
    "meeting_organisation",
)


def draw_chunks(plans, builder, signings, roster, org_names, org_copies) -> Iterator[tuple[dict, int]]:
    """(rows per table, meetings drawn so far) for every chunk of ``CHUNK_MEETINGS`` meetings.
    ``org_copies``: each organisation's kind and sector, copied into its meeting rows."""
    rows: dict[str, list[dict]] = {name: [] for name in LINK_TABLES}
    for done, plan in enumerate(plans, start=1):
        context = builder.build(plan, rows)
        agreement = signings.agreement(context, rows) if plan.agreements else None
        if plan.pledges:
            signings.pledges(context, plan.pledges, agreement, rows)
        if agreement:
            context["org_ids"].update(o.id for o in agreement["orgs"])
        meeting = context["meeting"]
        org_ids = sorted(context["org_ids"])
        meeting["search_text"] = meeting_search_text(
            meeting["title"], meeting["place"], meeting["summary"],
            [roster.names[person_id] for person_id in context["people"]],
            [org_names[org_id] for org_id in org_ids],
            context["topics"],
        )
        copies = meeting_copies(meeting, MeetingOrganisation)
        rows["meeting_organisation"].extend(
            {"meeting_id": meeting["id"], "organisation_id": org_id, **copies, **org_copies[org_id]}
            for org_id in org_ids
        )
        if done % CHUNK_MEETINGS == 0 or done == len(plans):
            yield rows, done
            rows = {name: [] for name in LINK_TABLES}


def write_pipelined(
    chunks: Iterator[tuple[dict, int]], insert: Callable[[dict], None], progress: Callable[[int], None] | None
) -> None:
    """Insert every chunk in this thread while a worker draws the next ones."""
    handoff: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in chunks:
                while not stop.is_set():
                    try:
                        handoff.put(item, timeout=0.2)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            handoff.put(None)
        except BaseException as exc:  # handed to the writing thread, which raises it
            handoff.put(exc)

    worker = threading.Thread(target=produce, name="generator-draw", daemon=True)
    worker.start()
    try:
        while (item := handoff.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            rows, done = item
            insert(rows)
            if progress is not None:
                progress(done)
    finally:
        stop.set()
        worker.join()
