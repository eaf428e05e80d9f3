"""`make bench`: runs every ``bench/bench_*.py`` module's ``run(context)``, prints a table and
merges the figures into ``bench/results.json`` (one flat object, keys ending in their unit).
``make bench-scale`` (``bench.scale``) measures the same questions at 1,000,000 meetings."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path

from bench.harness import RESULTS, BenchContext, merge_results, print_figures


def main(selected: list[str]) -> int:
    context = BenchContext()
    folder = str(Path(__file__).parent)
    modules = sorted(m.name for m in pkgutil.iter_modules([folder]) if m.name.startswith("bench_"))
    if selected:
        modules = [m for m in modules if any(s in m for s in selected)]
    for name in modules:
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        figures = importlib.import_module(f"bench.{name}").run(context)
        merge_results(figures)
        print_figures(figures)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    print(f"Wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
