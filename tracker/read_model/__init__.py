"""The read model: everything the database keeps that is derived from the records, owned here.

- copies of a meeting's date, status and level, and of an organisation's kind and sector, on the
  rows that hang on them (``copies``);
- the three summaries, ``meetings_by_month``, ``meetings_by_organisation`` and
  ``meetings_by_official`` (``summaries``);
- the meetings' search text (``search_text``), and the pinyin search key and the indexed name
  keys of people and organisations (``names``).

No writer keeps them by hand: the unit of work (``unit_of_work``) records what each transaction
touched and projects it before commit. Bulk writers call the same projections in bulk. Its
vocabulary (``vocabulary``) is shared with the dashboard queries, which import it from here.

Importing this package registers the session and mapper events; every writer imports it.
"""

from tracker.read_model import names  # noqa: F401  (registers the search-key events)
from tracker.read_model.copies import meeting_copies, organisation_copies
from tracker.read_model.names import refresh_name_keys
from tracker.read_model.search_text import meeting_search_text, refresh_search_text
from tracker.read_model.summaries import refresh_summaries
from tracker.read_model.unit_of_work import project, touch

__all__ = [
    "meeting_copies", "meeting_search_text", "organisation_copies", "project", "refresh_name_keys",
    "refresh_search_text", "refresh_summaries", "touch",
]
