"""News ingest: precision and recall of extracted facts over every hand-checked article, and speed.

Articles tuned on (``tests/ingest_articles``) and held-out ones (``heldout_*``, never tuned on) are
scored separately; the held-out figures are the honest estimate for an article never seen. The
shared real reports (``../shared/articles``, facts in ``tests/ingest_articles/shared``) are scored
on their own: ``python -m bench.bench_ingest`` prints them article by article.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import yaml

from tracker.ingest import extract_draft
from tracker.ingest.evaluate import Score, draft_facts, expected_facts

ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "ingest_articles"
SHARED_FACTS = ARTICLES / "shared"
SHARED_ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "articles"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "digital-china-summit-2019.txt"


def _text(stem: str) -> str | None:
    if stem == "en_reference":
        return REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else None
    return (ARTICLES / f"{stem}.txt").read_text(encoding="utf-8")


def shared_scores() -> dict[str, Score]:
    """Each shared report present beside the repository, scored against its facts. The first
    line of a report is its URL, passed as the page passes it; ``published_on`` only where the
    facts file gives it (the date is outside the text and the URL)."""
    scores: dict[str, Score] = {}
    for path in sorted(SHARED_FACTS.glob("*.yaml")):
        article = SHARED_ARTICLES / f"{path.stem}.txt"
        if not article.exists():
            continue
        url, _, text = article.read_text(encoding="utf-8").partition("\n")
        expected = yaml.safe_load(path.read_text(encoding="utf-8"))
        published = expected.get("published_on")
        draft = extract_draft(
            text, url=url.strip(), published_on=published if isinstance(published, dt.date) else None
        )
        score = Score()
        score.add(draft_facts(draft), expected_facts(expected))
        scores[path.stem] = score
    return scores


def newest_round() -> str:
    """The prefix of the newest held-out round: written after the last change to the reader and
    never looked at while changing it, so the one truly blind measure. ``heldout11`` and then
    ``heldout12`` were blind until the reader was tuned on them (issue 16, general rules only);
    they are tuning sets now, and the blind figure means something again once the next round
    (``heldout13``) is written."""
    rounds = {int(m.group(1)) for p in ARTICLES.glob("heldout*_*.yaml")
              if (m := re.match(r"heldout(\d+)_", p.name))}
    return f"heldout{max(rounds)}" if rounds else "heldout"


def run(context) -> dict:
    tuned, held_out, blind = Score(), Score(), Score()
    blind_prefix = newest_round() + "_"
    seconds = []
    for path in sorted(ARTICLES.glob("*.yaml")):
        text = _text(path.stem)
        if text is None:
            continue
        started = time.perf_counter()
        draft = extract_draft(text)
        seconds.append(time.perf_counter() - started)
        score = held_out if path.stem.startswith("heldout") else tuned
        facts = draft_facts(draft), expected_facts(yaml.safe_load(path.read_text(encoding="utf-8")))
        score.add(*facts)
        if path.stem.startswith(blind_prefix):
            blind.add(*facts)
    overall = Score(
        tuned.true_positives + held_out.true_positives,
        tuned.extracted + held_out.extracted,
        tuned.expected + held_out.expected,
    )
    figures = {
        "ingest_precision_ratio": round(overall.precision, 3),
        "ingest_recall_ratio": round(overall.recall, 3),
        "ingest_heldout_precision_ratio": round(held_out.precision, 3),
        "ingest_heldout_recall_ratio": round(held_out.recall, 3),
        "ingest_blind_precision_ratio": round(blind.precision, 3),
        "ingest_blind_recall_ratio": round(blind.recall, 3),
        "ingest_article_p50_ms": round(sorted(seconds)[len(seconds) // 2] * 1000, 1) if seconds else 0.0,
    }
    shared = Score.total(shared_scores().values())
    if shared.expected:
        figures["ingest_shared_precision_ratio"] = round(shared.precision, 3)
        figures["ingest_shared_recall_ratio"] = round(shared.recall, 3)
    return figures


def held_out_scores() -> dict[str, Score]:
    """Each held-out article (never tuned on) scored against its facts."""
    scores: dict[str, Score] = {}
    for path in sorted(ARTICLES.glob("heldout*_*.yaml")):
        score = Score()
        score.add(draft_facts(extract_draft(_text(path.stem))),
                  expected_facts(yaml.safe_load(path.read_text(encoding="utf-8"))))
        scores[path.stem] = score
    return scores


def _print(scores: dict[str, Score], label: str) -> None:
    for stem, score in scores.items():
        print(f"{stem:<42} precision {score.precision:.2f}  recall {score.recall:.2f}"
              f"  ({score.true_positives}/{score.extracted} found, {score.expected} stated)")
    total = Score.total(scores.values())
    print(f"{label:<42} precision {total.precision:.3f}  recall {total.recall:.3f}")


if __name__ == "__main__":
    held_out = held_out_scores()
    _print(held_out, "all held-out")
    for round_ in sorted({stem.partition("_")[0] for stem in held_out}):
        total = Score.total(s for stem, s in held_out.items() if stem.partition("_")[0] == round_)
        print(f"{round_ + ' (round)':<42} precision {total.precision:.3f}  recall {total.recall:.3f}")
    _print(shared_scores(), "all shared")
