"""Reads for pages and reports: each function takes a session and a hashable ``Filters`` and
returns a small pandas DataFrame built by one SQL aggregation (never ORM objects)."""
