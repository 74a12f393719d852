"""Sharded namespaces: the shard of a field agrees with the vectors of
conformance/shards/vectors.json, a sharded namespace reads back as the same
namespace unsharded, and a writer configured with another K is refused."""

import json
import os
import unittest

from instrumentor import Registry, ShardCountError, read_namespace, render_text, series_key, shard_name, shard_of, shards_key
from instrumentor.shards import fnv1a32

from .support import CONFORMANCE, RedisTestCase, namespace_keys, unique_namespace


class ShardVectorsTest(unittest.TestCase):
    def test_every_vector(self):
        with open(os.path.join(CONFORMANCE, "shards", "vectors.json"), encoding="utf-8") as f:
            vectors = json.load(f)["vectors"]
        self.assertGreater(len(vectors), 10)
        for v in vectors:
            self.assertEqual(series_key(v["field"]), v["seriesKey"], v["field"])
            self.assertEqual(fnv1a32(v["seriesKey"]), v["fnv1a32"], v["field"])
            for k, shard in v["shard"].items():
                self.assertEqual(shard_of(v["field"], int(k)), shard, (v["field"], k))


class ShardedNamespaceTest(RedisTestCase):
    def _cleanup(self, namespace, shards):
        keys = namespace_keys(namespace) + [shards_key(namespace)]
        for s in range(shards):
            keys += namespace_keys(shard_name(namespace, s))
        self.addCleanup(lambda: self.redis.delete(*keys))

    def _record(self, registry):
        c = registry.counter("orders_total", "Orders", labels=("shop",))
        h = registry.histogram("order_seconds", "Latency", labels=("shop",), buckets=(0.1, 1))
        for i in range(120):
            c.labels(shop="s%d" % (i % 30)).inc()
            h.labels(shop="s%d" % (i % 30)).observe((i % 7) / 5)
        registry.flush()
        c.labels(shop="s0").inc(2)
        registry.flush()

    def test_a_sharded_namespace_reads_as_the_same_namespace_unsharded(self):
        flat = unique_namespace()
        self._cleanup(self.namespace, 4)
        self._cleanup(flat, 1)
        self._record(Registry(self.redis, self.namespace, shards=4))
        self._record(Registry(self.redis, flat))
        self.assertEqual(self.redis.get(shards_key(self.namespace)), b"4")
        self.assertEqual(self.redis.exists(namespace_keys(self.namespace)[0]), 0)
        for s in range(4):
            fields = self.redis.hkeys(namespace_keys(shard_name(self.namespace, s))[0])
            self.assertGreater(len(fields), 0)
            for f in fields:
                self.assertEqual(shard_of(f.decode(), 4), s)
        sharded = render_text(read_namespace(self.redis, self.namespace, now_ms=0).families)
        plain = render_text(read_namespace(self.redis, flat, now_ms=0).families)
        self.assertIn('orders_total{shop="s0"} 6\n', sharded)
        self.assertEqual(sharded, plain)
        # a writer without shards follows the stored K
        follower = Registry(self.redis, self.namespace)
        follower.counter("orders_total", "Orders", labels=("shop",)).labels(shop="s0").inc()
        follower.flush()
        self.assertIn('orders_total{shop="s0"} 7\n', render_text(read_namespace(self.redis, self.namespace, now_ms=0).families))

    def test_a_writer_configured_with_another_k_is_refused(self):
        self._cleanup(self.namespace, 3)
        first = Registry(self.redis, self.namespace, shards=3)
        first.counter("a_total", "A").inc()
        first.flush()
        other = Registry(self.redis, self.namespace, shards=5)
        other.counter("a_total", "A").inc()
        with self.assertRaises(ShardCountError) as caught:
            other.flush()
        self.assertEqual((caught.exception.stored, caught.exception.configured), (3, 5))
        with self.assertRaises(ValueError):
            Registry(self.redis, self.namespace, shards=0)


if __name__ == "__main__":
    unittest.main()
