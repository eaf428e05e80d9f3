# ruff: noqa: E501  (hand-written SQL reads best one clause per line)
"""Dashboard queries at 100,000 meetings (SQLite): p50/p95 per query (no Streamlit cache) for
the default view (last 12 months) and for all time; the ratio to the same question as one
hand-written SQL statement through the raw driver; the same SQL in DuckDB over the same rows as
the mark to approach; and the overview page's first render in AppTest.

Keys: ``<query>_<view>_p50_ms``, ``_p95_ms``, ``_ratio``, ``_duckdb_ms``; ``overview_first_render_s`` and, in Chinese, ``overview_first_render_zh_s``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from pathlib import Path

from bench.harness import BenchContext, p50, p95, paired_timings_ms, timings_ms
from tracker import definitions
from tracker.models import Confidentiality
from tracker.queries import drilldown, overview, relationships
from tracker.queries.filters import Filters, period_bounds

ENTERPRISES = "('state_owned_enterprise','private_enterprise','foreign_enterprise')"
OUTSIDE = "('state_owned_enterprise','private_enterprise','foreign_enterprise','association','university','other')"
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


def _month(column: str, duck: bool) -> str:
    return f"substr(CAST({column} AS VARCHAR), 1, 7)" if duck else f"strftime('%Y-%m', {column})"


def _group_concat(column: str, duck: bool) -> str:
    return f"string_agg({column}, ', ')" if duck else f"group_concat({column}, ', ')"


def hand_sql(duck: bool, bounded: bool = True) -> dict[str, list[str]]:
    """The same questions, hand-written (named parameters :s :e :ps :today :quiet) on the same
    schema, read model included: the organisation kind and sector copied into meeting_organisation.
    ``bounded=False`` (all time): no period condition, as a person would write it."""
    statements = _hand_statements(duck)
    if bounded:
        return statements
    unbounded = re.compile(r" AND [\w.]+ BETWEEN :s AND :e")
    statements = {name: [unbounded.sub("", sql) for sql in sqls] for name, sqls in statements.items()}
    statements["meetings_per_month"] = [MONTHLY_SUMMARY + " GROUP BY month, segment ORDER BY month, segment"]
    statements["top_enterprises"] = [TOP_ENTERPRISES_SUMMARISED]
    statements["network"] = [NETWORK_SUMMARISED]
    return statements


# Meetings per month: with this schema a person would add up the monthly summary the services keep
# (meetings_by_month: held meetings per month, sector and level) rather than count distinct
# meetings over every meeting x organisation row, and count only the period's partial first and
# last month from meeting_organisation; all time, the summary alone.
MONTHLY_SUMMARY = (
    "SELECT month, segment, sum(meetings) FROM meetings_by_month "
    "WHERE dimension = 'sector' AND confidentiality <= 3"
)


# "Who have we met most over all time" and each enterprise's first meeting: a person would read the
# all-time summaries the services keep (meetings_by_organisation: held meetings, first and last,
# per organisation and level; meetings_by_official: per official x organisation x level).
_SUMMARISED_ENTERPRISES = (
    "FROM meetings_by_organisation s JOIN organisation o ON o.id = s.organisation_id "
    f"WHERE s.confidentiality <= 3 AND o.kind IN {ENTERPRISES} GROUP BY s.organisation_id"
)
FIRST_MEETINGS_SUMMARISED = (
    "SELECT count(CASE WHEN f >= :s AND f <= :e THEN 1 END), count(CASE WHEN f >= :ps AND f < :s THEN 1 END) "
    f"FROM (SELECT s.organisation_id, min(s.first_met) AS f {_SUMMARISED_ENTERPRISES}) firsts"
)
TOP_ENTERPRISES_SUMMARISED = (
    "SELECT o.id, o.name, coalesce(o.sector, 'Sector not recorded'), c.n, c.last FROM "
    f"(SELECT s.organisation_id, sum(s.meetings) AS n, max(s.last_met) AS last {_SUMMARISED_ENTERPRISES}) c "
    "JOIN organisation o ON o.id = c.organisation_id ORDER BY c.n DESC, o.name LIMIT 10"
)
NETWORK_SUMMARISED = (
    "SELECT pe.name, o2.name, c.n FROM (SELECT mbo.person_id, mbo.organisation_id, sum(mbo.meetings) AS n "
    f"FROM (SELECT s.organisation_id {_SUMMARISED_ENTERPRISES} ORDER BY sum(s.meetings) DESC, s.organisation_id "
    "LIMIT 25) top JOIN meetings_by_official mbo ON mbo.organisation_id = top.organisation_id "
    "WHERE mbo.confidentiality <= 3 GROUP BY mbo.organisation_id, mbo.person_id "
    "ORDER BY n DESC, mbo.person_id, mbo.organisation_id LIMIT 40) c "
    "JOIN person pe ON pe.id = c.person_id JOIN organisation o2 ON o2.id = c.organisation_id ORDER BY c.n DESC"
)
_PLEDGE_COUNTS = (
    "LEFT JOIN (SELECT organisation_id, count(CASE WHEN status IN ('pledged','in_progress','stalled') "
    "THEN 1 END) AS open, count(CASE WHEN status IN ('pledged','in_progress','stalled') "
    "AND target_date < :today THEN 1 END) AS overdue FROM pledge WHERE confidentiality <= 3 "
    "GROUP BY organisation_id) pl ON pl.organisation_id = e.id "
    "WHERE e.last IS NOT NULL OR pl.organisation_id IS NOT NULL "
    "ORDER BY CASE WHEN coalesce(pl.open, 0) > 0 AND (e.last IS NULL OR e.last < :neglect) THEN 1 "
    "WHEN coalesce(pl.overdue, 0) > 0 THEN 2 ELSE 5 END, coalesce(pl.open, 0) DESC, "
    "coalesce({m12}, 0) DESC, e.name LIMIT 500"
)
RELATIONSHIPS_SEEKED = (
    "WITH e AS MATERIALIZED (SELECT o.id, o.name, (SELECT max(mo.meeting_date) FROM meeting_organisation mo "
    "WHERE mo.organisation_id = o.id AND mo.meeting_status = 'held' AND mo.meeting_date <= :today "
    f"AND mo.confidentiality <= 3) AS last FROM organisation o WHERE o.kind IN {ENTERPRISES}) "
    "SELECT e.id, e.name, e.last, c.m12, c.prev12, pl.open, pl.overdue FROM e "
    "LEFT JOIN (SELECT organisation_id, count(CASE WHEN meeting_date > :year_ago THEN 1 END) AS m12, "
    "count(CASE WHEN meeting_date <= :year_ago THEN 1 END) AS prev12 "
    "FROM meeting_organisation WHERE confidentiality <= 3 AND meeting_status = 'held' "
    f"AND organisation_kind IN {ENTERPRISES} "
    "AND meeting_date > :two_years AND meeting_date <= :today GROUP BY organisation_id) c "
    "ON c.organisation_id = e.id " + _PLEDGE_COUNTS.format(m12="c.m12")
)
RELATIONSHIPS_GROUPED = (
    "WITH e AS (SELECT o.id, o.name, c.last, c.m12, c.prev12 FROM organisation o "
    "LEFT JOIN (SELECT organisation_id, max(meeting_date) AS last, "
    "count(CASE WHEN meeting_date > :year_ago THEN 1 END) AS m12, "
    "count(CASE WHEN meeting_date > :two_years AND meeting_date <= :year_ago THEN 1 END) AS prev12 "
    "FROM meeting_organisation WHERE confidentiality <= 3 AND meeting_status = 'held' "
    f"AND organisation_kind IN {ENTERPRISES} "
    "AND meeting_date <= :today GROUP BY organisation_id) c ON c.organisation_id = o.id "
    f"WHERE o.kind IN {ENTERPRISES}) "
    "SELECT e.id, e.name, e.last, e.m12, e.prev12, pl.open, pl.overdue FROM e " + _PLEDGE_COUNTS.format(m12="e.m12")
)


def _hand_statements(duck: bool) -> dict[str, list[str]]:
    held = "confidentiality <= 3 AND {p}meeting_status = 'held' AND {p}meeting_date BETWEEN :s AND :e"
    mo_held = held.format(p="mo.").replace("confidentiality", "mo.confidentiality")
    return {
        "kpis": [
            "SELECT count(CASE WHEN date >= :s THEN 1 END), count(CASE WHEN date < :s THEN 1 END) FROM meeting "
            "WHERE confidentiality <= 3 AND status = 'held' AND date BETWEEN :ps AND :e",
            "SELECT count(DISTINCT CASE WHEN mo.meeting_date >= :s THEN mo.organisation_id END), "
            "count(DISTINCT CASE WHEN mo.meeting_date < :s THEN mo.organisation_id END) "
            "FROM meeting_organisation mo "
            "WHERE mo.confidentiality <= 3 AND mo.meeting_status = 'held' AND mo.meeting_date BETWEEN :ps AND :e "
            f"AND mo.organisation_kind IN {ENTERPRISES}",
            FIRST_MEETINGS_SUMMARISED,
            "SELECT count(CASE WHEN signed_on >= :s THEN 1 END), count(CASE WHEN signed_on < :s THEN 1 END) "
            "FROM agreement WHERE confidentiality <= 3 AND signed_on BETWEEN :ps AND :e",
            "SELECT count(CASE WHEN made_on >= :s THEN 1 END), count(CASE WHEN made_on < :s THEN 1 END) "
            "FROM pledge WHERE confidentiality <= 3 AND made_on BETWEEN :ps AND :e",
            "SELECT count(CASE WHEN target_date >= :s THEN 1 END), "
            "count(CASE WHEN target_date >= :s AND status = 'delivered' THEN 1 END), "
            "count(CASE WHEN target_date < :s THEN 1 END), "
            "count(CASE WHEN target_date < :s AND status = 'delivered' THEN 1 END) FROM pledge "
            "WHERE confidentiality <= 3 AND status != 'withdrawn' AND target_date < :today "
            "AND target_date BETWEEN :ps AND :e",
        ],
        "meetings_per_month": [
            MONTHLY_SUMMARY + " AND month > :sm AND month < :em GROUP BY month, segment UNION ALL "
            f"SELECT {_month('mo.meeting_date', duck)} AS m, coalesce(mo.organisation_sector, 'Sector not recorded') AS s, "
            "count(DISTINCT mo.meeting_id) FROM meeting_organisation mo "
            f"WHERE {mo_held} AND mo.organisation_kind IN {OUTSIDE} "
            "AND (mo.meeting_date <= :sm_end OR mo.meeting_date >= :em_start) "  # (12 months: two months)
            "GROUP BY m, s ORDER BY 1, 2"
        ],
        "top_enterprises": [
            "SELECT o.id, o.name, coalesce(o.sector, 'Sector not recorded'), c.n, c.last FROM "
            "(SELECT organisation_id, count(*) AS n, max(meeting_date) AS last FROM meeting_organisation mo "
            f"WHERE {mo_held} AND mo.organisation_kind IN {ENTERPRISES} GROUP BY organisation_id) c "
            "JOIN organisation o ON o.id = c.organisation_id ORDER BY c.n DESC, o.name LIMIT 10"
        ],
        "top_officials": [
            "SELECT pe.id, pe.name, c.n, c.last FROM (SELECT person_id, count(*) AS n, max(meeting_date) AS last "
            "FROM participation p WHERE p.side = 'government' AND "
            + held.format(p="p.").replace("confidentiality", "p.confidentiality")
            + " GROUP BY person_id) c JOIN person pe ON pe.id = c.person_id ORDER BY c.n DESC, pe.name LIMIT 10"
        ],
        "pledges_by_area_status": [
            "SELECT a.id, a.name, coalesce(p2.name, a.name) AS top, pl.status, count(*) FROM pledge pl "
            "JOIN cooperation_area a ON a.id = pl.area_id LEFT JOIN cooperation_area p2 ON p2.id = a.parent_id "
            "WHERE pl.confidentiality <= 3 AND pl.made_on BETWEEN :s AND :e GROUP BY a.id, a.name, top, pl.status"
        ],
        "pledge_funnel": [
            "SELECT count(*), "
            "count(CASE WHEN status IN ('in_progress', 'delivered') THEN 1 END), "
            "count(CASE WHEN status = 'delivered' THEN 1 END), count(CASE WHEN status = 'stalled' THEN 1 END), "
            "count(CASE WHEN status IN ('pledged', 'in_progress', 'stalled') AND coalesce(last_update_on, made_on) <= :quiet "
            "THEN 1 END) FROM pledge WHERE confidentiality <= 3 AND made_on BETWEEN :s AND :e"
        ],
        "agreements_timeline": [
            "SELECT id, signed_on, title, kind, status, meeting_id FROM agreement WHERE confidentiality <= 3 "
            "AND signed_on IS NOT NULL AND signed_on BETWEEN :s AND :e ORDER BY signed_on DESC, id DESC LIMIT 300"
        ],
        "meetings_behind": [
            f"SELECT m.id, m.date, m.title, m.kind, m.place, (SELECT {_group_concat('o.name', duck)} "
            "FROM meeting_organisation mo JOIN organisation o ON o.id = mo.organisation_id "
            "WHERE mo.meeting_id = m.id) FROM meeting m WHERE m.confidentiality <= 3 AND m.status = 'held' "
            "AND m.date BETWEEN :s AND :e ORDER BY m.date DESC, m.id DESC LIMIT 200"
        ],
        "network": [
            "SELECT pe.name, o2.name, c.n FROM (SELECT p.person_id, mo.organisation_id, count(*) AS n "
            "FROM (SELECT mo2.organisation_id FROM meeting_organisation mo2 "
            "WHERE mo2.confidentiality <= 3 "
            "AND mo2.meeting_status = 'held' AND mo2.meeting_date BETWEEN :s AND :e "
            f"AND mo2.organisation_kind IN {ENTERPRISES} GROUP BY mo2.organisation_id ORDER BY count(*) DESC, "
            "mo2.organisation_id LIMIT 25) top "
            "JOIN meeting_organisation mo ON mo.organisation_id = top.organisation_id "
            "JOIN participation p ON p.meeting_id = mo.meeting_id "
            "WHERE mo.confidentiality <= 3 AND mo.meeting_status = 'held' "
            "AND mo.meeting_date BETWEEN :s AND :e AND p.side = 'government' "
            "GROUP BY p.person_id, mo.organisation_id ORDER BY n DESC, p.person_id, mo.organisation_id LIMIT 40) c "
            "JOIN person pe ON pe.id = c.person_id JOIN organisation o2 ON o2.id = c.organisation_id "
            "ORDER BY c.n DESC"
        ],
        "relationships": [RELATIONSHIPS_GROUPED if duck else RELATIONSHIPS_SEEKED],
    }


def our_queries(today: dt.date) -> dict:
    return {
        "kpis": lambda s, f: overview.kpis(s, f, today=today),
        "meetings_per_month": lambda s, f: overview.meetings_per_month(s, f, "sector"),
        "top_enterprises": lambda s, f: overview.top_enterprises(s, f),
        "top_officials": lambda s, f: overview.top_officials(s, f),
        "pledges_by_area_status": overview.pledges_by_area_status,
        "pledge_funnel": lambda s, f: overview.pledge_funnel(s, f, today=today),
        "agreements_timeline": overview.agreements_timeline,
        "meetings_behind": lambda s, f: drilldown.meetings_behind(s, f, today=today),
        "network": lambda s, f: relationships.network(s, f, max_edges=40),
        "relationships": lambda s, f: relationships.relationships(s, f, today=today),
    }


def _params(filters: Filters, today: dt.date, *, as_dates: bool = False) -> dict:
    """The hand-written SQL's parameters: ISO text for SQLite (how it stores dates), dates for
    PostgreSQL (its date columns do not compare with text parameters)."""
    start, end = filters.start or dt.date(1, 1, 1), filters.end or dt.date(9999, 12, 31)
    previous = filters.previous_period().start if filters.has_period else start
    start_month_end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    days = {
        "s": start,
        "e": end,
        "sm_end": start_month_end,  # the first and last month are counted from the rows (partial)
        "em_start": end.replace(day=1),
        "ps": previous,
        "today": today,
        "quiet": definitions.quiet_since(today),
        "year_ago": today - dt.timedelta(days=365),
        "two_years": today - dt.timedelta(days=730),
        "neglect": definitions.neglected_since(today),
    }
    months = {"sm": start.isoformat()[:7], "em": end.isoformat()[:7]}  # text 'YYYY-MM' on both
    return {**months, **(days if as_dates else {name: day.isoformat() for name, day in days.items()})}


def _duckdb(path: Path):
    """The tables the questions read, copied into an in-memory DuckDB (None when not installed)."""
    try:
        import duckdb
    except ImportError:
        return None
    source = sqlite3.connect(path)
    duck = duckdb.connect()
    import pandas as pd

    for table in (
        "meeting",
        "meeting_organisation",
        "meetings_by_month",
        "meetings_by_organisation",
        "meetings_by_official",
        "participation",
        "organisation",
        "person",
        "pledge",
        "cooperation_area",
        "agreement",
    ):
        frame = pd.read_sql_query(f"SELECT * FROM {table}", source)  # noqa: S608 - fixed table names
        duck.register("frame_view", frame)
        duck.execute(f"CREATE TABLE {table} AS SELECT * FROM frame_view")
        duck.unregister("frame_view")
    source.close()
    return duck


def _duck_sql(sql: str, params: dict) -> str:
    for name, value in sorted(params.items(), key=lambda kv: -len(kv[0])):
        sql = sql.replace(f":{name}", f"'{value}'")
    return sql


def _database(context: BenchContext) -> Path:
    if os.environ.get("BENCH_DASHBOARDS_DB"):  # an existing generated database, e.g. a copy of production
        return Path(os.environ["BENCH_DASHBOARDS_DB"])
    return context.sqlite_100k()


def bench_views(today: dt.date) -> dict[str, Filters]:
    return {
        "12m": Filters(*period_bounds("12m", today), clearance=Confidentiality.SECRET, period="12m"),
        "all_time": Filters(clearance=Confidentiality.SECRET, period="all"),
    }


def measure(
    engine, run_hand, *, duck=None, postgres: bool = False, prefix: str = "", suffix: str = "",
    repeat: int = REPEAT,
) -> dict:
    """p50/p95 of every dashboard query (``engine``) and its ratio to the hand-written SQL, which
    ``run_hand(statements, params)`` runs through the raw driver; DuckDB's time when given. Keys
    ``<prefix><query>_<view><suffix>_p50_ms`` (the scale bench's suffix says the scale)."""
    from sqlmodel import Session

    today = dt.date.today()
    results: dict = {}
    with Session(engine) as session:
        for name, func in our_queries(today).items():
            for view, filters in bench_views(today).items():
                key = f"{prefix}{name}_{view}{suffix}"
                # DuckDB's dialect (substr of the date, string_agg) is PostgreSQL's too.
                statements = hand_sql(duck=postgres, bounded=filters.has_period)[name]
                params = _params(filters, today, as_dates=postgres)
                ours, hand = paired_timings_ms(
                    lambda f=func, fl=filters: f(session, fl),
                    lambda st=statements, p=params: run_hand(st, p),
                    repeat=repeat,
                )
                results[f"{key}_p50_ms"] = round(p50(ours), 2)
                results[f"{key}_p95_ms"] = round(p95(ours), 2)
                results[f"{key}_ratio"] = round(p50(ours) / max(p50(hand), 1e-6), 2)
                if duck is not None:
                    ducked_sql = [_duck_sql(sql, params) for sql in hand_sql(duck=True, bounded=filters.has_period)[name]]
                    ducked = timings_ms(lambda st=ducked_sql: [duck.execute(sql).fetchall() for sql in st],
                                        repeat=repeat)
                    results[f"{key}_duckdb_ms"] = round(p50(ducked), 2)
    return results


def run(context: BenchContext) -> dict:

    path = _database(context)
    results = measure_sqlite(path, duck=_duckdb(path))
    results["overview_first_render_s"] = round(first_render(f"sqlite:///{path}"), 3)
    # Issue 15: translation adds no perceptible cost (within 10% of English).
    results["overview_first_render_zh_s"] = round(first_render(f"sqlite:///{path}", "zh_CN"), 3)
    if os.environ.get("TRACKER_TEST_DATABASE_URL"):
        from bench.postgres import postgres_100k

        results.update(measure_postgres(postgres_100k(os.environ["TRACKER_TEST_DATABASE_URL"]), prefix="pg_"))
    return results


def measure_sqlite(path: Path, **options) -> dict:
    """``measure`` on the SQLite file at ``path``, the hand-written SQL through ``sqlite3``."""
    from tracker.db import make_engine

    engine = make_engine(f"sqlite:///{path}")
    raw = sqlite3.connect(path)
    try:
        return measure(
            engine, lambda statements, params: [raw.execute(sql, params).fetchall() for sql in statements],
            **options,
        )
    finally:
        raw.close()
        engine.dispose()


def measure_postgres(url: str, **options) -> dict:
    """The same queries and hand-written SQL on PostgreSQL (``make bench``: keys ``pg_<query>_<view>_…``)."""
    import psycopg

    from tracker.db import make_engine

    engine = make_engine(url)
    raw = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    named = re.compile(r"(?<!:):(\w+)")

    def run_hand(statements, params):
        return [raw.execute(named.sub(r"%(\1)s", sql), params).fetchall() for sql in statements]

    try:
        return measure(engine, run_hand, postgres=True, **options)
    finally:
        raw.close()
        engine.dispose()


def first_render(url: str, language: str = "en") -> float:
    """Seconds for the overview page's first run in AppTest (cold Streamlit cache: its queries are
    cached per language too) for a viewer who reads the tracker in ``language``."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboards.auth import SESSION_TOKEN_KEY
    from tracker import db as tracker_db
    from tracker.auth.actor import SYSTEM_ACTOR, Actor
    from tracker.auth.sessions import start_session
    from tracker.auth.users import get_by_username
    from tracker.models import Role, UserCreate
    from tracker.services.users import create_user

    os.environ["TRACKER_DATABASE_URL"] = url
    tracker_db.get_engine.cache_clear()
    st.cache_data.clear()  # cold: nothing kept from a run on another database in this process
    app = str(Path(__file__).resolve().parents[1] / "dashboards" / "app.py")
    at = AppTest.from_file(app, default_timeout=120)
    # Signed in as a stored viewer through a real session, as a browser tab would be.
    with tracker_db.session_scope(tracker_db.get_engine()) as session:
        username = "bench" if language == "en" else f"bench_{language.lower()}"
        user = get_by_username(session=session, username=username) or create_user(
            session=session, actor=SYSTEM_ACTOR, data=UserCreate(
                username=username, role=Role.VIEWER, clearance=Confidentiality.SECRET,
                password="bench-viewer-password", language=language))
        at.session_state[SESSION_TOKEN_KEY] = start_session(session=session, actor=Actor.from_user(user))
    at.switch_page("views/overview.py")
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"overview failed in the bench: {at.exception}")
    return elapsed
