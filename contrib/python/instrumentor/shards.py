"""Sharded namespaces (docs/format.md, "Shards"): the shard of a field, the
keys of a shard, and the namespace's number of shards K."""

_METRIC_LEVEL = ("d", "t", "a", "m", "q")

# The shards script: reads K and, for a writer configured with one, stores it
# when none is (the same rules as the library's lib/store/shards.lua).
SHARDS_SCRIPT = """
local k = redis.call('GET', KEYS[1])
if k then return tonumber(k) end
if ARGV[1] == '' then return 1 end
local want = tonumber(ARGV[1])
if want > 1 and redis.call('TYPE', KEYS[2])['ok'] ~= 'none' then return 1 end
redis.call('SET', KEYS[1], ARGV[1])
return want
"""

MAX_SHARDS = 1024


def shards_key(namespace):
    """The key that holds a namespace's number of shards."""
    return "instrumentor:{%s}:shards" % namespace


def shard_name(namespace, index):
    """The name whose keys hold shard ``index``: ``shop#3``, whose hash is ``instrumentor:{shop#3}``."""
    return "%s#%d" % (namespace, index)


def fnv1a32(text):
    """The 32-bit FNV-1a hash of the UTF-8 bytes of ``text``."""
    h = 0x811C9DC5
    for b in text.encode("utf-8", "replace"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def _kept_pairs(labels):
    out = []
    i = 0
    n = len(labels)
    while i < n:
        eq = labels.find("=", i)
        if eq < 0:
            out.append(labels[i:])
            break
        j = eq + 2
        while j < n and labels[j] != '"':
            j += 2 if labels[j] == "\\" else 1
        name = labels[i:eq]
        if name != "le" and not name.startswith("__"):
            out.append(labels[i : j + 1])
        i = j + 2
    return ",".join(out)


def series_key(field):
    """The text a field's shard is computed from: the metric name, ``:``, and
    the labels part without the pairs named ``le`` or starting with ``__``;
    ``{metric_name}:`` for the metric-level extensions d, t, a, m and q.
    None for a field without two ``:``."""
    first = field.find(":")
    if first < 0:
        return None
    second = field.find(":", first + 1)
    if second < 0:
        return None
    name = field[: first + 1]
    if second == len(field) - 1 or field[first + 1 : second] in _METRIC_LEVEL:
        return name
    labels = field[second + 1 :]
    if 'le="' not in labels and "__" not in labels:
        return name + labels
    return name + _kept_pairs(labels)


def shard_of(field, shards):
    """The shard (0 to ``shards`` - 1) of a field."""
    if shards <= 1:
        return 0
    key = series_key(field)
    return fnv1a32(field if key is None else key) % shards


def stored_shards(namespace, stored):
    """The number of shards a GET of the shards key returned (None: 1); raises ValueError for anything else."""
    if stored is None:
        return 1
    text = stored.decode("utf-8", "replace") if isinstance(stored, (bytes, bytearray)) else str(stored)
    if not text.isdigit() or not 1 <= int(text) <= MAX_SHARDS:
        raise ValueError("the key %s holds %r, not a number of shards from 1 to %d" % (shards_key(namespace), text, MAX_SHARDS))
    return int(text)
