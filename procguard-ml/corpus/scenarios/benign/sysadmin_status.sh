#!/bin/bash
# family: sysadmin
# The usual health check: ps, top, free, df, uptime, ss, ip, who, /proc reads.
set -eu
RANDOM=$PG_SEED
ps -eo pid,user,comm,stat > /dev/null
ps -eo pid,comm,rss --sort=-rss | head -5 > /dev/null
top -b -n1 | head -15 > /dev/null
free -m > /dev/null; df -h > /dev/null 2>&1 || true; uptime > /dev/null
ss -tlnp > /dev/null 2>&1 || true
ip -br addr > /dev/null
cat /proc/loadavg /proc/meminfo > /dev/null
[ $((RANDOM % 2)) -eq 0 ] && { uname -a; hostname; } > /dev/null
who > /dev/null || true
