"""How the benchmarks time a run: wall-clock milliseconds, sorted, after optional warm-up runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def samples_ms(run: Callable[[], object], *, repeat: int, warm: int = 0) -> list[float]:
    """The durations of `repeat` runs in milliseconds, shortest first, after `warm` unmeasured ones."""
    for _ in range(warm):
        run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return sorted(samples)


def median_ms(run: Callable[[], object], repeat: int = 5) -> float:
    return statistics.median(samples_ms(run, repeat=repeat))
