#!/bin/bash
# family: build
# A small C project: generated sources, a Makefile, a parallel build, a run, a clean.
set -eu
RANDOM=$PG_SEED
n=$((2 + RANDOM % 6))
mkdir -p "proj$RANDOM" && cd proj*
for i in $(seq 1 $n); do
  printf 'int f%d(int x) { int s = 0; for (int i = 0; i < x * %d; i++) s += i %% 7; return s; }\n' "$i" "$RANDOM" > "f$i.c"
done
{ echo '#include <stdio.h>'; for i in $(seq 1 $n); do echo "int f$i(int);"; done
  echo 'int main(void) { long t = 0;'; for i in $(seq 1 $n); do echo "t += f$i($((RANDOM % 500)));"; done
  echo 'printf("%ld\n", t); return 0; }'; } > main.c
opt=$(( RANDOM % 3 ))
printf 'CFLAGS=-O%d -Wall\nOBJS=$(patsubst %%.c,%%.o,$(wildcard *.c))\napp: $(OBJS)\n\t$(CC) -o $@ $^\nclean:\n\trm -f app *.o\n' "$opt" > Makefile
make -s -j2
./app > out.txt
[ $((RANDOM % 2)) -eq 0 ] && make -s clean
exit 0
