"""Shared helpers of the tests: the repository's paths, the shared Redis
(REDIS_URL, default redis://127.0.0.1:6379) and namespaces of our own."""

import os
import secrets
import shutil
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CONFORMANCE = os.path.join(REPO, "conformance")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")

try:
    import redis
except ImportError:  # pragma: no cover - reported by the skip
    redis = None

try:
    import prometheus_client  # noqa: F401

    HAVE_PROMETHEUS_CLIENT = True
except ImportError:  # pragma: no cover
    HAVE_PROMETHEUS_CLIENT = False

needs_redis_module = unittest.skipIf(redis is None, "the redis module is not installed (apt-get install python3-redis)")
needs_prometheus_client = unittest.skipIf(
    not HAVE_PROMETHEUS_CLIENT, "prometheus_client is not installed (apt-get install python3-prometheus-client)"
)


def unique_namespace(prefix="py"):
    return "%s-%d-%s" % (prefix, os.getpid(), secrets.token_hex(4))


def namespace_keys(namespace):
    from instrumentor import namespace_key, seen_key, writers_key

    return [namespace_key(namespace), writers_key(namespace), seen_key(namespace)]


class RedisTestCase(unittest.TestCase):
    """RedisTestCase gives each test a fresh namespace on the shared Redis
    and deletes that namespace's keys (only those) afterwards."""

    decode_responses = False

    @classmethod
    def setUpClass(cls):
        if redis is None:
            raise unittest.SkipTest("the redis module is not installed (apt-get install python3-redis)")
        cls.redis = redis.Redis.from_url(REDIS_URL, decode_responses=cls.decode_responses)
        cls.redis.ping()

    @classmethod
    def tearDownClass(cls):
        cls.redis.close()

    def setUp(self):
        self.namespace = unique_namespace()
        self.addCleanup(lambda: self.redis.delete(*namespace_keys(self.namespace)))


def node_command():
    """node_command is how to run a TypeScript file of the repository with
    its tsx, or None when node or tsx is missing."""
    node = os.environ.get("INSTRUMENTOR_NODE") or shutil.which("node")
    if node is None or not os.path.isdir(os.path.join(REPO, "node_modules", "tsx")):
        return None
    return [node, "--import", "tsx"]
