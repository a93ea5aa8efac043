"""How big the benchmarks run: `TANDEM_BENCH_SCALE` (1.0 measures; a small scale only checks that they run)."""

from __future__ import annotations

import os


def bench_scale() -> float:
    return float(os.environ.get("TANDEM_BENCH_SCALE", "1.0"))
