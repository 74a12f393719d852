"""Fields of the namespace hash: ``{metric_name}:{extension}:{labels}``,
split and checked as docs/format.md ("Reader's rules") says."""

import re

METRIC_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*\Z")
LABEL_NAME = METRIC_NAME

CELL_LABEL = "__cell"
UNTIL_LABEL = "__until"
SCHEMA_LABEL = "__schema"
ZERO_THRESHOLD_LABEL = "__zero_threshold"

# extension -> the reserved labels a field with it may (or must) carry
_CELL_RESERVED = (CELL_LABEL, UNTIL_LABEL, SCHEMA_LABEL, ZERO_THRESHOLD_LABEL)
_ALLOWED_RESERVED = {"p": _CELL_RESERVED, "n": _CELL_RESERVED, "z": _CELL_RESERVED}
EXTENSIONS = ("", "d", "t", "b", "s", "c", "a", "m", "q", "p", "n", "z")
METADATA_EXTENSIONS = ("d", "t", "a", "m")
TYPE_CODES = {"c": "counter", "g": "gauge", "h": "histogram", "s": "summary"}
CODE_OF_TYPE = {v: k for k, v in TYPE_CODES.items()}


class Skip(Exception):
    """Skip carries the reason code of a field a reader leaves out."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def escape_label_value(value):
    """escape_label_value writes backslash as ``\\\\``, double quote as ``\\"``
    and line feed as ``\\n``, as the Prometheus text format does."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def escape_text(text):
    """escape_text writes backslash as ``\\\\`` and line feed as ``\\n`` (help texts, op values)."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def encode_labels(pairs):
    """encode_labels writes label pairs as a labels part: sorted by name,
    values escaped, pairs with an empty value left out."""
    kept = sorted((n, v) for n, v in pairs if v != "")
    return ",".join(n + '="' + escape_label_value(v) + '"' for n, v in kept)


def parse_labels(text):
    """parse_labels reads a labels part into (name, value) pairs in the order
    written; it raises Skip('invalid-labels') when the text does not follow
    the grammar ``name="value"`` joined by ``,`` (a name is every character
    up to the next ``=``; values end at an unescaped ``"`` and know the
    escapes ``\\\\``, ``\\"`` and ``\\n`` only)."""
    pairs = []
    i, n = 0, len(text)
    while i < n:
        if pairs:
            if text[i] != "," or i + 1 >= n:
                raise Skip("invalid-labels")
            i += 1
        eq = text.find("=", i)
        if eq < 0 or eq + 1 >= n or text[eq + 1] != '"':
            raise Skip("invalid-labels")
        name = text[i:eq]
        i = eq + 2
        out = []
        while True:
            if i >= n:
                raise Skip("invalid-labels")
            c = text[i]
            i += 1
            if c == '"':
                break
            if c == "\\":
                if i >= n:
                    raise Skip("invalid-labels")
                e = text[i]
                i += 1
                if e == "\\" or e == '"':
                    out.append(e)
                elif e == "n":
                    out.append("\n")
                else:
                    raise Skip("invalid-labels")
            else:
                out.append(c)
        pairs.append((name, "".join(out)))
    return pairs


def check_label_names(pairs, extension):
    """check_label_names applies the label-name rules in order, pair by
    pair: a valid name, not reserved, ``le``/``quantile`` only where they
    belong, no repeats, sorted."""
    prev = None
    allowed = _ALLOWED_RESERVED.get(extension, ())
    for name, _ in pairs:
        if not LABEL_NAME.match(name):
            raise Skip("invalid-label-name")
        if name.startswith("__") and name not in allowed:
            raise Skip("reserved-label-name")
        if (name == "le" and extension != "b") or (name == "quantile" and extension != "q"):
            raise Skip("misplaced-label")
        if prev is not None:
            if prev == name:
                raise Skip("repeated-label")
            if prev > name:
                raise Skip("unsorted-labels")
        prev = name


def split_field(field):
    """split_field splits a field into (name, extension, labels text)."""
    first = field.find(":")
    second = -1 if first < 0 else field.find(":", first + 1)
    if second < 0:
        raise Skip("invalid-field")
    name = field[:first]
    if not METRIC_NAME.match(name) or name == "_total":
        raise Skip("invalid-metric-name")
    extension = field[first + 1 : second]
    if extension not in EXTENSIONS:
        raise Skip("unknown-extension")
    return name, extension, field[second + 1 :]


def namespace_key(namespace):
    return "instrumentor:{" + namespace + "}"


def writers_key(namespace):
    return "instrumentor:{" + namespace + "}:writers"


def seen_key(namespace):
    return "instrumentor:{" + namespace + "}:seen"
