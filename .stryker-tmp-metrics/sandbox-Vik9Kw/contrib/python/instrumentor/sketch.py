"""The summary sketch: cell values computed bit for bit as docs/format.md
("Value of a cell") specifies, and quantiles from merged cells."""

import math

from .numbers import MAX_VALUE, MIN_VALUE

DEFAULT_ACCURACY = 0.01
MIN_ACCURACY = 1e-4
DEFAULT_MAX_CELLS = 2048
MAX_KEY = 2**22


def power(x, e):
    """power is x**e for a whole e >= 0 by binary exponentiation, exactly
    as the format specifies it: from the lowest bit of e up, multiplying the
    result by the current square when the bit is set and squaring only while
    bits remain. Every step is one IEEE 754 double multiplication, so every
    language gets the same double."""
    r = 1.0
    b = x
    while e > 0:
        if e & 1:
            r = r * b
        e >>= 1
        if e > 0:
            b = b * b
    return r


def cell_value(a, k):
    """cell_value is the value reported for the positive cell of key k with
    relative accuracy a: (1 + a) * gamma^(k-1), with gamma^(k-1) computed by
    power() of gamma = (1 + a) / (1 - a) for k >= 1 and of
    1 / gamma = (1 - a) / (1 + a) for k <= 0, then kept within
    [5e-324, 1.7976931348623157e308]."""
    if k >= 1:
        g = power((1 + a) / (1 - a), k - 1)
    else:
        g = power((1 - a) / (1 + a), 1 - k)
    v = (1 + a) * g
    return min(max(v, MIN_VALUE), MAX_VALUE)


def quantile_rank(q, n):
    """quantile_rank is the nearest rank max(1, ceil(q * n - 1e-9)), at most n."""
    return min(n, max(1, math.ceil(q * n - 1e-9)))


def quantiles(cells, qs, a, max_cells):
    """quantiles returns the value of each quantile of qs for cells, a list of
    (ordinal, count) sorted by ordinal (see ordinal()), counts > 0: the lowest
    cells beyond max_cells are merged into the lowest cell kept, then each
    quantile reports the value of the first cell at which the running count
    reaches its rank. NaN for every quantile when there are no cells."""
    if not cells:
        return [math.nan for _ in qs]
    extra = len(cells) - int(max_cells)
    if extra > 0:
        merged = 0.0
        for i in range(extra + 1):
            merged += cells[i][1]
        cells = [(cells[extra][0], merged)] + cells[extra + 1 :]
    n = 0.0
    for _, c in cells:
        n += c
    out = []
    for q in qs:
        r = quantile_rank(q, n)
        running = 0.0
        value = None
        for o, c in cells:
            running += c
            if running >= r:
                value = ordinal_value(o, a)
                break
        if value is None:
            value = ordinal_value(cells[-1][0], a)
        out.append(value)
    return out


ORDINAL_OFFSET = 2**23


def ordinal(sign, key):
    """ordinal numbers cells in the order of their values: negative cells by
    decreasing key, the zero cell, positive cells by increasing key."""
    return 0 if sign == 0 else sign * (ORDINAL_OFFSET + key)


def ordinal_value(o, a):
    if o > 0:
        return cell_value(a, o - ORDINAL_OFFSET)
    if o < 0:
        return -cell_value(a, -o - ORDINAL_OFFSET)
    return 0.0
