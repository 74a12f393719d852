"""Per-process values (docs/format.md, "Processes"): the readers' liveness
rule and the combination of the gauge values that processes keep in their
own hashes. Pure: no Redis in here (see read_namespace in __init__)."""

from .numbers import format_number, parse_number

# extension: (how values combine, whether only live writers count)
_RULES = {
    "S": ("sum", True),
    "P": ("sum", True),
    "H": ("max", True),
    "L": ("min", True),
    "R": ("last", True),
    "h": ("max", False),
    "l": ("min", False),
}


def process_fields(now_ms, deadlines, processes, folded):
    """process_fields combines per-process values into gauge value fields of
    the namespace hash's format. ``deadlines`` is the processes hash as
    (writer id, deadline) pairs, ``processes`` maps a writer id to its
    process hash's (field, value) pairs, ``folded`` is the folded hash's
    pairs, and ``now_ms`` is the Redis time in milliseconds. Returns the
    fields, sorted, to decode before the namespace hash, and the skipped
    ones as (field, value, reason) triples."""
    skipped = []
    series = {}
    order = []
    for writer, deadline in deadlines:
        d = parse_number(deadline)
        order.append((writer, d is not None and d > now_ms))
    order.sort(key=lambda w: w[0].encode("utf-8", "surrogatepass"))

    def add(writer, alive, pairs, is_folded):
        for field, text in pairs:
            parts = field.split(":", 2)
            if len(parts) < 3:
                skipped.append((field, text, "invalid-field"))
                continue
            name, ext, labels = parts
            rule = _RULES.get(ext)
            if rule is None or (is_folded and rule[1]):
                skipped.append((field, text, "unknown-extension"))
                continue
            combine, live_only = rule
            if live_only and not alive:
                continue
            value_text, at = text, 0
            if combine == "last" and not is_folded:
                value_text, _, stamp = text.rpartition(" ")
                at = parse_number(stamp) if value_text else None
            value = parse_number(value_text)
            if value is None or at is None or at != at:
                skipped.append((field, text, "invalid-value"))
                continue
            out = name + "::" + labels
            key = (ext, out)
            s = series.get(key)
            if s is None:
                series[key] = [out, combine, value, at]
            elif combine == "sum":
                s[2] += value
            elif (value > s[2]) if combine == "max" else (value < s[2]) if combine == "min" else (at > s[3]):
                s[2], s[3] = value, at

    add("", False, folded, True)
    for writer, alive in order:
        add(writer, alive, processes.get(writer, []), False)
    fields = sorted(((s[0], format_number(s[2])) for s in series.values()), key=lambda f: f[0].encode("utf-8", "surrogatepass"))
    return fields, skipped
