"""Ops: the writes of a flush, encoded as the flush script reads them
(docs/format.md, "Writing"): one ``{op}{field}\\n{value}\\n`` record per
write, at most 2000 records per batch."""

import math

from .fields import escape_text
from .numbers import format_number

OPS_PER_BATCH = 2000

ADD_INTEGER = "i"
ADD_FLOAT = "f"
SET = "s"
SET_IF_ABSENT = "n"
REMOVE = "x"

_SAFE = 2**53 - 1


class Ops:
    """Ops collects records and seals them into batches of at most
    ``per_batch`` records."""

    def __init__(self, per_batch=OPS_PER_BATCH):
        self.per_batch = per_batch
        self.batches = []
        self._current = []

    def incr(self, field, by):
        """incr adds ``by`` to ``field``: HINCRBY for a whole number that is
        exact as a double (falling back to HINCRBYFLOAT), HINCRBYFLOAT otherwise."""
        if isinstance(by, int) and not isinstance(by, bool) and abs(by) <= _SAFE:
            self._add(ADD_INTEGER, field, str(by))
        elif isinstance(by, float) and math.isfinite(by) and by == math.floor(by) and abs(by) <= _SAFE:
            self._add(ADD_INTEGER, field, str(int(by)))
        else:
            self._add(ADD_FLOAT, field, format_number(float(by)))

    def set(self, field, value):
        """set writes ``value`` (a number, spelled canonically, or a text) to ``field``."""
        self._add(SET, field, _value_text(value))

    def set_if_absent(self, field, value):
        """set_if_absent writes ``value`` unless the field exists (HSETNX)."""
        self._add(SET_IF_ABSENT, field, _value_text(value))

    def remove(self, field):
        self._add(REMOVE, field, "")

    def sealed(self):
        """sealed returns every batch as one string each, the last one sealed now."""
        if self._current:
            self.batches.append("".join(self._current))
            self._current = []
        return self.batches

    def _add(self, op, field, value):
        if "\n" in field:
            raise ValueError("a field never holds a line feed: %r" % field)
        self._current.append(op + field + "\n" + value + "\n")
        if len(self._current) == self.per_batch:
            self.batches.append("".join(self._current))
            self._current = []


def _value_text(value):
    if isinstance(value, str):
        return escape_text(value)
    return format_number(float(value))


def decode_ops(batch):
    """decode_ops splits a batch into (op, field, value) records, unescaping
    the text values of ``s`` and ``n`` records; raises ValueError when a
    record is not terminated."""
    out = []
    pos = 0
    while pos < len(batch):
        e1 = batch.find("\n", pos)
        e2 = -1 if e1 < 0 else batch.find("\n", e1 + 1)
        if e2 < 0:
            raise ValueError("malformed batch: record at offset %d is not terminated" % pos)
        op = batch[pos]
        value = batch[e1 + 1 : e2]
        if op in (SET, SET_IF_ABSENT):
            value = _unescape(value)
        out.append((op, batch[pos + 1 : e1], value))
        pos = e2 + 1
    return out


def _unescape(value):
    out = []
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            n = value[i + 1]
            out.append("\n" if n == "n" else n)
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)
