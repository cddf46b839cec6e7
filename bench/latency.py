"""The percentile every benchmark script reports, computed the same way in each."""


def percentile(values: list[float], fraction: float) -> float:
    """The value at `fraction` of the sorted timings, nearest rank (no interpolation)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
