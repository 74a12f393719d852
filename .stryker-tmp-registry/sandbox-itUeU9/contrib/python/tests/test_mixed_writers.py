"""Python and Node processes write the same series of one namespace at the
same time; the totals in Redis are exact."""

import json
import os
import subprocess
import sys
import time
import unittest

from instrumentor import namespace_key, read_namespace, render_text

from .support import REPO, RedisTestCase, namespace_keys, node_command

ROUNDS = 60
WRITERS = 3  # of each language


class MixedWritersTest(RedisTestCase):
    def test_python_and_node_writers_on_one_series_give_exact_totals(self):
        node = node_command()
        if node is None:
            if os.environ.get("CI") == "true":
                self.fail("node and the repository's tsx are needed (npm ci)")
            raise unittest.SkipTest("node or the repository's tsx is missing (run npm ci)")
        env = dict(os.environ)
        barrier = namespace_keys(self.namespace)[0] + ":test-barrier"
        self.addCleanup(lambda: self.redis.delete(barrier))
        fixture = os.path.join(REPO, "spec", "contrib", "mixedWriter.fixture.ts")
        python_writer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mixed_writer.py")
        started = time.monotonic()
        procs = []
        for k in range(WRITERS):
            procs.append(subprocess.Popen(node + [fixture, self.namespace, str(ROUNDS), str(2 * k), str(2 * WRITERS)], cwd=REPO, env=env,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
            procs.append(subprocess.Popen([sys.executable, python_writer, self.namespace, str(ROUNDS), str(2 * k + 1), str(2 * WRITERS)], env=env,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        reports = []
        for p in procs:
            out, err = p.communicate(timeout=120)
            self.assertEqual(p.returncode, 0, err)
            reports.append(json.loads(out.strip().splitlines()[-1]))
        elapsed = time.monotonic() - started
        self.assertTrue(all(r["ok"] for r in reports))
        # the two languages really wrote at the same time: every Node writer overlaps every Python writer
        node_reports, python_reports = reports[0::2], reports[1::2]
        for n in node_reports:
            for p in python_reports:
                self.assertLess(max(n["startMs"], p["startMs"]), min(n["endMs"], p["endMs"]))

        total = {k: sum(r[k] for r in reports) for k in ("count", "amount", "sum", "le1", "le10", "level")}
        fields = {k.decode(): v.decode() for k, v in self.redis.hgetall(namespace_key(self.namespace)).items()}
        self.assertEqual(float(fields['mixed_jobs_total::kind="shared"']), total["amount"])
        self.assertEqual(int(fields["mixed_seconds:c:"]), total["count"])
        self.assertEqual(float(fields["mixed_seconds:s:"]), total["sum"])
        self.assertEqual(int(fields['mixed_seconds:b:le="1"']), total["le1"])
        self.assertEqual(int(fields['mixed_seconds:b:le="10"']), total["le10"])
        self.assertEqual(int(fields['mixed_seconds:b:le="+Inf"']), total["count"])
        self.assertEqual(float(fields["mixed_level::"]), 100 + total["level"])
        decoded = read_namespace(self.redis, self.namespace)
        self.assertEqual(decoded.skipped, [])
        text = render_text(decoded.families)
        self.assertIn("mixed_seconds_count %d\n" % total["count"], text)
        print(
            "\n    mixed writers: %d Node + %d Python processes, %d observations, %d flushes, counter %s, gauge %s, %.1f s"
            % (WRITERS, WRITERS, total["count"], 2 * WRITERS * ROUNDS, fields['mixed_jobs_total::kind="shared"'],
               fields["mixed_level::"], elapsed),
            file=sys.stderr,
        )


if __name__ == "__main__":
    unittest.main()
