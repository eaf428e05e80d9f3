"""The load test's protocol client (``bench/load``) keeps working as the app changes: against a real
server it signs in as a browser does (form, grant, HttpOnly cookie), opens a page, logs a meeting
that the database then holds once with its audit row, and of two editors saving the same meeting
at once, one is told of the conflict."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import time
from pathlib import Path

import pytest

from bench.load import checks, servers
from bench.load.protocol import COOKIE_NAME, Tab
from bench.load.signin import sign_in
from bench.load.users import Catalogue, ConflictPair, Editor, Recorder
from tests.e2e.server import REPO, free_port, serving
from tests.factories import make_organisation
from tracker import db as tracker_db
from tracker.auth.actor import SYSTEM_ACTOR
from tracker.migrate import upgrade
from tracker.models import MeetingCreate
from tracker.services import meetings

pytestmark = [pytest.mark.e2e, pytest.mark.sqlite_only]
TRACKER = Path(sys.executable).parent / "tracker"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A served app on an SQLite file with two editors and one meeting; yields (base URL, URL, id)."""
    folder = tmp_path_factory.mktemp("load_client")
    url = f"sqlite:///{folder / 'load.db'}"
    engine = tracker_db.make_engine(url)
    upgrade(engine)
    with tracker_db.session_scope(engine) as session:
        company = make_organisation(session, name="SenseTime")
        meeting = meetings.create_meeting(session=session, actor=SYSTEM_ACTOR, data=MeetingCreate(
            title="Talks on AI", date=dt.date.today() - dt.timedelta(days=3), organisation_ids=[company.id]))
        meeting_id = meeting.id
    engine.dispose()
    servers.create_users(url, readers=0, editors=2)
    port = free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_DEFAULT_LANGUAGE": "en",
           "STREAMLIT_SERVER_ADDRESS": "127.0.0.1"}
    with serving([str(TRACKER), "serve", "--port", str(port)], port=port, env=env, cwd=REPO) as base:
        yield base, url, meeting_id


def test_the_protocol_client_signs_in_reads_logs_and_meets_the_conflict(app):
    base, url, meeting_id = app
    recorder = Recorder()
    catalogue = Catalogue(meeting_ids=[meeting_id], enterprise_ids=[], official_ids=[], regions=[],
                          area_ids=[], edit_ids=[meeting_id], conflict_id=meeting_id)

    async def scenario() -> None:
        jars = [await sign_in(base, name, servers.PASSWORD) for name in ("load-editor-00", "load-editor-01")]
        assert all(jar[COOKIE_NAME] for jar in jars)
        async with Tab(base, jars[0]) as tab:      # the cookie alone signs a new tab in
            page = await tab.open("overview", "period=all")
        assert page.has_text("Signed in as load-editor-00") and page.has_text("Meetings held: 1")
        assert not page.incident and page.seconds > 0

        until = time.monotonic() + 120
        editors = [Editor(f"e{n}", base, jar, catalogue=catalogue, recorder=recorder, until=until,
                          think_s=0.0, seed=n, edit_ids=[meeting_id]) for n, jar in enumerate(jars)]
        await editors[0].log_meeting()
        await editors[0].drop_tab()
        pair = ConflictPair(meeting_id, recorder)
        await asyncio.gather(*(pair.edit_together(editor) for editor in editors))

    asyncio.run(scenario())
    assert recorder.errors == []
    assert len(recorder.logged) == 1 and recorder.logged[0]["id"] is not None
    assert (recorder.conflict_rounds, recorder.conflicts_shown) == (1, 1)
    assert len(recorder.edited) == 1    # the one who saved; the other was shown the conflict
    writes = checks.check_writes(url, recorder)
    assert writes == {"acknowledged": 2, "lost": 0, "duplicates": 0, "audited": 2}
