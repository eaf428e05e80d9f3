"""The only write path: each function validates, checks the actor's role, changes the records
and appends an audit event in one transaction (``tracker.db.unit_of_work``)."""

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
