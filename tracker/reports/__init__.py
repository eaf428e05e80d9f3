"""Files that leave the building: exports (CSV, Excel), period reports, briefings, transparency returns.

Everything here is built from ``tracker.queries`` functions, so a report never disagrees with a dashboard.
"""
