"""Test modules run whole on one pytest-xdist worker (``make test`` passes ``--dist loadgroup``).

Each builds an expensive database once for the module; spread over both workers, as plain
``--dist load`` spreads every module, each worker built it again. Every other test is its own
work unit, handed to whichever worker is free.

xdist's own ``loadgroup`` reads ``xdist_group`` marks by rewriting each test's node id, which
pytest 9.2 ignores (a node id is now derived, not stored), so the grouping is declared here, by
module path, where the controller can see it without collecting the tests.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

GROUPS = {
    # The demo data, generated once per worker and backend (tests/demo_database.py).
    "tests/integration/test_meeting_search.py": "demo",
    "tests/integration/test_duplicates_precision.py": "demo",
    # 1,500 generated meetings per backend.
    "tests/integration/test_generator.py": "generated",
}


class ModuleGroupScheduling(LoadScopeScheduling):
    """The modules of one group form one work unit; any other test is a work unit of its own."""

    def _split_scope(self, nodeid: str) -> str:
        return GROUPS.get(nodeid.split("::", 1)[0], nodeid)
