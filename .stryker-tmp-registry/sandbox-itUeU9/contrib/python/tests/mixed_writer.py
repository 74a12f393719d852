"""A Python writer of the mixed-writer test: the same recording as
spec/contrib/mixedWriter.fixture.ts, through this package, then what it
recorded as JSON. All writers start together (see the barrier)."""

import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import redis  # noqa: E402

from instrumentor import Registry  # noqa: E402


def barrier(client, namespace, writers):
    key = "instrumentor:{%s}:test-barrier" % namespace
    client.incr(key)
    while int(client.get(key)) < writers:
        time.sleep(0.005)


def main(namespace, rounds, seed, writers):
    client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379"))
    registry = Registry(client, namespace)
    jobs = registry.counter("mixed_jobs_total", "Jobs", labels=("kind",)).labels(kind="shared")
    level = registry.gauge("mixed_level", "Level", start_value=100)
    seconds = registry.histogram("mixed_seconds", "Seconds", buckets=(1, 10))
    done = {"count": 0, "amount": 0.0, "sum": 0.0, "le1": 0, "le10": 0, "level": 0.0}
    barrier(client, namespace, writers)
    done["startMs"] = time.time_ns() // 1_000_000
    for r in range(rounds):
        n = 1 + ((r * 7 + seed) % 17)
        for i in range(n):
            amount = (i % 3) + 0.5
            jobs.inc(amount)
            v = ((i * 5 + seed) % 24) / 2
            seconds.observe(v)
            level.inc(1.5 if i % 2 == 0 else -1)
            done["count"] += 1
            done["amount"] += amount
            done["sum"] += v
            done["le1"] += v <= 1
            done["le10"] += v <= 10
            done["level"] += 1.5 if i % 2 == 0 else -1
        registry.flush()
        time.sleep(0.002)
    done["endMs"] = time.time_ns() // 1_000_000
    done["ok"] = registry.pending_batches == 0
    print(json.dumps(done))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
