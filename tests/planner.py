"""Whether the query planner has statistics for a table (ANALYZE ran), on either database."""

from __future__ import annotations


def has_planner_statistics(engine, table: str) -> bool:
    """ANALYZE ran: the planner knows the table's size (without it SQLite picked a nested loop
    that made a dashboard query take 45 s at 100,000 meetings)."""
    if engine.dialect.name == "sqlite":
        query, params = "SELECT count(*) FROM sqlite_stat1 WHERE tbl = ?", (table,)
    else:
        query = "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND tablename = %(t)s"
        params = {"t": table}
    with engine.connect() as connection:
        return connection.exec_driver_sql(query, params).scalar() > 0
