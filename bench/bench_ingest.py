"""News ingest: precision and recall of extracted facts over every hand-checked article, and speed.

Articles tuned on (``tests/ingest_articles``) and held-out ones (``heldout_*``, never tuned on) are
scored separately; the held-out figures are the honest estimate for an article never seen.
"""

from __future__ import annotations

import time
from pathlib import Path

import yaml

from tracker.ingest import extract_draft
from tracker.ingest.evaluate import Score, draft_facts, expected_facts

ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "ingest_articles"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "digital-china-summit-2019.txt"


def _text(stem: str) -> str | None:
    if stem == "en_reference":
        return REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else None
    return (ARTICLES / f"{stem}.txt").read_text(encoding="utf-8")


def run(context) -> dict:
    tuned, held_out = Score(), Score()
    seconds = []
    for path in sorted(ARTICLES.glob("*.yaml")):
        text = _text(path.stem)
        if text is None:
            continue
        started = time.perf_counter()
        draft = extract_draft(text)
        seconds.append(time.perf_counter() - started)
        score = held_out if path.stem.startswith("heldout") else tuned
        score.add(draft_facts(draft), expected_facts(yaml.safe_load(path.read_text(encoding="utf-8"))))
    overall = Score(
        tuned.true_positives + held_out.true_positives,
        tuned.extracted + held_out.extracted,
        tuned.expected + held_out.expected,
    )
    return {
        "ingest_precision_ratio": round(overall.precision, 3),
        "ingest_recall_ratio": round(overall.recall, 3),
        "ingest_heldout_precision_ratio": round(held_out.precision, 3),
        "ingest_heldout_recall_ratio": round(held_out.recall, 3),
        "ingest_article_p50_ms": round(sorted(seconds)[len(seconds) // 2] * 1000, 1) if seconds else 0.0,
    }
