import unittest

from instrumentor.fields import Skip, check_label_names, encode_labels, escape_label_value, parse_labels, split_field
from instrumentor.ops import Ops, decode_ops


class LabelsTest(unittest.TestCase):
    def test_encode_sorts_escapes_and_drops_empty_values(self):
        self.assertEqual(encode_labels([("b", "2"), ("a", "1")]), 'a="1",b="2"')
        self.assertEqual(encode_labels([("a", ""), ("b", "x")]), 'b="x"')
        self.assertEqual(encode_labels([("p", 'C:\\d "q"\nz')]), 'p="C:\\\\d \\"q\\"\\nz"')
        self.assertEqual(escape_label_value("a,b:c=d{e}"), "a,b:c=d{e}")

    def test_parse_reverses_encode(self):
        pairs = [("a", 'x\\y"z\n,:={}'), ("b", "caf\u00e9 \U0001f600")]
        self.assertEqual(parse_labels(encode_labels(pairs)), pairs)
        self.assertEqual(parse_labels(""), [])

    def test_parse_refuses_broken_grammar(self):
        for text in ['a', 'a=1', 'a="1', 'a="1",', 'a="\\q"', 'a="1"b="2"', 'a="1\\"', 'a="1\\']:
            with self.subTest(text=text):
                with self.assertRaises(Skip) as e:
                    parse_labels(text)
                self.assertEqual(e.exception.reason, "invalid-labels")

    def test_name_checks_in_order(self):
        def reason(text, ext=""):
            try:
                check_label_names(parse_labels(text), ext)
            except Skip as e:
                return e.reason
            return None

        self.assertIsNone(reason('a="1",b="2"'))
        self.assertEqual(reason('1a="1"'), "invalid-label-name")
        self.assertEqual(reason('__name__="x"'), "reserved-label-name")
        self.assertIsNone(reason('__cell="1",__until="2"', "p"))
        self.assertEqual(reason('__cell="1"', "s"), "reserved-label-name")
        self.assertEqual(reason('le="1"'), "misplaced-label")
        self.assertIsNone(reason('le="1"', "b"))
        self.assertEqual(reason('quantile="1"', "b"), "misplaced-label")
        self.assertEqual(reason('a="1",a="2"'), "repeated-label")
        self.assertEqual(reason('b="1",a="2"'), "unsorted-labels")
        self.assertEqual(reason('a="1",__z="2",1b="3"'), "reserved-label-name")

    def test_split_field(self):
        self.assertEqual(split_field('x:b:le="1"'), ("x", "b", 'le="1"'))
        self.assertEqual(split_field("x::"), ("x", "", ""))
        for field, reason in [("x", "invalid-field"), ("x:", "invalid-field"), ("1x::", "invalid-metric-name"),
                              ("_total::", "invalid-metric-name"), ("x:e:", "unknown-extension")]:
            with self.subTest(field=field):
                with self.assertRaises(Skip) as e:
                    split_field(field)
                self.assertEqual(e.exception.reason, reason)


class OpsTest(unittest.TestCase):
    def test_records_and_batches(self):
        ops = Ops(per_batch=2)
        ops.incr('x::a="1"', 3)
        ops.incr("x:s:", 0.25)
        ops.incr("x:c:", 2.0)
        ops.set("x:d:", "two\nlines \\ back")
        ops.set_if_absent("g::", 20)
        ops.remove("y::")
        batches = ops.sealed()
        self.assertEqual(batches, ['ix::a="1"\n3\nfx:s:\n0.25\n', "ix:c:\n2\nsx:d:\ntwo\\nlines \\\\ back\n", "ng::\n20\nxy::\n\n"])
        records = [r for b in batches for r in decode_ops(b)]
        self.assertEqual(records[3], ("s", "x:d:", "two\nlines \\ back"))

    def test_float_and_huge_deltas_go_by_hincrbyfloat(self):
        ops = Ops()
        ops.incr("a::", 2**53)
        ops.incr("b::", 1e-20)
        ops.incr("c::", -1.5)
        self.assertEqual(ops.sealed(), ["fa::\n9007199254740992\nfb::\n1e-20\nfc::\n-1.5\n"])

    def test_refuses_a_line_feed_in_a_field(self):
        with self.assertRaises(ValueError):
            Ops().incr("x::\n", 1)

    def test_decode_refuses_an_unterminated_record(self):
        with self.assertRaises(ValueError):
            decode_ops("ix::\n1")


if __name__ == "__main__":
    unittest.main()
