#!/bin/bash
# family: jvm
# JVM start-up: java -version, sometimes a single-file program or javac + run.
set -eu
RANDOM=$PG_SEED
case $((RANDOM % 3)) in
  0) java -version 2>&1 | head -1 ;;
  1) printf 'public class Hello%d { public static void main(String[] a) { long s = 0; for (int i = 0; i < %d; i++) s += i; System.out.println(s); } }\n' "$RANDOM" "$((RANDOM * 100))" > Hello.java
     cls=$(grep -o 'Hello[0-9]*' Hello.java | head -1); mv Hello.java "$cls.java"; java -Xmx64m "$cls.java" ;;
  2) mkdir -p src out; printf 'import java.nio.file.*; public class App { public static void main(String[] a) throws Exception { System.out.println(Files.readAllLines(Path.of("/etc/hostname")).size() + %d); } }\n' "$RANDOM" > src/App.java
     javac -d out src/App.java && java -Xmx64m -cp out App ;;
esac
