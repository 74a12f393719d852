"""instrumentor: read and write the Instrumentor Redis format (docs/format.md)
from Python. The reader renders a namespace for Prometheus (text 0.0.4 and
OpenMetrics 1.0) and reports the fields it skips; the writer records
counters, gauges and histograms through the library's flush script, exactly
once."""

from .fields import namespace_key, seen_key, writers_key
from .numbers import format_number, parse_number
from .processes import process_fields
from .reader import REASONS, Decoded, Family, Limits, Series, Skipped, decode
from .shards import series_key, shard_name, shard_of, shards_key, stored_shards
from .render import OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE, render_openmetrics, render_text
from .writer import DEFAULT_BUCKETS, Counter, FlushError, Gauge, Histogram, Registry, ShardCountError, load_flush_script

__all__ = [
    "Registry",
    "Counter",
    "Gauge",
    "Histogram",
    "FlushError",
    "ShardCountError",
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
    "shards_key",
    "shard_name",
    "shard_of",
    "series_key",
    "render_text",
    "render_openmetrics",
    "TEXT_CONTENT_TYPE",
    "OPENMETRICS_CONTENT_TYPE",
]


def read_namespace(redis, namespace, now_ms=None, limits=None, count=1000):
    """read_namespace reads a namespace hash (every shard's hash, in a
    sharded namespace) with HSCAN (``count`` fields a
    call), after the per-process values of its live processes (TIME, the
    processes hash, each listed process hash and the folded hash, combined by
    process_fields), and decodes it as of ``now_ms`` (default: now), returning a
    Decoded (families and skipped fields). Render it with render_text or
    render_openmetrics."""
    import time

    key = namespace_key(namespace)
    prefix = key + ":"
    shards = stored_shards(namespace, redis.get(shards_key(namespace)))
    # a sharded namespace keeps its fields, and each process's, in its shards' keys
    names = [namespace] if shards == 1 else [shard_name(namespace, s) for s in range(shards)]
    seconds, micros = redis.time()
    clock_ms = int(seconds) * 1000 + int(micros) // 1000
    pairs = lambda h: [(_str(f), _str(v)) for f, v in redis.hgetall(h).items()]
    deadlines = pairs(prefix + "processes")
    processes = {w: [p for n in names for p in pairs(namespace_key(n) + ":process:" + w)] for w, _ in deadlines}
    folded = pairs(prefix + "folded") + ([] if shards == 1 else [p for n in names for p in pairs(namespace_key(n) + ":folded")])
    entries, _ = process_fields(clock_ms, deadlines, processes, folded)
    for name in names:
        cursor = 0
        while True:
            cursor, chunk = redis.hscan(namespace_key(name), cursor, count=count)
            entries.extend(chunk.items())
            if int(cursor) == 0:
                break
    if now_ms is None:
        now_ms = time.time_ns() // 1_000_000
    return decode(entries, now_ms, limits)


def _str(x):
    return x.decode("utf-8", "replace") if isinstance(x, bytes) else x
