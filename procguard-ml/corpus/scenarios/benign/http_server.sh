#!/bin/bash
# family: server
# A loopback web server answering curl and python requests.
set -eu
RANDOM=$PG_SEED
mkdir -p www && for i in $(seq 1 $((1 + RANDOM % 10))); do head -c $((RANDOM % 20000)) /dev/zero | tr '\0' 'a' > "www/p$i.html"; done
port=$((20000 + RANDOM % 20000))
python3 -m http.server --bind 127.0.0.1 --directory www "$port" > server.log 2>&1 &
srv=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
for i in $(seq 1 $((2 + RANDOM % 15))); do curl -s -o /dev/null "http://127.0.0.1:$port/p$((1 + RANDOM % 3)).html"; done
python3 - "$port" <<'PY'
import sys, urllib.request
for i in range(5):
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/").read()
PY
kill $srv; wait $srv || true
