"""Rendering families in the Prometheus text format 0.0.4 and in OpenMetrics
1.0, as docs/format.md ("Rendering") specifies. Pure."""

import math

from .fields import escape_label_value, escape_text
from .numbers import format_number
from .reader import openmetrics_name

TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8"


def _labels(pairs, extra=None):
    parts = [n + '="' + escape_label_value(v) + '"' for n, v in pairs]
    if extra is not None:
        parts.append(extra[0] + '="' + escape_label_value(extra[1]) + '"')
    return "{" + ",".join(parts) + "}" if parts else ""


def render_text(families):
    """render_text renders families in the Prometheus text format 0.0.4."""
    out = []
    for f in families:
        n = f.name
        out.append("# HELP " + n + " " + escape_text(f.help) + "\n")
        out.append("# TYPE " + n + " " + f.type + "\n")
        for s in f.series:
            if f.type == "histogram":
                for b, v in s.buckets:
                    out.append(n + "_bucket" + _labels(s.labels, ("le", format_number(b))) + " " + format_number(v) + "\n")
                out.append(n + "_sum" + _labels(s.labels) + " " + format_number(s.sum) + "\n")
                out.append(n + "_count" + _labels(s.labels) + " " + format_number(s.count) + "\n")
            elif f.type == "summary":
                for q, v in s.quantiles:
                    out.append(n + _labels(s.labels, ("quantile", format_number(q))) + " " + format_number(v) + "\n")
                out.append(n + "_sum" + _labels(s.labels) + " " + format_number(s.sum) + "\n")
                out.append(n + "_count" + _labels(s.labels) + " " + format_number(s.count) + "\n")
            else:
                out.append(n + _labels(s.labels) + " " + format_number(s.value) + "\n")
    return "".join(out)


def render_openmetrics(families):
    """render_openmetrics renders families in OpenMetrics 1.0, ending with
    ``# EOF``. What OpenMetrics forbids is left out: negative quantile
    values, and ``_count``/``_sum`` of a series whose sum is negative (or
    NaN) or, for a histogram, that has a negative bucket bound."""
    out = []
    for f in families:
        n = openmetrics_name(f)
        if f.help != "":
            out.append("# HELP " + n + " " + escape_label_value(f.help) + "\n")
        out.append("# TYPE " + n + " " + ("unknown" if f.type == "untyped" else f.type) + "\n")
        for s in f.series:
            if f.type == "histogram":
                for b, v in s.buckets:
                    out.append(n + "_bucket" + _labels(s.labels, ("le", format_number(b))) + " " + format_number(v) + "\n")
                if s.sum >= 0 and s.buckets[0][0] >= 0:
                    out.append(n + "_count" + _labels(s.labels) + " " + format_number(s.count) + "\n")
                    out.append(n + "_sum" + _labels(s.labels) + " " + format_number(s.sum) + "\n")
            elif f.type == "summary":
                for q, v in s.quantiles:
                    if not v < 0:
                        out.append(n + _labels(s.labels, ("quantile", format_number(q))) + " " + format_number(v) + "\n")
                if s.sum >= 0:
                    out.append(n + "_count" + _labels(s.labels) + " " + format_number(s.count) + "\n")
                    out.append(n + "_sum" + _labels(s.labels) + " " + format_number(s.sum) + "\n")
            elif f.type == "counter":
                out.append(n + "_total" + _labels(s.labels) + " " + format_number(s.value) + "\n")
            else:
                out.append(n + _labels(s.labels) + " " + format_number(s.value) + "\n")
    out.append("# EOF\n")
    return "".join(out)
