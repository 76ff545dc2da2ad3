#!/bin/bash
# family: interpreter
# Byte-compiling a generated package with python3 -m compileall, then importing it.
set -eu
RANDOM=$PG_SEED
mkdir -p pkg$RANDOM/sub && cd pkg*
for i in $(seq 1 $((2 + RANDOM % 25))); do printf 'X%d = %d\ndef f(x):\n    return x * %d\n' $i $RANDOM $i > "m$i.py"; done
touch __init__.py sub/__init__.py
cd .. && python3 -m compileall -q pkg* > /dev/null
python3 -c "import importlib, glob; [importlib.import_module(p.replace('/', '.')[:-3]) for p in glob.glob('pkg*/m*.py')]"
