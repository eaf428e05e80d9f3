"""`make bench`: runs every ``bench/bench_*.py`` module's ``run(context)``, prints a table and
merges the figures into ``bench/results.json`` (one flat object, keys ending in their unit)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

from bench.harness import BenchContext

RESULTS = Path(__file__).parent / "results.json"


def main(selected: list[str]) -> int:
    context = BenchContext()
    results: dict = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    folder = str(Path(__file__).parent)
    modules = sorted(m.name for m in pkgutil.iter_modules([folder]) if m.name.startswith("bench_"))
    if selected:
        modules = [m for m in modules if any(s in m for s in selected)]
    for name in modules:
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        figures = importlib.import_module(f"bench.{name}").run(context)
        results.update(figures)
        RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True))
        for key, value in figures.items():
            shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}"
            print(f"   {key:<45} {shown:>14}")
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    print(f"Wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
