"""Exactly once: replies lost after Redis applied a batch (a real TCP
connection cut by a proxy) make the writer send the same batches again,
and Redis applies each once."""

import redis as redis_module

from instrumentor import FlushError, Registry, namespace_key, writers_key

from .proxy import ReplyDroppingProxy
from .support import REDIS_URL, RedisTestCase


class ExactlyOnceTest(RedisTestCase):
    def setUp(self):
        super().setUp()
        self.proxy = ReplyDroppingProxy(REDIS_URL)
        self.addCleanup(self.proxy.close)
        self.client = redis_module.Redis(host="127.0.0.1", port=self.proxy.port, socket_timeout=5)
        self.addCleanup(self.client.close)

    def value(self, field):
        return self.redis.hget(namespace_key(self.namespace), field)

    def test_a_retry_after_a_lost_reply_is_not_applied_twice(self):
        registry = Registry(self.client, self.namespace, retries=5, retry_delay=0.01)
        c = registry.counter("jobs_total", "Jobs")
        h = registry.histogram("job_seconds", "Job time", buckets=(1, 10))
        expected = 0
        for flush in range(20):
            for i in range(flush + 1):
                c.inc()
                h.observe(i % 12)
                expected += 1
            if flush % 2 == 0:
                self.proxy.drop_next_reply()
            registry.flush()
        self.assertEqual(self.proxy.dropped, 10)
        self.assertEqual(int(self.value("jobs_total::")), expected)
        self.assertEqual(int(self.value("job_seconds:c:")), expected)
        self.assertEqual(int(self.value('job_seconds:b:le="+Inf"')), expected)
        self.assertEqual(int(self.redis.hget(writers_key(self.namespace), registry.writer_id)), 20)

    def test_a_flush_of_several_batches_is_applied_once_in_order(self):
        registry = Registry(self.client, self.namespace, retries=5, retry_delay=0.01)
        c = registry.counter("x_total", "x", labels=("n",))
        for i in range(5000):
            c.labels(n=i).inc(i)
        self.proxy.drop_next_reply()
        registry.flush()  # three batches in one round trip; the reply is lost; sent again
        self.assertEqual(self.proxy.dropped, 1)
        fields = self.redis.hgetall(namespace_key(self.namespace))
        self.assertEqual(sum(int(v) for k, v in fields.items() if k.startswith(b"x_total::")), sum(range(5000)))
        self.assertEqual(int(self.redis.hget(writers_key(self.namespace), registry.writer_id)), 3)

    def test_batches_that_could_not_be_confirmed_go_with_the_next_flush(self):
        registry = Registry(self.client, self.namespace, retries=0)
        c = registry.counter("x_total", "x")
        c.inc(5)
        self.proxy.drop_next_reply()
        with self.assertRaises(FlushError):
            registry.flush()
        self.assertEqual(registry.pending_batches, 1)
        self.assertEqual(int(self.value("x_total::")), 5)  # applied, though the writer could not know
        c.inc(2)
        registry.flush()  # batch 1 again (acknowledged as applied before), then batch 2
        self.assertEqual(int(self.value("x_total::")), 7)
        self.assertEqual(registry.pending_batches, 0)
