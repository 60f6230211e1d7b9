"""The one percentile helper every report uses."""

from __future__ import annotations

import math
import statistics


def percentiles(values: list[float], *, scale: float = 1.0, digits: int = 1) -> dict[str, float]:
    """p50 / p95 / mean / max of ``values`` (times ``scale``, e.g. 1000 for seconds -> ms), nearest-rank p95."""
    if not values:
        return {"p50": 0.0, "p95": 0.0, "mean": 0.0, "max": 0.0}
    ordered = sorted(v * scale for v in values)
    p95 = ordered[min(len(ordered) - 1, max(0, math.ceil(0.95 * len(ordered)) - 1))]
    return {"p50": round(statistics.median(ordered), digits), "p95": round(p95, digits),
            "mean": round(statistics.fmean(ordered), digits), "max": round(ordered[-1], digits)}
