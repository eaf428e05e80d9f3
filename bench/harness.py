"""How benchmarks measure (timings, medians, paired runs) and the context they share: the generated
database, built on first use (``bench.generated_database``)."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.generated_database import BENCH_DIR, BENCH_MEETINGS, generated_sqlite

RESULTS = Path(__file__).parent / "results.json"


def merge_results(figures: dict) -> None:
    """Merge ``figures`` into bench/results.json (one flat object, keys ending in their unit)."""
    results: dict = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.update(figures)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True))


def print_figures(figures: dict) -> None:
    for key, value in figures.items():
        shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}"
        print(f"   {key:<55} {shown:>14}", flush=True)


class BenchContext:
    """Lazily builds the generated database every query benchmark reads."""

    def __init__(self) -> None:
        self._sqlite_path: Path | None = None

    def sqlite_100k(self) -> Path:
        """Path of an SQLite file holding BENCH_MEETINGS generated meetings (built on first use)."""
        if self._sqlite_path is None:
            self._sqlite_path = generated_sqlite(BENCH_DIR / f"bench-{BENCH_MEETINGS}.db", BENCH_MEETINGS)
        return self._sqlite_path

    def sqlite_url(self) -> str:
        return f"sqlite:///{self.sqlite_100k()}"


def timings_ms(func: Callable[[], object], *, repeat: int = 15, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def paired_timings_ms(
    first: Callable[[], object], second: Callable[[], object], *, repeat: int = 15,
    min_seconds: float = 0.3, max_repeat: int = 400,
) -> tuple[list[float], list[float]]:
    """Timings of two ways to answer one question, run by turns so that a burst of load from
    elsewhere on the machine falls on both alike (their ratio is what is reported); at least
    ``repeat`` times each, and sub-millisecond ones until each has run ``min_seconds`` in all
    (a median of 15 samples of 0.5 ms swung by 40% between runs here)."""
    first(), second()  # warm up
    samples: tuple[list[float], list[float]] = ([], [])
    while len(samples[0]) < max_repeat:
        for func, taken in zip((first, second), samples, strict=True):
            started = time.perf_counter()
            func()
            taken.append((time.perf_counter() - started) * 1000)
        if len(samples[0]) >= repeat and min(sum(s) for s in samples) >= min_seconds * 1000:
            break
    return samples


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
