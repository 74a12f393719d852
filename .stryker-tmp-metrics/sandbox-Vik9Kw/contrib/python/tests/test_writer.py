"""The writer against the real Redis: what it writes, read back by this
reader, and the flush script's replies and errors."""

import math
import unittest

from instrumentor import FlushError, Registry, load_flush_script, namespace_key, read_namespace, render_text, writers_key

from .support import RedisTestCase


class WriterTest(RedisTestCase):
    def hash(self):
        return {k.decode(): v.decode() for k, v in self.redis.hgetall(namespace_key(self.namespace)).items()}

    def test_writes_the_examples_of_the_format(self):
        registry = Registry(self.redis, self.namespace)
        requests = registry.counter("http_requests_total", "HTTP requests", labels=("method", "code"))
        requests.labels(method="GET", code=200).inc()
        requests.labels(code=200, method="GET").inc(2)
        requests.labels("POST", "500").inc()
        temperature = registry.gauge("temperature_celsius", "Temperature", labels=("room",), start_value=20)
        temperature.labels(room="lab").inc(2)
        temperature.labels(room="hall").set(18.5)
        latency = registry.histogram("rpc_duration_seconds", "RPC latency", labels=("service",), buckets=(0.1, 0.5))
        for v in (0.05, 0.3, 2):
            latency.labels(service="auth").observe(v)
        self.assertEqual(registry.flush(), [])
        self.assertEqual(
            self.hash(),
            {
                "http_requests_total:d:": "HTTP requests",
                "http_requests_total:t:": "c",
                'http_requests_total::code="200",method="GET"': "3",
                'http_requests_total::code="500",method="POST"': "1",
                "temperature_celsius:d:": "Temperature",
                "temperature_celsius:t:": "g",
                'temperature_celsius::room="lab"': "22",
                'temperature_celsius::room="hall"': "18.5",
                "rpc_duration_seconds:d:": "RPC latency",
                "rpc_duration_seconds:t:": "h",
                'rpc_duration_seconds:b:le="0.1",service="auth"': "1",
                'rpc_duration_seconds:b:le="0.5",service="auth"': "2",
                'rpc_duration_seconds:b:le="+Inf",service="auth"': "3",
                'rpc_duration_seconds:s:service="auth"': "2.35",
                'rpc_duration_seconds:c:service="auth"': "3",
            },
        )
        self.assertEqual(read_namespace(self.redis, self.namespace).skipped, [])

    def test_a_gauge_starts_from_its_start_value_once(self):
        a = Registry(self.redis, self.namespace)
        b = Registry(self.redis, self.namespace)
        ga = a.gauge("pool", "Pool", start_value=10)
        gb = b.gauge("pool", "Pool", start_value=10)
        ga.inc(2)
        a.flush()
        gb.dec(0.5)
        b.flush()  # the series exists: b's start value is not written again
        self.assertEqual(self.hash()["pool::"], "11.5")
        ga.set(-3.25)
        ga.inc(1)
        a.flush()
        self.assertEqual(self.hash()["pool::"], "-2.25")

    def test_label_values_and_help_texts_with_every_character(self):
        registry = Registry(self.redis, self.namespace)
        c = registry.counter("odd_total", 'Help with "quotes", a \\ and\na line feed', labels=("v",))
        values = ['C:\\dir\\', 'say "hi"', "two\nlines", "a,b:c=d{e}f", "caf\u00e9 \U0001f600", 1.5, True, ""]
        for v in values:
            c.labels(v=v).inc()
        registry.flush()
        decoded = read_namespace(self.redis, self.namespace)
        self.assertEqual(decoded.skipped, [])
        family = decoded.families[0]
        self.assertEqual(family.help, 'Help with "quotes", a \\ and\na line feed')
        got = {dict(s.labels).get("v", ""): s.value for s in family.series}
        self.assertEqual(got, {"C:\\dir\\": 1, 'say "hi"': 1, "two\nlines": 1, "a,b:c=d{e}f": 1, "caf\u00e9 \U0001f600": 1, "1.5": 1, "true": 1, "": 1})

    def test_float_increments_and_later_flushes_write_only_what_changed(self):
        registry = Registry(self.redis, self.namespace)
        c = registry.counter("work_seconds_total", "Work")
        c.inc(0.1)
        registry.flush()
        c.inc(0.2)
        registry.flush()
        self.assertEqual(self.hash()["work_seconds_total::"], "0.3")  # Redis adds in long double and keeps 17 decimals
        h = registry.histogram("h", "h", buckets=(1, 2))
        h.observe(1.5)
        registry.flush()
        h.observe(5)
        registry.flush()
        fields = self.hash()
        self.assertEqual([fields['h:b:le="1"'], fields['h:b:le="2"'], fields['h:b:le="+Inf"'], fields["h:c:"], fields["h:s:"]], ["0", "1", "2", "2", "6.5"])

    def test_refused_increments_are_reported_and_the_rest_applied(self):
        self.redis.hset(namespace_key(self.namespace), "x_total::", "not a number")
        registry = Registry(self.redis, self.namespace)
        registry.counter("x_total", "x").inc(2)
        registry.counter("y_total", "y").inc(3)
        self.assertEqual(registry.flush(), ["x_total::"])
        self.assertEqual(self.hash()["x_total::"], "not a number")
        self.assertEqual(self.hash()["y_total::"], "3")

    def test_numbering_and_the_writers_hash(self):
        registry = Registry(self.redis, self.namespace)
        c = registry.counter("x_total", "x", labels=("n",))
        for i in range(4500):
            c.labels(n=i).inc()
        registry.flush()  # 4500 series + d + t: three batches, one round trip
        self.assertEqual(int(self.redis.hget(writers_key(self.namespace), registry.writer_id)), 3)
        self.assertEqual(self.redis.hlen(namespace_key(self.namespace)), 4502)
        self.assertEqual(registry.flush(), [])  # nothing to send
        self.assertEqual(registry.pending_batches, 0)

    def test_a_wrong_type_keeps_the_batches_for_later(self):
        self.redis.set(namespace_key(self.namespace), "a string")
        registry = Registry(self.redis, self.namespace)
        registry.counter("x_total", "x").inc()
        with self.assertRaisesRegex(FlushError, "WRONGTYPE the namespace key"):
            registry.flush()
        self.assertEqual(registry.pending_batches, 1)
        self.redis.delete(namespace_key(self.namespace))
        registry.flush()
        self.assertEqual(self.hash()["x_total::"], "1")
        self.assertEqual(registry.pending_batches, 0)

    def test_nothing_is_lost_when_redis_forgets_the_script(self):
        registry = Registry(self.redis, self.namespace)
        c = registry.counter("x_total", "x")
        c.inc()
        registry.flush()
        registry._sha = "0" * 40  # as after SCRIPT FLUSH or a failover: NOSCRIPT, then loaded again
        c.inc()
        registry.flush()
        self.assertEqual(self.hash()["x_total::"], "2")

    def test_rendered_like_the_library(self):
        registry = Registry(self.redis, self.namespace)
        registry.gauge("g", "A gauge").set(1e21)
        registry.flush()
        self.assertEqual(render_text(read_namespace(self.redis, self.namespace).families), "# HELP g A gauge\n# TYPE g gauge\ng 1e+21\n")

    def test_programmer_errors_throw_at_once(self):
        registry = Registry(self.redis, self.namespace)
        with self.assertRaises(ValueError):
            registry.counter("1bad", "x")
        with self.assertRaises(ValueError):
            registry.counter("ok_total", "x", labels=("le",))
        with self.assertRaises(ValueError):
            registry.counter("ok2_total", "x", labels=("__x",))
        c = registry.counter("ok3_total", "x", labels=("a",))
        with self.assertRaises(ValueError):
            c.labels(b="1")
        with self.assertRaises(ValueError):
            c.labels(a="1").inc(-1)
        with self.assertRaises(ValueError):
            registry.gauge("g", "g").set(math.nan)
        with self.assertRaises(ValueError):
            registry.histogram("h", "h", buckets=(2, 1))
        with self.assertRaises(ValueError):
            registry.counter("ok3_total", "again")


class FlushScriptTest(RedisTestCase):
    """The flush script called directly, as a writer in any language does."""

    def call(self, writer, seq, after, batch):
        keys = [namespace_key(self.namespace), writers_key(self.namespace), namespace_key(self.namespace) + ":seen"]
        return self.redis.eval(load_flush_script(), 3, *keys, writer, seq, 86400, after, batch)

    def test_replies(self):
        self.assertEqual(self.call("w", 1, "", "ia::\n1\n"), [1])
        self.assertEqual(self.call("w", 1, "", "ia::\n1\n"), [0])  # applied before
        self.redis.hset(namespace_key(self.namespace), "t::", "text")
        self.assertEqual(self.call("w", 2, 1, "it::\n1\nia::\n1\n"), [1, b"t::"])
        self.assertEqual(self.redis.hget(namespace_key(self.namespace), "a::"), b"2")

    def test_seqgap(self):
        self.call("w", 1, "", "ia::\n1\n")
        with self.assertRaisesRegex(Exception, "SEQGAP batch 3 of writer w does not follow 1"):
            self.call("w", 3, 1, "ia::\n1\n")
        # after: a writer Redis forgot continues from what it knows was applied
        self.redis.hdel(writers_key(self.namespace), "w")
        with self.assertRaisesRegex(Exception, "SEQGAP"):
            self.call("w", 3, 1, "ia::\n1\n")
        self.assertEqual(self.call("w", 2, 1, "ia::\n1\n"), [1])
        self.assertEqual(self.redis.hget(namespace_key(self.namespace), "a::"), b"2")

    def test_wrongtype(self):
        self.redis.rpush(writers_key(self.namespace), "x")
        with self.assertRaisesRegex(Exception, "WRONGTYPE the writers key .* holds a list, not a hash"):
            self.call("w", 1, "", "ia::\n1\n")
        self.assertFalse(self.redis.exists(namespace_key(self.namespace)))


if __name__ == "__main__":
    unittest.main()
