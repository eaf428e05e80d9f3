"""Engagement Tracker: the library behind the dashboards, the CLI and the seed data.

Everything that is true without a user interface lives here; ``dashboards/`` only draws.
"""

__version__ = "0.1.0"
