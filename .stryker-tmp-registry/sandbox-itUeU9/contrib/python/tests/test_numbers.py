import math
import unittest

from instrumentor.numbers import format_number, is_whole, js_string, parse_number


class ParseNumberTest(unittest.TestCase):
    def test_accepts_the_grammar(self):
        cases = {
            "3": 3.0, "-12": -12.0, "+5": 5.0, "007": 7.0, "1.": 1.0, ".5": 0.5, "1E3": 1000.0, "1e-7": 1e-7,
            "0.30000000000000004": 0.30000000000000004, "1500000000000000000000": 1.5e21,
            "46235.31790000000000163": 46235.3179, "1e400": math.inf, "-1e400": -math.inf, "1e-400": 0.0,
            "inf": math.inf, "+Inf": math.inf, "-INF": -math.inf, "iNf": math.inf,
        }
        for text, want in cases.items():
            with self.subTest(text=text):
                self.assertEqual(parse_number(text), want)
        self.assertTrue(math.isnan(parse_number("NaN")))
        self.assertTrue(math.isnan(parse_number("nan")))
        self.assertEqual(math.copysign(1, parse_number("-0")), -1)

    def test_refuses_everything_else(self):
        for text in ["Infinity", "-Infinity", "infinity", "0x10", "1_000", " 1", "1 ", "", "1e", ".", "+", "-", "+nan", "-nan",
                     "abc", "\u0661", "1,5", "0b1", "1e+", "e5", "1..2", "\uff11", "1\n"]:
            with self.subTest(text=text):
                self.assertIsNone(parse_number(text))

    def test_is_whole(self):
        self.assertTrue(is_whole(3.0))
        self.assertTrue(is_whole(1.5e21))
        self.assertFalse(is_whole(1.5))
        self.assertFalse(is_whole(math.inf))
        self.assertFalse(is_whole(math.nan))


class FormatNumberTest(unittest.TestCase):
    def test_spells_as_ecmascript(self):
        cases = {
            1.0: "1", 100.0: "100", 0.1: "0.1", 2.5: "2.5", 1e21: "1e+21", 1.5e21: "1.5e+21", 1e20: "100000000000000000000",
            1e-6: "0.000001", 1e-7: "1e-7", 1.23e-18: "1.23e-18", 5e-324: "5e-324", 1.7976931348623157e308: "1.7976931348623157e+308",
            1796149945.156: "1796149945.156", 12345678901234567890.0: "12345678901234567000", 1e16: "10000000000000000",
            -0.25: "-0.25", -1e-6: "-0.000001", 0.30000000000000004: "0.30000000000000004", 123456789.12345679: "123456789.12345679",
        }
        for x, want in cases.items():
            with self.subTest(x=x):
                self.assertEqual(format_number(x), want)

    def test_special_values(self):
        self.assertEqual(format_number(math.inf), "+Inf")
        self.assertEqual(format_number(-math.inf), "-Inf")
        self.assertEqual(format_number(math.nan), "NaN")
        self.assertEqual(format_number(-0.0), "0")
        self.assertEqual(format_number(0.0), "0")

    def test_round_trips(self):
        import random

        rng = random.Random(7)
        for _ in range(20000):
            x = rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30)
            if x == 0:
                continue
            self.assertEqual(parse_number(format_number(x)), x)

    def test_js_string_of_label_values(self):
        self.assertEqual(js_string(3), "3")
        self.assertEqual(js_string(2**60), "1152921504606847000")  # as String(2 ** 60) in JavaScript
        self.assertEqual(js_string(0.5), "0.5")
        self.assertEqual(js_string(math.inf), "Infinity")
        self.assertEqual(js_string(1e21), "1e+21")


if __name__ == "__main__":
    unittest.main()
