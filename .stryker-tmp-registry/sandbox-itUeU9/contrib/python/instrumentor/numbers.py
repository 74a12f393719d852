"""Numbers of the format: the grammar a reader accepts, and the one spelling
every writer and renderer uses (ECMAScript's Number::toString, the shortest
decimal that reads back as the same double)."""

import math
import re

# A decimal number: optional sign, digits with an optional fraction (or a
# fraction alone), optional exponent. ASCII digits only, no white space.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_INFINITY = re.compile(r"[+-]?[iI][nN][fF]\Z")
_NAN = re.compile(r"[nN][aA][nN]\Z")

MAX_VALUE = 1.7976931348623157e308
MIN_VALUE = 5e-324


def parse_number(text):
    """parse_number reads a value by the format's number grammar: a decimal
    (``3``, ``-0.25``, ``.5``, ``1.``, ``1e-7``, ``1500000000000000000000``),
    ``inf`` or ``nan`` in any letter case (``inf`` with an optional sign).
    It returns the nearest double (ties to even; too large gives an
    infinity), or None for anything else (``Infinity``, ``0x10``, `` 1``,
    ``1_000``, the empty text)."""
    if _DECIMAL.match(text):
        return float(text)
    if _INFINITY.match(text):
        return -math.inf if text[0] == "-" else math.inf
    if _NAN.match(text):
        return math.nan
    return None


def is_whole(x):
    """is_whole tells whether x is a finite whole number."""
    return math.isfinite(x) and x == math.floor(x)


def shortest(x):
    """shortest spells a finite, non-zero double as ECMAScript's
    Number::toString does: the shortest decimal that reads back as x, in
    plain notation from 1e-6 up to below 1e21 and in exponent notation
    (``1e-7``, ``1.5e+21``) outside."""
    sign = "-" if x < 0 else ""
    mantissa, _, exp = repr(abs(x)).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    # the value is 0.d1d2…dk × 10^n
    n = len(whole) + (int(exp) if exp else 0) - (len(whole + frac) - len((whole + frac).lstrip("0")))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    body = digits if k == 1 else digits[0] + "." + digits[1:]
    return sign + body + "e" + ("+" if e >= 0 else "-") + str(abs(e))


def format_number(x):
    """format_number spells a number the one canonical way: ``+Inf``,
    ``-Inf``, ``NaN``, ``0`` for both zeros, else as shortest() does. Used
    for bucket bounds and quantiles in fields and for every value rendered."""
    if math.isnan(x):
        return "NaN"
    if x == math.inf:
        return "+Inf"
    if x == -math.inf:
        return "-Inf"
    if x == 0:
        return "0"
    return shortest(x)


def js_string(x):
    """js_string is ECMAScript's String(x) for a number: as format_number but
    ``Infinity``/``-Infinity`` (used for label values given as numbers)."""
    if isinstance(x, float) and math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if isinstance(x, int) and not isinstance(x, bool):
        x = float(x) if abs(x) >= 2**53 else x
        if isinstance(x, int):
            return str(x)
    return format_number(float(x))
