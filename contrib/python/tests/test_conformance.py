"""The conformance cases of conformance/: this reader renders each exactly as
expected and reports the same skipped fields; every expected output is
accepted by the reference parsers of prometheus_client."""

import base64
import json
import os
import re
import unittest

from instrumentor import REASONS, Limits, decode, process_fields, render_openmetrics, render_text
from instrumentor.fields import encode_labels

from .support import CONFORMANCE, REPO, needs_prometheus_client

REQUIRED = {"format", "description", "rules", "requires", "namespace", "now", "fields", "expected"}
OPTIONAL = {"limits", "keys", "native"}
FEATURES = {"processes"}  # features of later format versions this reader implements (see conformance/README.md)


def load_cases():
    cases = {}
    for name in sorted(os.listdir(CONFORMANCE)):
        if name.endswith(".json"):
            with open(os.path.join(CONFORMANCE, name), encoding="utf-8") as f:
                cases[name[: -len(".json")]] = json.load(f)
    return cases


def entries_of(c, fields):
    """entries_of is what a reader decodes for a case: for a case that requires
    processes, the combined per-process values of its keys first."""
    if "processes" not in c["requires"]:
        return fields
    prefix = "instrumentor:{%s}:" % c["namespace"]
    hash_of = lambda name: [tuple(p) for p in c.get("keys", {}).get(prefix + name, {}).get("fields", [])]
    deadlines = hash_of("processes")
    processes = {w: hash_of("process:" + w) for w, _ in deadlines}
    combined, _ = process_fields(c["now"], deadlines, processes, hash_of("folded"))
    return combined + list(fields)


def raw(x):
    """raw turns a JSON field or value into what Redis holds: text, or bytes given in base64."""
    return base64.b64decode(x["base64"]) if isinstance(x, dict) else x


CASES = load_cases()


class CaseFilesTest(unittest.TestCase):
    def test_there_are_enough_cases(self):
        self.assertGreaterEqual(len(CASES), 60)

    def test_every_case_follows_the_schema(self):
        for name, c in CASES.items():
            with self.subTest(case=name):
                self.assertTrue(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name))
                self.assertEqual(set(c) - OPTIONAL, REQUIRED)
                self.assertEqual(c["format"], 1)
                self.assertIsInstance(c["now"], int)
                self.assertEqual(set(c["expected"]), {"text", "openmetrics", "skipped"})
                for pair in c["fields"]:
                    self.assertEqual(len(pair), 2)
                skipped = [(s["field"], s["reason"]) for s in c["expected"]["skipped"]]
                self.assertEqual(skipped, sorted(skipped, key=lambda s: (s[0].encode("utf-8", "surrogatepass"), s[1])))
                for _, reason in skipped:
                    self.assertIn(reason, REASONS)

    def test_the_reason_codes_are_those_of_the_format_and_each_has_a_case(self):
        with open(os.path.join(REPO, "docs", "format.md"), encoding="utf-8") as f:
            doc = f.read()
        table = doc[doc.index("### The order of the checks") : doc.index("#### Labels grammar")]
        self.assertEqual(tuple(re.findall(r"^\| \d+ \| `([a-z-]+)` \|", table, re.M)), REASONS)
        used = {s["reason"] for c in CASES.values() for s in c["expected"]["skipped"]}
        self.assertEqual(used, set(REASONS))


class ReaderConformanceTest(unittest.TestCase):
    def test_every_case(self):
        ran = 0
        for name, c in CASES.items():
            if set(c["requires"]) - FEATURES:
                continue
            with self.subTest(case=name):
                decoded = decode(entries_of(c, [(raw(f), raw(v)) for f, v in c["fields"]]), c["now"], Limits.from_case(c.get("limits")))
                self.assertEqual(render_text(decoded.families), c["expected"]["text"])
                self.assertEqual(render_openmetrics(decoded.families), c["expected"]["openmetrics"])
                self.assertEqual([{"field": s.field, "reason": s.reason} for s in decoded.skipped], c["expected"]["skipped"])
                for family, series in c.get("native", {}).items():
                    got = next(f for f in decoded.families if f.name == family)
                    self.assertEqual({encode_labels(s.labels): s.native for s in got.series}, series)
                ran += 1
        self.assertEqual(ran, len(CASES))

    def test_the_order_of_the_fields_does_not_matter(self):
        import random

        rng = random.Random(3)
        for name, c in CASES.items():
            if any(isinstance(f, dict) for f, _ in c["fields"]) or name in ("duplicate-fields", "processes-namespace-field-repeated"):
                continue  # these cases are about which of two fields comes first
            fields = [(f, v) for f, v in c["fields"]]
            rng.shuffle(fields)
            with self.subTest(case=name):
                decoded = decode(entries_of(c, fields), c["now"], Limits.from_case(c.get("limits")))
                self.assertEqual(render_text(decoded.families), c["expected"]["text"])


@needs_prometheus_client
class ReferenceParsersTest(unittest.TestCase):
    """Every expected output is accepted by prometheus_client's parsers, and
    also has no repeated series and no label names starting with __ (which
    Prometheus refuses, though the text parser lets them through)."""

    def check(self, families):
        seen = set()
        for family in families:
            for s in family.samples:
                for label in s.labels:
                    self.assertFalse(label.startswith("__"), label)
                key = (s.name, tuple(sorted(s.labels.items())))
                self.assertNotIn(key, seen)
                seen.add(key)

    def test_text_outputs(self):
        from prometheus_client.parser import text_string_to_metric_families

        for name, c in CASES.items():
            with self.subTest(case=name):
                self.check(list(text_string_to_metric_families(c["expected"]["text"])))

    def test_openmetrics_outputs(self):
        from prometheus_client.openmetrics.parser import text_string_to_metric_families

        for name, c in CASES.items():
            with self.subTest(case=name):
                self.check(list(text_string_to_metric_families(c["expected"]["openmetrics"])))

    def test_the_parsers_are_strict_enough_to_matter(self):
        from prometheus_client.openmetrics.parser import text_string_to_metric_families

        with self.assertRaisesRegex(ValueError, "Quantile values cannot be negative"):
            list(text_string_to_metric_families('# TYPE ts_skew_seconds summary\nts_skew_seconds{quantile="0"} -391.56\n# EOF\n'))


if __name__ == "__main__":
    unittest.main()
