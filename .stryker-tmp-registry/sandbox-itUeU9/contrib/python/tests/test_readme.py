"""The examples of contrib/python/README.md run as written."""

import contextlib
import io
import os
import re

from .support import RedisTestCase


class ReadmeTest(RedisTestCase):
    def test_the_examples_run(self):
        with open(os.path.join(os.path.dirname(__file__), "..", "README.md"), encoding="utf-8") as f:
            blocks = re.findall(r"```python\n(.*?)```", f.read(), re.S)
        self.assertEqual(len(blocks), 2)
        scope = {}
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            for code in blocks:
                exec(code.replace('"shop"', repr(self.namespace)), scope)
        self.assertEqual(scope["refused"], [])
        text = out.getvalue()
        self.assertIn('http_requests_total{code="500",method="POST"} 2\n', text)
        self.assertIn('temperature_celsius{room="lab"} 22\n', text)
        self.assertIn('rpc_duration_seconds_bucket{service="auth",le="0.5"} 1\n', text)
        self.assertIn("# EOF\n", text)
