"""Property: any generated CSV or XLSX (tests/import_fuzz.py) imports whole or not at all, with no
error but a domain error, on both databases. A bounded run here; ``make bench`` runs thousands
(bench/bench_hostile.py)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.import_fuzz import cases, check_import

SUITE_EXAMPLES = 25


def test_generated_files_import_whole_or_not_at_all(session):
    # @given inside the test: every example shares this test's database (the checks compare
    # counts before and after), and re-imports of earlier examples' names come for free.
    @settings(max_examples=SUITE_EXAMPLES, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.large_base_example])
    @given(case=cases())
    def imports_whole_or_not_at_all(case):
        problem = check_import(session, case)
        assert problem is None, problem

    imports_whole_or_not_at_all()
