#!/bin/bash
# family: fork-bomb
# user: nobody
# timeout: 90
# actors: bash
# The classic shell bomb, bounded: each call spawns two background copies of itself down to a depth.
RANDOM=$PG_SEED
bomb() { [ "$1" -gt 0 ] || { sleep 0.$((RANDOM % 3)); return; }; bomb $(( $1 - 1 )) & bomb $(( $1 - 1 )) & wait; }
bomb $((4 + RANDOM % 3)) 2>/dev/null
exit 0
