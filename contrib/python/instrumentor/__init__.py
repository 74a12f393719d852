"""instrumentor: read and write the Instrumentor Redis format (docs/format.md)
from Python. The reader renders a namespace for Prometheus (text 0.0.4 and
OpenMetrics 1.0) and reports the fields it skips; the writer records
counters, gauges and histograms through the library's flush script, exactly
once."""

from .fields import namespace_key, seen_key, writers_key
from .numbers import format_number, parse_number
from .processes import process_fields
from .reader import REASONS, Decoded, Family, Limits, Series, Skipped, decode
from .render import OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE, render_openmetrics, render_text
from .writer import DEFAULT_BUCKETS, Counter, FlushError, Gauge, Histogram, Registry, load_flush_script

__all__ = [
    "Registry",
    "Counter",
    "Gauge",
    "Histogram",
    "FlushError",
    "DEFAULT_BUCKETS",
    "load_flush_script",
    "read_namespace",
    "Decoded",
    "Family",
    "Limits",
    "Series",
    "Skipped",
    "decode",
    "process_fields",
    "REASONS",
    "format_number",
    "parse_number",
    "namespace_key",
    "seen_key",
    "writers_key",
    "render_text",
    "render_openmetrics",
    "TEXT_CONTENT_TYPE",
    "OPENMETRICS_CONTENT_TYPE",
]


def read_namespace(redis, namespace, now_ms=None, limits=None, count=1000):
    """read_namespace reads a namespace hash with HSCAN (``count`` fields a
    call), after the per-process values of its live processes (TIME, the
    processes hash, each listed process hash and the folded hash, combined by
    process_fields), and decodes it as of ``now_ms`` (default: now), returning a
    Decoded (families and skipped fields). Render it with render_text or
    render_openmetrics."""
    import time

    key = namespace_key(namespace)
    prefix = key + ":"
    seconds, micros = redis.time()
    clock_ms = int(seconds) * 1000 + int(micros) // 1000
    pairs = lambda h: [(_str(f), _str(v)) for f, v in redis.hgetall(h).items()]
    deadlines = pairs(prefix + "processes")
    processes = {w: pairs(prefix + "process:" + w) for w, _ in deadlines}
    entries, _ = process_fields(clock_ms, deadlines, processes, pairs(prefix + "folded"))
    cursor = 0
    while True:
        cursor, chunk = redis.hscan(key, cursor, count=count)
        entries.extend(chunk.items())
        if int(cursor) == 0:
            break
    if now_ms is None:
        now_ms = time.time_ns() // 1_000_000
    return decode(entries, now_ms, limits)


def _str(x):
    return x.decode("utf-8", "replace") if isinstance(x, bytes) else x
