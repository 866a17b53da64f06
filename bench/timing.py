"""Percentiles and the one line every benchmark here prints its timings in."""

from __future__ import annotations


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def timing_line(label: str, values: list[float], decimals: int = 1) -> str:
    """`label: p50=… ms p95=… ms max=… ms`, as every benchmark here prints its timings."""
    p50, p95, top = percentile(values, 50), percentile(values, 95), max(values)
    return f"{label}: p50={p50:.{decimals}f} ms p95={p95:.{decimals}f} ms max={top:.{decimals}f} ms"
