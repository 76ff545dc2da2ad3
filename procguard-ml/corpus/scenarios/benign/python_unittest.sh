#!/bin/bash
# family: interpreter
# A small package and its unittest suite, run with python3 -m unittest.
set -eu
RANDOM=$PG_SEED
mkdir -p calc tests
cat > calc/__init__.py <<'PY'
def add(a, b): return a + b
def mean(xs): return sum(xs) / len(xs)
PY
touch tests/__init__.py
for i in $(seq 1 $((1 + RANDOM % 6))); do
  r=$RANDOM n=$((RANDOM % 1000))
  cat > tests/test_calc$i.py <<PY
import unittest, tempfile, os
from calc import add, mean
class Calc$i(unittest.TestCase):
    def test_add(self): self.assertEqual(add($i, $r), $i + $r)
    def test_mean(self): self.assertAlmostEqual(mean([1, 2, 3, $i]), (6 + $i) / 4)
    def test_tmpfile(self):
        with tempfile.NamedTemporaryFile("w+") as f:
            f.write("x" * $n); f.flush(); self.assertTrue(os.path.getsize(f.name) >= 0)
PY
done
python3 -m unittest discover -q -s tests -t . 2>/dev/null
