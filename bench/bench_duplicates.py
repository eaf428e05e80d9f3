"""Possible duplicates worth a person's time: on the demo data (the reference scenario and its
2,000 generated meetings) with true duplicates planted (``seed_data.planted_duplicates``), the
share of the 50 best pairs of people that are planted (target 0.9), how many of the planted the
list shows at all, and how long the list takes to build."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.harness import p50, timings_ms
from seed_data.demo import DEMO_MEETINGS
from seed_data.generator import generate
from seed_data.planted_duplicates import plant_duplicates, top_pairs, top_precision
from seed_data.reference import load_reference
from tracker.db import make_engine, session_scope
from tracker.migrate import upgrade
from tracker.taxonomy import ensure_default_taxonomy


def run(context) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'demo.db'}")
        upgrade(engine)
        with session_scope(engine) as session:
            ensure_default_taxonomy(session)
            load_reference(session)
        generate(engine, meetings=DEMO_MEETINGS, seed=42)
        with session_scope(engine) as session:
            planted = plant_duplicates(session)
            precision = top_precision(session, planted)
            listed = top_pairs(session, top=1000)
            found = {(min(a, b), max(a, b)) for a, b in zip(listed["a_id"], listed["b_id"], strict=True)}
            samples = timings_ms(lambda: top_pairs(session), repeat=3)
        engine.dispose()
    return {
        "duplicates_top50_precision_ratio": round(precision, 3),
        "duplicates_planted_listed_ratio": round(len(found & planted) / len(planted), 3),
        "duplicates_listed_pairs_count": len(listed),
        "duplicates_demo_list_p50_ms": round(p50(samples), 1),
    }
