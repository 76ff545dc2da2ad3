#!/bin/bash
# family: network-client
# needs: http
# Fetching data from a (loopback) web service with curl and wget, then reading it.
set -eu
RANDOM=$PG_SEED
for i in $(seq 1 $((1 + RANDOM % 5))); do
  curl -s -o "data$i.json" "http://127.0.0.1:$PG_HTTP_PORT/data.json?i=$i"
done
wget -q -O page.html "http://127.0.0.1:$PG_HTTP_PORT/data.json" || true
python3 -c 'import json,sys; [json.load(open(f)) for f in sys.argv[1:]]' data*.json
curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PG_HTTP_PORT/missing" > /dev/null
