"""The percentile every benchmark script reports, computed the same way in each, and the
timing of requests through Django's test client."""


def percentile(values: list[float], fraction: float) -> float:
    """The value at `fraction` of the sorted timings, nearest rank (no interpolation)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(client, requests: list[tuple[str, dict]], *, rounds: int) -> tuple[list[float], int]:
    """Milliseconds per request over `rounds` passes of the (path, query parameters)
    `requests` through Django's test `client`, and the most queries a request ran; any
    answer but 200 stops the benchmark."""
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, most_queries = [], 0
    for _ in range(rounds):
        for path, params in requests:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path, params)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} {params}: HTTP {response.status_code}")
            most_queries = max(most_queries, len(queries))
    return timings, most_queries
