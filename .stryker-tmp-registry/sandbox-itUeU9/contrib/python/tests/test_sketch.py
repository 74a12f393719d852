import math
import re
import unittest

from instrumentor.numbers import format_number
from instrumentor.sketch import cell_value, power, quantile_rank, quantiles

from .support import REPO


def doc_vectors():
    """The test vectors of docs/format.md ("Value of a cell")."""
    with open(REPO + "/docs/format.md", encoding="utf-8") as f:
        doc = f.read()
    section = doc[doc.index("#### Value of a cell") : doc.index("#### Quantiles")]
    return [(float(a), int(k), v) for a, k, v in re.findall(r"^\| ([0-9.]+) \| (-?[0-9]+) \| `([^`]+)` \|$", section, re.M)]


class CellValueTest(unittest.TestCase):
    def test_the_vectors_of_the_format(self):
        vectors = doc_vectors()
        self.assertGreaterEqual(len(vectors), 10)
        for a, k, want in vectors:
            with self.subTest(a=a, k=k):
                self.assertEqual(format_number(cell_value(a, k)), want)

    def test_power_is_binary_exponentiation(self):
        self.assertEqual(power(2.0, 0), 1.0)
        self.assertEqual(power(2.0, 10), 1024.0)
        g = 1.01 / 0.99
        self.assertEqual(power(g, 5), (((g * g) * (g * g)) * g))
        self.assertEqual(power(g, 40000), math.inf)

    def test_values_stay_finite_and_signed(self):
        self.assertEqual(cell_value(0.01, 4194303), 1.7976931348623157e308)
        self.assertEqual(cell_value(0.01, -4194303), 5e-324)

    def test_every_value_of_a_cell_is_within_a(self):
        a = 0.01
        g = (1 + a) / (1 - a)
        for v in [1e-9, 0.003, 0.25, 1, 99.9, 1e12]:
            k = math.ceil(math.log(v) / math.log(g))
            self.assertLessEqual(abs(cell_value(a, k) - v), a * v * (1 + 1e-9))


class QuantileTest(unittest.TestCase):
    def test_nearest_rank(self):
        self.assertEqual(quantile_rank(0.07, 100), 7)
        self.assertEqual(quantile_rank(0, 10), 1)
        self.assertEqual(quantile_rank(1, 10), 10)
        self.assertEqual(quantile_rank(0.5, 7), 4)

    def test_empty_cells_give_nan(self):
        self.assertTrue(all(math.isnan(v) for v in quantiles([], [0.5, 0.9], 0.01, 2048)))

    def test_collapse_lowest(self):
        cells = [(8388608 + k, 1.0) for k in (0, 35, 55, 70, 81)]
        self.assertEqual(quantiles(cells, [0, 1], 0.01, 2), [cell_value(0.01, 70), cell_value(0.01, 81)])


if __name__ == "__main__":
    unittest.main()
