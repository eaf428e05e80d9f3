"""The only write path: each function validates, checks the actor's role, changes the records
and appends an audit event in one transaction (``tracker.db.unit_of_work``); the read model
(``tracker.read_model``, imported first) keeps what is derived from them in step."""

import tracker.read_model  # noqa: F401  (its events project every write before commit)
from tracker.services import (  # noqa: F401
    agreements,
    areas,
    events,
    meetings,
    organisations,
    people,
    pledges,
    users,
)
