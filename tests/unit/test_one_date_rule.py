"""One date rule (issue 15, item 4): a date a person reads is written by ``format_short_date``
(2019年5月7日 in Chinese) wherever it is shown: the filters' line (the Overview's period caption,
the Reports page), the audit trail's values, a table's date columns."""

from __future__ import annotations

import datetime as dt
import re

from tracker.i18n import table_date_pattern, using_language
from tracker.labels import value_text
from tracker.queries.filters import Filters

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PERIOD = Filters(start=dt.date(2019, 5, 7), end=dt.date(2019, 6, 30))


def test_the_filters_line_writes_its_period_by_the_date_rule():
    with using_language("zh_CN"):
        assert PERIOD.describe().startswith("2019年5月7日") and "2019年6月30日" in PERIOD.describe()
        assert not ISO_DATE.search(PERIOD.describe())
        assert not ISO_DATE.search(Filters(start=dt.date(2019, 5, 7)).describe())
    with using_language("en"):
        assert PERIOD.describe().startswith("2019-05-07 to 2019-06-30")


def test_stored_values_and_table_columns_write_dates_by_the_rule():
    with using_language("zh_CN"):
        assert value_text("last_update_on", "2024-05-01") == "2024年5月1日"
        assert value_text("at", "2024-05-01T09:30:00+00:00") == "2024年5月1日 09:30"
        row = value_text("progress", {"id": 3, "pledge_id": 9, "on": "2024-05-01", "status": "delivered"})
        assert "2024年5月1日" in row and not ISO_DATE.search(row) and "pledge" not in row.lower()
        assert "年" in table_date_pattern()
    with using_language("en"):
        assert value_text("last_update_on", "2024-05-01") == "2024-05-01"
        assert table_date_pattern() == "YYYY-MM-DD"
