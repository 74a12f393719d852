"""The reader: the fields of a namespace hash to metric families, by the
reader's rules of docs/format.md. Pure: no Redis in here (see read_namespace
in __init__ for the Redis side)."""

import math
from dataclasses import dataclass, field as dc_field

from . import sketch
from .fields import (
    CELL_LABEL,
    METADATA_EXTENSIONS,
    SCHEMA_LABEL,
    TYPE_CODES,
    UNTIL_LABEL,
    ZERO_THRESHOLD_LABEL,
    Skip,
    check_label_names,
    encode_labels,
    parse_labels,
    split_field,
)
from .native_bounds import NATIVE_BOUNDS
from .numbers import is_whole, parse_number

_RESERVED = ("le", "quantile", CELL_LABEL, UNTIL_LABEL, SCHEMA_LABEL, ZERO_THRESHOLD_LABEL)
_NATIVE_SCHEMAS = ("-4", "-3", "-2", "-1", "0", "1", "2", "3", "4", "5", "6", "7", "8")

# The reason codes of docs/format.md ("The order of the checks"), in the order of the checks.
REASONS = (
    "field-too-long",
    "value-too-long",
    "invalid-field",
    "invalid-metric-name",
    "unknown-extension",
    "invalid-labels",
    "invalid-label-name",
    "reserved-label-name",
    "misplaced-label",
    "repeated-label",
    "unsorted-labels",
    "unexpected-labels",
    "unknown-type",
    "invalid-value",
    "extension-not-in-type",
    "invalid-counter-value",
    "invalid-bucket-bound",
    "invalid-bucket-value",
    "invalid-sum-value",
    "invalid-count-value",
    "invalid-accuracy",
    "invalid-cell-bound",
    "invalid-quantile",
    "invalid-cell",
    "invalid-until",
    "invalid-native-label",
    "invalid-cell-value",
    "too-many-buckets",
    "too-many-quantiles",
    "name-collision",
)
_CELL_KEY_DIGITS = 7  # |key| < 2^22 = 4194304 has at most 7 digits


@dataclass(frozen=True)
class Limits:
    """Limits bound a reader's work whatever a writer puts in the hash; the
    defaults are far above what any honest writer produces."""

    max_field_bytes: int = 16384
    max_value_bytes: int = 65536
    max_buckets_per_series: int = 10000
    max_quantiles_per_family: int = 64

    @staticmethod
    def from_case(overrides):
        """from_case reads the ``limits`` object of a conformance case (camelCase names)."""
        names = {
            "maxFieldBytes": "max_field_bytes",
            "maxValueBytes": "max_value_bytes",
            "maxBucketsPerSeries": "max_buckets_per_series",
            "maxQuantilesPerFamily": "max_quantiles_per_family",
        }
        return Limits(**{names[k]: v for k, v in (overrides or {}).items()})


@dataclass
class Series:
    """One series: its labels (name, value) sorted by name, and by type
    ``value`` (counter, gauge, untyped), ``buckets`` [(bound, count)] ending
    with +Inf (histogram), ``quantiles`` [(q, value)] (summary), ``sum`` and
    ``count`` (histogram, summary), and ``native`` (a histogram with native
    buckets: a dict of schema, zeroThreshold, zeroCount, positive and negative
    [[index, count]], as docs/format.md "Native histograms" merges them)."""

    labels: list
    value: float = 0.0
    buckets: list = None
    quantiles: list = None
    sum: float = 0.0
    count: float = 0.0
    native: dict = None


@dataclass
class Family:
    name: str
    type: str
    help: str
    series: list = dc_field(default_factory=list)


@dataclass
class Skipped:
    field: str
    value: str
    reason: str


@dataclass
class Decoded:
    families: list
    skipped: list


@dataclass
class _Record:
    field: str
    value: str
    name: str
    ext: str
    pairs: list
    number: float

    def label(self, name):
        for n, v in self.pairs:
            if n == name:
                return v
        return None

    def series_key(self):
        return encode_labels([(n, v) for n, v in self.pairs if n not in _RESERVED])


def _text(x):
    return x.decode("utf-8", "replace") if isinstance(x, (bytes, bytearray)) else x


def _utf8_length(s):
    return len(s.encode("utf-8", "surrogatepass"))


def read_field(field, value, limits):
    """read_field applies the checks that need the field alone, in the
    order of the rules; it returns a record or raises Skip."""
    if _utf8_length(field) > limits.max_field_bytes:
        raise Skip("field-too-long")
    if _utf8_length(value) > limits.max_value_bytes:
        raise Skip("value-too-long")
    name, ext, labels_text = split_field(field)
    pairs = parse_labels(labels_text)
    check_label_names(pairs, ext)
    if ext in METADATA_EXTENSIONS and labels_text != "":
        raise Skip("unexpected-labels")
    number = None
    if ext == "t":
        if value not in TYPE_CODES:
            raise Skip("unknown-type")
    elif ext != "d":
        number = parse_number(value)
        if number is None:
            raise Skip("invalid-value")
    return _Record(field, value, name, ext, pairs, number)


_ALLOWED = {
    "counter": ("", "d", "t"),
    "gauge": ("", "d", "t"),
    "untyped": ("", "d", "t"),
    "histogram": ("b", "s", "c", "p", "n", "z", "d", "t"),
    "summary": ("s", "c", "a", "m", "q", "p", "n", "z", "d", "t"),
}


def decode(entries, now_ms, limits=None):
    """decode turns (field, value) pairs (str, or bytes decoded as UTF-8 with
    U+FFFD for invalid sequences) into families sorted by name, as of the
    Unix time now_ms (milliseconds), and lists the fields skipped with their
    reason codes, sorted by field. A field given twice is read once (the
    first)."""
    limits = limits or Limits()
    skipped = []
    raw = {}
    seen = set()
    for f, v in entries:
        f, v = _text(f), _text(v)
        if f in seen:
            continue
        seen.add(f)
        try:
            rec = read_field(f, v, limits)
        except Skip as s:
            skipped.append(Skipped(f, v, s.reason))
            continue
        raw.setdefault(rec.name, []).append(rec)

    families = []
    reserved = set()
    for name in sorted(raw):
        records = sorted(raw[name], key=lambda r: r.field)
        family_skips = []
        family, used = _assemble(name, records, now_ms, limits, family_skips)
        if family is not None:
            names = sample_names(family)
            if names & reserved:
                family_skips.extend(Skipped(r.field, r.value, "name-collision") for r in used)
                family = None
            else:
                reserved |= names
        skipped.extend(family_skips)
        if family is not None:
            families.append(family)
    skipped.sort(key=lambda s: (s.field, s.reason))
    return Decoded(families, skipped)


def sample_names(family):
    """sample_names is every name a family takes in either exposition format,
    with the suffixes the formats reserve for its type."""
    n = family.name
    if family.type == "counter":
        base = openmetrics_name(family)
        return {n, base, base + "_total", base + "_created"}
    if family.type == "histogram":
        return {n, n + "_bucket", n + "_count", n + "_sum", n + "_created"}
    if family.type == "summary":
        return {n, n + "_count", n + "_sum", n + "_created"}
    return {n}


def openmetrics_name(family):
    """openmetrics_name is the OpenMetrics family name: a counter's name
    without its ``_total`` suffix, else the name."""
    n = family.name
    if family.type == "counter" and n.endswith("_total"):
        return n[: -len("_total")]
    return n


def _assemble(name, records, now_ms, limits, skipped):
    """_assemble builds one family from its records (sorted by field);
    returns (family or None, the records it used)."""
    t = next((r for r in records if r.ext == "t"), None)
    if t is not None:
        type_ = TYPE_CODES[t.value]
    elif any(r.ext == "b" for r in records):
        type_ = "histogram"
    else:
        type_ = "untyped"
    allowed = _ALLOWED[type_]
    kept = []
    for r in records:
        if r.ext not in allowed:
            skipped.append(Skipped(r.field, r.value, "extension-not-in-type"))
        else:
            kept.append(r)
    d = next((r for r in kept if r.ext == "d"), None)
    help_ = d.value if d is not None else ""
    data = [r for r in kept if r.ext not in ("d", "t")]
    fail = lambda r, reason: skipped.append(Skipped(r.field, r.value, reason))  # noqa: E731
    if type_ == "histogram":
        series, used = _histograms(data, limits, fail)
    elif type_ == "summary":
        series, used = _summaries(data, now_ms, limits, fail)
    else:
        series, used = _values(data, type_, fail)
    meta = [r for r in kept if r.ext in ("d", "t")]
    if not series and not meta:
        return None, []
    used = meta + used
    return Family(name, type_, help_, series), used


def _values(records, type_, fail):
    by_key = {}
    used = []
    for r in records:
        if type_ == "counter" and not (r.number >= 0):
            fail(r, "invalid-counter-value")
            continue
        used.append(r)
        key = r.series_key()
        if key not in by_key:
            by_key[key] = Series(_labels(r), 0.0)
        by_key[key].value += r.number
    return [by_key[k] for k in sorted(by_key)], used


def _labels(r):
    return [(n, v) for n, v in r.pairs if n not in _RESERVED and v != ""]


class _SeriesTable(dict):
    """_SeriesTable maps labels keys to the accumulators of their series, made on first use."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def of(self, r):
        key = r.series_key()
        a = self.get(key)
        if a is None:
            a = self[key] = self.make(_labels(r))
        return a


def _sum_or_count(r, table, fail):
    """_sum_or_count adds an ``s`` or ``c`` field to its series; False when the field is skipped."""
    if r.ext == "s":
        if math.isnan(r.number):
            fail(r, "invalid-sum-value")
            return False
        a = table.of(r)
        a.sum = (a.sum or 0.0) + r.number
    else:
        if not (is_whole(r.number) and r.number >= 0):
            fail(r, "invalid-count-value")
            return False
        a = table.of(r)
        a.count = (a.count or 0.0) + r.number
    return True


class _HistogramAcc:
    def __init__(self, labels):
        self.labels = labels
        self.bounds = {}  # bound -> [value, records]
        self.inf = None
        self.sum = None
        self.count = None
        self.native = []  # native fields (p, n, z) that passed the rules


def _histograms(records, limits, fail):
    by_key = _SeriesTable(_HistogramAcc)
    used = []

    for r in records:
        if r.ext == "b":
            le = r.label("le")
            bound = None if le is None else parse_number(le)
            if bound is None or math.isnan(bound) or bound == -math.inf:
                fail(r, "invalid-bucket-bound")
                continue
            if not (is_whole(r.number) and r.number >= 0):
                fail(r, "invalid-bucket-value")
                continue
            a = by_key.of(r)
            bound = bound + 0.0 if bound != 0 else 0.0
            if bound == math.inf:
                a.inf = (a.inf or 0.0) + r.number
                used.append(r)
            else:
                entry = a.bounds.setdefault(bound, [0.0, []])
                entry[0] += r.number
                entry[1].append(r)
        elif r.ext in ("p", "n", "z"):
            reason = _native_reason(r)
            if reason is not None:
                fail(r, reason)
                continue
            by_key.of(r).native.append(r)  # not rendered in text, but the series exists
            used.append(r)
        elif _sum_or_count(r, by_key, fail):
            used.append(r)

    out = []
    for key in sorted(by_key):
        a = by_key[key]
        bounds = sorted(a.bounds)
        for b in bounds[limits.max_buckets_per_series :]:
            for r in a.bounds[b][1]:
                fail(r, "too-many-buckets")
        bounds = bounds[: limits.max_buckets_per_series]
        buckets = []
        running = 0.0
        for b in bounds:
            entry = a.bounds[b]
            used.extend(entry[1])
            running = max(running, entry[0])
            buckets.append((b, running))
        inf = a.inf if a.inf is not None else a.count if a.count is not None else running
        inf = max(inf, running)
        buckets.append((math.inf, inf))
        native = _merge_native(a.native) if a.native else None
        out.append(Series(a.labels, buckets=buckets, sum=a.sum if a.sum is not None else 0.0, count=inf, native=native))
    return out, used


class _SummaryAcc:
    def __init__(self, labels):
        self.labels = labels
        self.cells = {}  # ordinal -> count
        self.sum = None
        self.count = None


def _summaries(records, now_ms, limits, fail):
    now = now_ms / 1000
    accuracy = sketch.DEFAULT_ACCURACY
    max_cells = sketch.DEFAULT_MAX_CELLS
    quantile_fields = {}  # q -> records
    by_key = _SeriesTable(_SummaryAcc)
    used = []

    for r in records:
        x = r.number
        if r.ext == "a":
            if not (sketch.MIN_ACCURACY <= x < 1):
                fail(r, "invalid-accuracy")
                continue
            accuracy = x
            used.append(r)
        elif r.ext == "m":
            if not (is_whole(x) and x >= 1):
                fail(r, "invalid-cell-bound")
                continue
            max_cells = x
            used.append(r)
        elif r.ext == "q":
            q = parse_number(r.pairs[0][1]) if len(r.pairs) == 1 and r.pairs[0][0] == "quantile" else None
            if q is None or not (0 <= q <= 1):
                fail(r, "invalid-quantile")
                continue
            quantile_fields.setdefault(q + 0.0 if q != 0 else 0.0, []).append(r)
        elif r.ext in ("s", "c"):
            if _sum_or_count(r, by_key, fail):
                used.append(r)
        else:  # p, n, z
            cell = r.label(CELL_LABEL)
            if r.ext == "z":
                if cell is not None:
                    fail(r, "invalid-cell")
                    continue
                key = 0
            else:
                key = _cell_key(cell)
                if key is None:
                    fail(r, "invalid-cell")
                    continue
            until_text = r.label(UNTIL_LABEL)
            until = None
            if until_text is not None:
                until = parse_number(until_text)
                if until is None or math.isnan(until):
                    fail(r, "invalid-until")
                    continue
            if r.label(SCHEMA_LABEL) is not None or r.label(ZERO_THRESHOLD_LABEL) is not None:
                fail(r, "invalid-native-label")
                continue
            if not (is_whole(x) and x >= 0):
                fail(r, "invalid-cell-value")
                continue
            used.append(r)
            if until is not None and not (until > now):
                continue  # expired: ignored, not reported
            sign = 1 if r.ext == "p" else -1 if r.ext == "n" else 0
            o = sketch.ordinal(sign, key)
            a = by_key.of(r)
            a.cells[o] = a.cells.get(o, 0.0) + x

    qs = sorted(quantile_fields)
    for q in qs[limits.max_quantiles_per_family :]:
        for r in quantile_fields[q]:
            fail(r, "too-many-quantiles")
    qs = qs[: limits.max_quantiles_per_family]
    for q in qs:
        used.extend(quantile_fields[q])

    out = []
    for key in sorted(by_key):
        a = by_key[key]
        cells = sorted((o, c) for o, c in a.cells.items() if c != 0)
        values = sketch.quantiles(cells, qs, accuracy, max_cells) if qs else []
        out.append(
            Series(
                a.labels,
                quantiles=list(zip(qs, values)),
                sum=a.sum if a.sum is not None else 0.0,
                count=a.count if a.count is not None else 0.0,
            )
        )
    return out, used


def _native_reason(r):
    """_native_reason checks a native histogram field (``p``, ``n``, ``z``):
    the reason code it breaks, or None. Its buckets are not read further:
    the text formats show a native histogram's classic buckets only."""
    if r.ext == "z":
        if r.label(CELL_LABEL) is not None:
            return "invalid-cell"
    elif _cell_key(r.label(CELL_LABEL)) is None:
        return "invalid-cell"
    if r.label(UNTIL_LABEL) is not None or r.label(SCHEMA_LABEL) not in _NATIVE_SCHEMAS:
        return "invalid-native-label"
    threshold = r.label(ZERO_THRESHOLD_LABEL)
    if r.ext == "z":
        t = None if threshold is None else parse_number(threshold)
        if t is None or not (0 <= t < math.inf):
            return "invalid-native-label"
    elif threshold is not None:
        return "invalid-native-label"
    if not (is_whole(r.number) and r.number >= 0):
        return "invalid-cell-value"
    return None


def _merge_native(records):
    """_merge_native merges a series' native fields: every bucket at the
    lowest schema among them (bucket i of schema s is ceil(i / 2^(s - lowest))),
    the largest zero threshold, buckets whose upper bound is at most it
    counted in the zero bucket, buckets with no count left out."""
    schema = min(int(r.label(SCHEMA_LABEL)) for r in records)
    threshold = 0.0
    zero = 0
    for r in records:
        if r.ext == "z":
            threshold = max(threshold, parse_number(r.label(ZERO_THRESHOLD_LABEL)))
            zero += int(r.number)
    sides = {"p": {}, "n": {}}
    for r in records:
        if r.ext == "z" or r.number == 0:
            continue
        index = -((-int(r.label(CELL_LABEL))) >> (int(r.label(SCHEMA_LABEL)) - schema))  # ceil(i / 2^d)
        if threshold > 0 and _upper_bound(schema, index) <= threshold:
            zero += int(r.number)
            continue
        side = sides[r.ext]
        side[index] = side.get(index, 0) + int(r.number)
    return {
        "schema": schema,
        "zeroThreshold": threshold,
        "zeroCount": zero,
        "positive": [[i, c] for i, c in sorted(sides["p"].items())],
        "negative": [[i, c] for i, c in sorted(sides["n"].items())],
    }


def _upper_bound(schema, index):
    """_upper_bound is the upper bound of bucket ``index`` at ``schema``:
    2^(index / 2^schema), with client_golang's bounds for schemas above 0."""
    if schema <= 0:
        fraction, exponent = 1.0, index << -schema
    else:
        n = 1 << schema
        j = index % n
        fraction, exponent = NATIVE_BOUNDS[schema][j] * 2, (index - j) // n
    return math.inf if exponent >= 1024 else math.ldexp(fraction, exponent)


def _cell_key(text):
    """_cell_key reads a canonical cell key: ``0`` or an optional ``-`` and a
    digit 1-9 followed by digits, of magnitude below 2^22; None otherwise."""
    if text is None:
        return None
    digits = text[1:] if text.startswith("-") else text
    if not digits or len(digits) > _CELL_KEY_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    if digits[0] == "0" and (digits != "0" or text != "0"):
        return None
    k = int(text)
    return k if abs(k) < sketch.MAX_KEY else None
