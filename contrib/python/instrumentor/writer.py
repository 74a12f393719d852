"""The writer: counters, gauges and histograms recorded in memory and
flushed to a namespace through the library's flush script, exactly once
(docs/format.md, "Writing" and "The flush script")."""

import math
import os
import secrets
import threading
import time

from .fields import (
    CODE_OF_TYPE,
    LABEL_NAME,
    METRIC_NAME,
    encode_labels,
    namespace_key,
    parse_labels,
    seen_key,
    writers_key,
)
from .numbers import format_number, js_string
from .ops import Ops
from .shards import MAX_SHARDS, SHARDS_SCRIPT, shard_name, shard_of, shards_key

DEFAULT_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
WRITER_RETENTION_SECONDS = 86400
DESCRIBE_EVERY_SECONDS = 60


class ShardCountError(ValueError):
    """ShardCountError: the registry was configured with a number of shards
    other than the one its namespace is stored with (``stored`` and
    ``configured``). Nothing is written."""

    def __init__(self, namespace, stored, configured):
        super().__init__(
            "namespace %r is stored with %d shard%s, this writer is configured with shards=%d; "
            "configure %d, or leave shards out to follow the namespace" % (namespace, stored, "" if stored == 1 else "s", configured, stored)
        )
        self.namespace = namespace
        self.stored = stored
        self.configured = configured


class FlushError(Exception):
    """FlushError: the batches of a flush could not all be applied. They are
    kept, and the next flush sends them again, unchanged (``cause`` is the
    Redis error)."""

    def __init__(self, namespace, message, cause=None):
        super().__init__("cannot flush namespace %r: %s" % (namespace, message))
        self.namespace = namespace
        self.cause = cause


def default_flush_script_path():
    """The flush script of the repository: lib/store/flush.lua, three folders up."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "lib", "store", "flush.lua"))


def load_flush_script(path=None):
    """load_flush_script reads the flush script: ``path``, else the
    environment variable INSTRUMENTOR_FLUSH_SCRIPT, else the repository's
    lib/store/flush.lua (or dist/store/flush.lua of an installed package)."""
    path = path or os.environ.get("INSTRUMENTOR_FLUSH_SCRIPT") or default_flush_script_path()
    with open(path, encoding="utf-8") as f:
        return f.read()


class Registry:
    """Registry holds the metrics of one writer and flushes them to one
    namespace. Each registry is one writer: it has its own writer id and
    numbers its batches 1, 2, 3, ...

    ``redis`` is a ``redis.Redis`` client (with or without
    ``decode_responses``). ``flush()`` applies every update recorded since
    the last flush; a lost reply is retried (``retries`` times, waiting
    ``retry_delay`` seconds more each time) and Redis applies each batch at
    most once, so nothing is counted twice.

    Example::

        registry = Registry(redis.Redis(), "shop")
        requests = registry.counter("http_requests_total", "HTTP requests", labels=("method",))
        requests.labels(method="GET").inc()
        registry.flush()
    """

    def __init__(self, redis, namespace, flush_script=None, retries=3, retry_delay=0.05, shards=None):
        if not isinstance(namespace, str) or not namespace or any(c in namespace for c in "{} \t\r\n"):
            raise ValueError("namespace must be a non-empty string without braces or white space, got %r" % (namespace,))
        self.redis = redis
        self.namespace = namespace
        self.writer_id = "py-%d-%s" % (os.getpid(), secrets.token_hex(6))
        self.retries = retries
        self.retry_delay = retry_delay
        self._script = flush_script if flush_script is not None else load_flush_script()
        self._sha = None
        if shards is not None and (not isinstance(shards, int) or isinstance(shards, bool) or not 1 <= shards <= MAX_SHARDS):
            raise ValueError("shards must be a whole number from 1 to %d, got %r" % (MAX_SHARDS, shards))
        self._configured_shards = shards
        self._shards = None  # the namespace's K, once asked
        self._keys = (namespace_key(namespace), writers_key(namespace), seen_key(namespace))
        self._metrics = {}
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._seq = 0
        self._acked = 0
        self._unacked = []  # [(seq, batch)]
        self._described_at = None

    # -- metrics

    def counter(self, name, description, labels=()):
        """counter registers a Counter (see Counter)."""
        return self._register(Counter(self, name, description, labels))

    def gauge(self, name, description, labels=(), start_value=0):
        """gauge registers a Gauge (see Gauge)."""
        return self._register(Gauge(self, name, description, labels, start_value))

    def histogram(self, name, description, labels=(), buckets=DEFAULT_BUCKETS):
        """histogram registers a Histogram (see Histogram)."""
        return self._register(Histogram(self, name, description, labels, buckets))

    def _register(self, metric):
        with self._lock:
            if metric.name in self._metrics:
                raise ValueError("metric %r is already registered" % metric.name)
            self._metrics[metric.name] = metric
            self._described_at = None
        return metric

    # -- flushing

    @property
    def pending_batches(self):
        """pending_batches is the number of batches sent but not yet acknowledged."""
        return len(self._unacked)

    def flush(self):
        """flush sends the updates recorded since the last flush, and any
        batches not yet acknowledged, and returns the fields whose
        increments Redis refused (they hold text, or the sum would not be
        finite). Raises FlushError when a batch could not be applied; the
        batches are kept and sent again by the next flush."""
        with self._flush_lock:
            ops = Ops()
            with self._lock:
                now = time.monotonic()
                if self._described_at is None or now - self._described_at >= DESCRIBE_EVERY_SECONDS:
                    for m in self._metrics.values():
                        m._describe(ops)
                    self._described_at = now
                for m in self._metrics.values():
                    m._drain(ops)
            for batch in ops.sealed():
                self._seq += 1
                self._unacked.append((self._seq, batch))
            return self._send_unacked()

    def _send_unacked(self):
        failed = []
        attempt = 0
        while self._unacked:
            try:
                results = self._send(self._unacked, self._acked)
            except Exception as err:  # a lost reply: the same batches go again
                if not _is_connection_error(err):
                    raise
                attempt += 1
                if attempt > self.retries:
                    raise FlushError(self.namespace, str(err), err) from err
                time.sleep(self.retry_delay * attempt)
                continue
            done = 0
            error = None
            for (seq, _), r in zip(self._unacked, results):
                if isinstance(r, Exception):
                    error = r
                    break
                done += 1
                self._acked = seq
                failed.extend(_text(f) for f in r[1:])
            self._unacked = self._unacked[done:]
            if error is not None:
                if _is_noscript(error):
                    self._sha = None
                    continue
                raise FlushError(self.namespace, str(error), error)
        return failed

    def _claim_shards(self):
        """The namespace's number of shards, stored by its first writer
        (docs/format.md, "Shards"); raises ShardCountError when it is not the
        configured one."""
        if self._shards is None:
            configured = "" if self._configured_shards is None else self._configured_shards
            stored = int(self.redis.eval(SHARDS_SCRIPT, 2, shards_key(self.namespace), namespace_key(self.namespace), configured))
            if self._configured_shards is not None and stored != self._configured_shards:
                raise ShardCountError(self.namespace, stored, self._configured_shards)
            self._shards = stored
        return self._shards

    def _send(self, batches, after):
        shards = self._claim_shards()
        if self._sha is None:
            self._sha = _text(self.redis.script_load(self._script))
        if shards == 1:
            pipe = self.redis.pipeline(transaction=False)
            for seq, batch in batches:
                pipe.evalsha(self._sha, 3, *self._keys, self.writer_id, seq, WRITER_RETENTION_SECONDS, after, batch)
            return pipe.execute(raise_on_error=False)
        # each batch is split by shard; every shard gets every sequence number (an empty part too) under its own keys
        results = [[1] for _ in batches]
        for s in range(shards):
            name = shard_name(self.namespace, s)
            keys = (namespace_key(name), writers_key(name), seen_key(name))
            pipe = self.redis.pipeline(transaction=False)
            for seq, batch in batches:
                pipe.evalsha(self._sha, 3, *keys, self.writer_id, seq, WRITER_RETENTION_SECONDS, after, _part(batch, s, shards))
            for i, r in enumerate(pipe.execute(raise_on_error=False)):
                if isinstance(results[i], Exception):
                    continue
                if isinstance(r, Exception):
                    results[i] = r
                else:
                    results[i].extend(r[1:])
        return results


def _part(batch, shard, shards):
    """The op records of a batch whose field is in ``shard``, in order."""
    out = []
    pos, n = 0, len(batch)
    while pos < n:
        e1 = batch.index("\n", pos)
        e2 = batch.index("\n", e1 + 1)
        if shard_of(batch[pos + 1 : e1], shards) == shard:
            out.append(batch[pos : e2 + 1])
        pos = e2 + 1
    return "".join(out)


def _text(x):
    return x.decode("utf-8", "replace") if isinstance(x, (bytes, bytearray)) else x


def _is_noscript(err):
    import redis

    return isinstance(err, redis.exceptions.NoScriptError) or str(err).startswith("NOSCRIPT")


def _is_connection_error(err):
    import redis

    return isinstance(err, (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError))


def _label_value(metric, name, v):
    if isinstance(v, str):
        text = v
    elif isinstance(v, bool):
        text = "true" if v else "false"
    elif isinstance(v, (int, float)):
        text = js_string(v)
    else:
        raise TypeError("metric %r: the value of label %r must be a str, int, float or bool, got %r" % (metric, name, v))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise TypeError("metric %r: the value of label %r is not well-formed Unicode" % (metric, name)) from None
    return text


class _Metric:
    type = None

    def __init__(self, registry, name, description, labels):
        if not isinstance(name, str) or not METRIC_NAME.match(name) or name == "_total":
            raise ValueError("%r is not a valid metric name: use letters, digits and _, not starting with a digit" % (name,))
        if not isinstance(description, str):
            raise TypeError("metric %r: description must be a str" % name)
        names = tuple(labels)
        for n in names:
            if not isinstance(n, str) or not LABEL_NAME.match(n) or n.startswith("__"):
                raise ValueError("metric %r: %r is not a valid label name" % (name, n))
            if n in ("le", "quantile"):
                raise ValueError("metric %r: label name %r is reserved" % (name, n))
        if len(set(names)) != len(names):
            raise ValueError("metric %r: a label name is given twice" % name)
        self.registry = registry
        self.name = name
        self.description = description
        self.label_names = names
        self._series = {}  # labels part -> series state
        self._dirty = []
        if not names:
            self._dirty.append(self._get(()))

    def labels(self, *values, **kw):
        """labels returns the series of one label set, by position or by name."""
        if values and kw:
            raise TypeError("metric %r: give label values by position or by name, not both" % self.name)
        if values:
            if len(values) != len(self.label_names):
                raise ValueError("metric %r: expected %d label values, got %d" % (self.name, len(self.label_names), len(values)))
            kw = dict(zip(self.label_names, values))
        unknown = set(kw) - set(self.label_names)
        if unknown:
            raise ValueError("metric %r: unknown label %s (allowed: %s)" % (self.name, ", ".join(sorted(unknown)), ", ".join(self.label_names) or "none"))
        pairs = tuple((n, _label_value(self.name, n, kw[n])) for n in self.label_names if n in kw and kw[n] is not None)
        return self._bound(self._get(pairs))

    def _get(self, pairs):
        labels = encode_labels(pairs)
        s = self._series.get(labels)
        if s is None:
            s = self._series[labels] = self._new_series(labels)
        return s

    def _field(self, extension, labels):
        return self.name + ":" + extension + ":" + labels

    def _touch(self, s):
        if not s.dirty:
            s.dirty = True
            self._dirty.append(s)

    def _describe(self, ops):
        ops.set(self._field("d", ""), self.description)
        ops.set(self._field("t", ""), CODE_OF_TYPE[self.type])

    def _drain(self, ops):
        dirty, self._dirty = self._dirty, []
        for s in dirty:
            self._drain_series(ops, s)
            s.dirty = False
            s.created = True

    def _only(self):
        if self.label_names:
            raise ValueError("metric %r has labels %s: use .labels(...)" % (self.name, ", ".join(self.label_names)))
        return self._bound(self._get(()))


def _finite(metric, what, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("%s %r: %s must be a finite number, got %r" % (metric.type, metric.name, what, value))
    return value


class _Series:
    __slots__ = ("labels", "dirty", "created", "value", "is_set", "counts", "sum", "count", "fields")

    def __init__(self, labels):
        self.labels = labels
        self.dirty = False
        self.created = False


class Counter(_Metric):
    """Counter counts up. ``inc(amount=1)`` on the counter (without labels) or
    on ``counter.labels(...)``; the amount is a finite number >= 0."""

    type = "counter"

    def inc(self, amount=1):
        self._only().inc(amount)

    def _new_series(self, labels):
        s = _Series(labels)
        s.value = 0
        return s

    def _bound(self, s):
        return _BoundCounter(self, s)

    def _drain_series(self, ops, s):
        if s.value != 0 or not s.created:
            ops.incr(self._field("", s.labels), s.value)
        s.value = 0


class _BoundCounter:
    __slots__ = ("_m", "_s")

    def __init__(self, m, s):
        self._m, self._s = m, s

    def inc(self, amount=1):
        m = self._m
        _finite(m, "increment", amount)
        if amount < 0:
            raise ValueError("counter %r: increment must be >= 0, got %r" % (m.name, amount))
        with m.registry._lock:
            self._s.value += amount
            m._touch(self._s)


class Gauge(_Metric):
    """Gauge goes up and down: ``inc``, ``dec`` and ``set``. A series starts
    at ``start_value`` the first time any process writes it (HSETNX), so a
    series that another process created keeps its value."""

    type = "gauge"

    def __init__(self, registry, name, description, labels, start_value):
        super().__init__(registry, name, description, labels)
        self.start_value = _finite(self, "start_value", start_value)

    def inc(self, amount=1):
        self._only().inc(amount)

    def dec(self, amount=1):
        self._only().dec(amount)

    def set(self, value):
        self._only().set(value)

    def _new_series(self, labels):
        s = _Series(labels)
        s.value = 0
        s.is_set = False
        return s

    def _bound(self, s):
        return _BoundGauge(self, s)

    def _drain_series(self, ops, s):
        field = self._field("", s.labels)
        if s.is_set:
            ops.set(field, s.value)
        else:
            if not s.created:
                ops.set_if_absent(field, self.start_value)
            if s.value != 0:
                ops.incr(field, s.value)
        s.value = 0
        s.is_set = False


class _BoundGauge:
    __slots__ = ("_m", "_s")

    def __init__(self, m, s):
        self._m, self._s = m, s

    def inc(self, amount=1):
        self._add(_finite(self._m, "value", amount))

    def dec(self, amount=1):
        self._add(-_finite(self._m, "value", amount))

    def set(self, value):
        _finite(self._m, "value", value)
        with self._m.registry._lock:
            self._s.value = value
            self._s.is_set = True
            self._m._touch(self._s)

    def _add(self, by):
        with self._m.registry._lock:
            self._s.value += by
            self._m._touch(self._s)


class Histogram(_Metric):
    """Histogram counts observations in cumulative buckets (``le``), with
    their sum and count: ``observe(value)``. ``buckets`` are finite,
    increasing bounds; ``+Inf`` is added."""

    type = "histogram"

    def __init__(self, registry, name, description, labels, buckets):
        bounds = []
        for b in buckets:
            if isinstance(b, bool) or not isinstance(b, (int, float)) or math.isnan(b) or b == -math.inf:
                raise ValueError("histogram %r: bucket bound %r is not a number" % (name, b))
            if b == math.inf:
                continue
            if bounds and not b > bounds[-1]:
                raise ValueError("histogram %r: buckets must be unique and increasing, got %r after %r" % (name, b, bounds[-1]))
            bounds.append(float(b))
        if not bounds:
            raise ValueError("histogram %r: needs at least one finite bucket bound" % name)
        self.buckets = tuple(bounds)
        super().__init__(registry, name, description, labels)

    def observe(self, value):
        self._only().observe(value)

    def _new_series(self, labels):
        s = _Series(labels)
        pairs = parse_labels(labels)
        s.fields = [self._field("b", encode_labels(pairs + [("le", format_number(le))])) for le in self.buckets + (math.inf,)]
        s.counts = [0] * (len(self.buckets) + 1)
        s.sum = 0.0
        s.count = 0
        return s

    def _bound(self, s):
        return _BoundHistogram(self, s)

    def _drain_series(self, ops, s):
        running = 0
        for i, field in enumerate(s.fields):
            running += s.counts[i]
            if running != 0 or not s.created:
                ops.incr(field, running)
        if s.sum != 0 or not s.created:
            ops.incr(self._field("s", s.labels), s.sum)
        if s.count != 0 or not s.created:
            ops.incr(self._field("c", s.labels), s.count)
        s.counts = [0] * len(s.fields)
        s.sum = 0.0
        s.count = 0


class _BoundHistogram:
    __slots__ = ("_m", "_s")

    def __init__(self, m, s):
        self._m, self._s = m, s

    def observe(self, value):
        m = self._m
        _finite(m, "observed value", value)
        b = m.buckets
        lo, hi = 0, len(b)
        while lo < hi:  # the first bound >= value
            mid = (lo + hi) // 2
            if value > b[mid]:
                lo = mid + 1
            else:
                hi = mid
        with m.registry._lock:
            s = self._s
            s.counts[lo] += 1
            s.sum += value
            s.count += 1
            m._touch(s)
