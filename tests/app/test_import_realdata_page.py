"""Every real register in ../shared/realdata imports from the Import page as a new user would do
it (issue 16): upload, keep the proposed mapping, answer the Year box where the return names no
year, preview, import; then the same file again adds nothing. No mapping file is written.

Skipped when ../shared/realdata is absent (it sits beside the repository, not in it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import signed_in_app
from tests.integration.test_import_realdata import REALDATA, non_blank_rows

# The two UK returns whose name and cells state no year: the person importing knows the quarter.
YEAR_ASKED = {"comeetingsjulysep.csv": 2012, "pmmeetingsjanmar.csv": 2013}
# Rejections that are not lost meetings: a footnote or heading, a nil return.
NOT_MEETINGS = ("a note or heading, not a meeting", "“nil", "a nil return")

FILES = sorted(REALDATA.rglob("*.csv")) if REALDATA.is_dir() else []
# In the suite, one register of each office's layout and the two that need the Year box: the 55 UK
# returns share one layout, and all 57 files at ~5 s each would add minutes to every run on two
# cores. TRACKER_TEST_EVERY_REGISTER=1 drives every file through the page. The page does nothing
# backend-specific (the importer is tested on both databases), so PostgreSQL sees only the newest.
IN_SUITE = {"au-nsw-ministerial-diaries-first2000.csv", "us-portland-lobbying-contacts-2025q1.csv",
            *YEAR_ASKED, next((p.name for p in FILES if p.parent.name.startswith("uk-")), "")}
ON_POSTGRESQL = "us-portland-lobbying-contacts-2025q1.csv"
EVERY_REGISTER = bool(os.environ.get("TRACKER_TEST_EVERY_REGISTER"))


def register_param(path: Path):
    marks = [] if path.name == ON_POSTGRESQL else [pytest.mark.sqlite_only]
    if path.name not in IN_SUITE:
        marks.append(pytest.mark.skipif(not EVERY_REGISTER, reason="one register per layout in the "
                                        "suite; TRACKER_TEST_EVERY_REGISTER=1 drives every file"))
    return pytest.param(path, marks=marks, id=path.name)

pytestmark = [pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not present"),
              pytest.mark.slow]


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def metrics(at: AppTest) -> dict[str, int]:
    return {m.label: int(str(m.value).replace(",", "")) for m in at.metric}


def preview(at: AppTest) -> dict[str, int]:
    button(at, "preview_button").click()
    at.run()
    assert not at.exception
    return metrics(at)


def not_meeting_rejections(at: AppTest) -> int:
    errors = next(frame.value for frame in at.dataframe if list(frame.value.columns) == ["row", "reason"])
    if errors.empty:
        return 0
    return sum(1 for reason in errors["reason"] if str(reason).startswith(NOT_MEETINGS)
               or "nil return" in str(reason))


def upload(path: Path) -> AppTest:
    at = signed_in_app("editor", clearance="secret", page="views/import.py", timeout=120)
    at.file_uploader(key="import_upload").upload(path.name, path.read_bytes(), "text/csv")
    at.run()
    assert not at.exception
    assert not at.warning, [w.value for w in at.warning]    # every required field proposed
    return at


@pytest.mark.parametrize("path", [register_param(path) for path in FILES])
def test_a_real_register_imports_from_the_page(database_url, path):
    at = upload(path)
    if path.name in YEAR_ASKED:
        # Without a year the return's month-only dates cannot be dated: the Year box answers it.
        before = preview(at)
        assert before["Rejected"] > before["Rows read"] // 2
        year_box = next(n for n in at.number_input if n.key.startswith("year_"))
        year_box.set_value(YEAR_ASKED[path.name])
        at.run()
    figures = preview(at)
    assert figures["Rows read"] == non_blank_rows(path)
    if any(e.label.startswith("Kind: ") for e in at.expander):
        # A contact log: the proposed value mapping already drops e-mails, texts and letters.
        assert figures["Skipped by rule"] > 0
    meeting_rows = figures["Rows read"] - figures["Skipped by rule"] - not_meeting_rejections(at)
    assert figures["To import"] >= 0.95 * meeting_rows, figures
    button(at, "import_button").click()
    at.run()
    assert not at.exception
    assert any(f"Imported {figures['To import']:,} rows" in s.value for s in at.success)
    again = preview(at)
    assert again["To import"] == 0
    assert again["Already imported"] == figures["To import"]
