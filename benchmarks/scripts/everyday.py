#!/usr/bin/python3
"""False alarms on everyday commands: runs a fixed list of administration and development command lines under
``procguard run`` with the bundled model and prints every process that did not end BENIGN.

Each command line runs in its own private working directory (``mkdtemp``, 0700, under ``--base``, default
``/root`` when it exists: under /tmp running what one just wrote is ``ind.staged_exec`` by design), with
``--no-shm`` and per-process logs in a private directory; everything is removed afterwards. The commands read
the system and write only into their working directory; none changes accounts, packages or files outside it.
Command lines are argv lists; the few ``sh -c`` strings are this file's own, never user input.

    sudo /usr/bin/python3 benchmarks/scripts/everyday.py                 # every command line
    sudo /usr/bin/python3 benchmarks/scripts/everyday.py --only grep cp  # those whose text holds a word
    sudo /usr/bin/python3 benchmarks/scripts/everyday.py --list

Output: one line per command line (OK or ALARM, the exit code, the number of processes), and under an ALARM
each flagged process with its score and its top reasons. Exit status 1 when any command line alarmed. The
evidence of a line that is not as expected is kept for diagnosis (``--keep``, default on): its per-process logs,
its status lines and every parsed event per process (``--json-dir``), in a private directory whose path is printed.
Built from sessions 10 and 11's sweeps (benchmarks/README.md and procguard-ml/FEATURES.md, "Schema 14" and "Schema
15"): the commands below ended BENIGN with the schema-15 models except those marked ``expected`` (flagged by design).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.path.join(REPO, "procguard")

# (argv, expected): expected names the rule that flags it by design, None when it must end BENIGN
COMMANDS = [
    (["journalctl", "-n", "50", "--no-pager"], None),
    (["dmesg"], None),
    (["lsof", "-n"], None),
    (["ldconfig", "-p"], None),
    (["update-alternatives", "--display", "editor"], None),
    (["sh", "-c", "openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem -subj /CN=x -days 1"
      " 2>/dev/null && openssl x509 -in c.pem -noout -subject"], None),
    (["sh", "-c", "export GNUPGHOME=$(mktemp -d); gpg --batch --list-keys 2>/dev/null; rm -rf \"$GNUPGHOME\""], None),
    (["sqlite3", "t.db", "create table t(x); insert into t values(1); select count(*) from t;"], None),
    (["sh", "-c", "cp -r /etc/skel sk && zip -qr sk.zip sk && unzip -qo sk.zip -d un && xz -kf sk.zip && bzip2 -kf sk.zip"],
     None),
    (["perl", "-e", "opendir(D,'/etc'); my @f = readdir(D); print scalar(@f), qq(\\n);"], None),
    (["node", "-e", "console.log(require('fs').readdirSync('/etc').length)"], None),
    (["grep", "-r", "-l", "PermitRootLogin", "/etc"], None),
    (["cp", "-a", "/etc", "etc.bak"], None),
    (["find", "/etc", "-name", "*.conf", "-newer", "/etc/hostname"], None),
    (["chage", "-l", "root"], None),
    (["su", "nobody", "-s", "/bin/sh", "-c", "id"], None),
    (["last", "-n", "5"], None),
    (["w"], None),
    (["findmnt"], None),
    (["lsblk"], None),
    (["python3", "-c", "import ssl, json, sqlite3, subprocess; print(subprocess.run(['uname', '-a'],"
      " capture_output=True).returncode)"], None),
    (["sh", "-c", "ps -eo pid,comm | wc -l; cat /proc/loadavg; free -m; uptime"], None),
    (["ip", "-s", "link"], None),
    (["ss", "-tlnp"], None),
    (["sh", "-c", "dpkg -l | wc -l; apt-cache policy bash | head -3"], None),
    (["sh", "-c", "sha256sum /usr/bin/* > /dev/null 2>&1; echo done"], None),
    (["sh", "-c", "mkdir -p dots && cp /etc/skel/.bashrc dots/ && cd dots && git init -q && git add . && git -c"
      " user.email=a@b -c user.name=a commit -qm x && cd .. && git clone -q dots dots2"], None),
    (["sh", "-c", "cp /etc/hosts hosts.bak && sed -i 's/localhost/localhost/' hosts.bak && diff /etc/hosts hosts.bak"],
     None),
    (["logger", "-t", "procguard-everyday", "hello"], None),
    (["sh", "-c", "printf 'int main(){return 0;}' > c.c && printf 'all: c\\nc: c.c\\n\\tcc -o c c.c\\n' > Makefile"
      " && make -s && ./c"], None),
    (["sh", "-c", "ln -sf /usr/bin/python3 py && ./py -c 'print(1)'"], None),
    (["sh", "-c", "python3 -m venv v && ./v/bin/python -c 'import sys; print(sys.prefix)'"], None),
    (["sh", "-c", "tar czf etc.tgz -C / etc/hostname etc/hosts && mkdir x && tar xzf etc.tgz -C x && ls -R x"], None),
    (["sh", "-c", "ssh-keygen -q -t ed25519 -N '' -f k && ssh-keygen -l -f k.pub > /dev/null"], None),
    (["sh", "-c", "for i in 1 2 3 4 5 6 7 8; do (sleep 0.1; echo $i) & done; wait"], None),
    (["sh", "-c", "printf 'public class H { public static void main(String[] a) { System.out.println(1); } }' > H.java"
      " && javac H.java && java -cp . H"], None),
    (["sh", "-c", "mkdir -p t && printf 'import unittest\\nclass T(unittest.TestCase):\\n    def test_a(self):\\n"
      "        self.assertEqual(1, 1)\\n' > t/test_a.py && python3 -m unittest discover -s t -q"], None),
    (["sh", "-c", "printf 'int f(){return 1;}' > a.c && cc -O2 -c a.c && ar rcs liba.a a.o && printf"
      " 'int f();int main(){return f()-1;}' > m.c && cc m.c -L. -la -o m && ./m"], None),
    (["sh", "-c", "git init -q r && cd r && for i in 1 2 3 4 5 6 7 8; do echo $i > f$i; git add f$i; git -c"
      " user.email=a@b -c user.name=a commit -qm c$i; done && git gc -q && git log --oneline | wc -l"], None),
    (["sh", "-c", "mkdir -p src && for i in 1 2 3 4 5 6 7 8 9 10; do echo \"old $i\" > src/f$i.txt; done"
      " && perl -pi -e 's/old/new/' src/*.txt && find src -name '*.txt' -delete"], None),
    (["sh", "-c", "openssl rand -hex 16; openssl enc -aes-256-cbc -pbkdf2 -pass pass:x -in /etc/hostname -out h.enc"
      " && openssl enc -d -aes-256-cbc -pbkdf2 -pass pass:x -in h.enc"], None),
    (["sh", "-c", "python3 -m http.server 18777 --bind 127.0.0.1 >/dev/null 2>&1 & p=$!; sleep 1;"
      " curl -s -o page.html http://127.0.0.1:18777/; kill $p; wc -c < page.html"], None),
    # session 11's sweep (FEATURES.md "Schema 15"); a program that is not installed fails without an alarm
    (["psql", "--version"], None),
    (["sh", "-c", "docker ps 2>&1 | head -1; true"], None),
    (["sh", "-c", "export GNUPGHOME=$(mktemp -d); gpg --batch --passphrase '' --quick-gen-key 'T <t@e>' ed25519"
      " 2>/dev/null; gpg --batch --list-secret-keys | wc -l; rm -rf \"$GNUPGHOME\""], None),
    (["getcap", "-r", "/usr/bin"], None),
    (["gdb", "-q", "-batch", "-ex", "run", "--args", "/bin/true"], None),
    (["man", "-P", "cat", "ls"], None),
    (["top", "-b", "-n", "1"], None),
    (["sh", "-c", "printf 'cmake_minimum_required(VERSION 3.10)\\nproject(h C)\\nadd_executable(h h.c)\\n' > CMakeLists.txt"
      " && printf 'int main(){return 0;}' > h.c && cmake -S . -B b >/dev/null && cmake --build b >/dev/null && ./b/h"], None),
    (["sh", "-c", "printf 'hello\\n' > f.txt && vim -es -c '%s/hello/bye/' -c 'wq' f.txt && cat f.txt"], None),
    (["sh", "-c", "tar czf ssh.tgz -C /root .ssh 2>/dev/null; tar czf etc.tgz /etc 2>/dev/null; ls | wc -l"], None),
    # session 12: chmod +x of a script one wrote (not run) was SUSPICIOUS 0.38, the forest alone (no indicator)
    (["sh", "-c", "printf '#!/bin/sh\\necho hi\\n' > deploy.sh && chmod +x deploy.sh && chmod 755 deploy.sh && ls -l deploy.sh"],
     None),
    # session 13: an interactive bash trimming its history to HISTFILESIZE at exit was SUSPICIOUS 0.98 (ind.log_tamper)
    (["sh", "-c", "printf 'l1\\nl2\\nl3\\n' > hist && printf 'echo one\\n' > cmds && HISTFILE=$PWD/hist HISTFILESIZE=2"
      " exec bash -i < cmds > /dev/null 2>&1"], None),
    # flagged by design (procguard-ml/FEATURES.md)
    (["cat", "/etc/shadow"], "ind.credential_read"),
    (["perl", "-e", "@p = getpwnam('root'); print length($p[1]), qq(\\n)"],
     "ind.credential_read: Perl's getpwnam as root reads the shadow entry, and perl -e is no installed program"),
    (["find", "/usr/bin", "-perm", "-4000"], "ind.recon: find hunting setuid files"),
    (["sh", "-c", "printf '#!/bin/sh\\necho hi\\n' > helper && chmod +x helper && ./helper"],
     "ind.staged_exec: running what the family just wrote"),
    (["sh", "-c", "(echo > /dev/tcp/127.0.0.1/1) 2>/dev/null; true"], "ind.encoded_command: /dev/tcp in argv"),
    (["sh", "-c", "printf 'ls\\n' > .bash_history && : > .bash_history"], "ind.log_tamper: a script emptying a history"),
    (["sh", "-c", "python3 -m http.server 18778 --bind 127.0.0.1 >/dev/null 2>&1 & p=$!; sleep 1; printf 'echo hi\\n' > s.sh;"
      " curl -s http://127.0.0.1:18778/s.sh | sh; kill $p"], "ind.staged_exec: a script run straight from the network"),
]

FLAGGED = ("SUSPICIOUS", "MALICIOUS")


def run(argv, base):
    """Runs one command line under procguard; returns (exit code, processes seen, flagged status records, the
    private directory holding its logs, status lines and events: the caller keeps or removes it)."""
    work = tempfile.mkdtemp(prefix="pg-everyday-", dir=base)
    logs = tempfile.mkdtemp(prefix="pg-everyday-evidence-")
    status = os.path.join(logs, "status.jsonl")
    try:
        r = subprocess.run([LAUNCHER, "run", "--quiet", "--no-shm", "--log-dir", os.path.join(logs, "logs"),
                            "--json-dir", os.path.join(logs, "events"), "--json-out", status, "--"] + argv, cwd=work,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
        last = {}
        if os.path.exists(status):
            with open(status, encoding="utf-8") as f:
                for line in f:
                    record = json.loads(line)
                    last[record["pid"]] = record
        return r.returncode, len(last), [o for o in last.values() if o.get("status") in FLAGGED], logs
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", default="/root" if os.path.isdir("/root") else None,
                   help="where the private working directories go (default /root)")
    p.add_argument("--only", nargs="+", metavar="WORD", help="only command lines whose text holds one of these words")
    p.add_argument("--list", action="store_true", help="print the command lines and exit")
    p.add_argument("--no-keep", dest="keep", action="store_false",
                   help="remove the evidence of lines that are not as expected too")
    args = p.parse_args()
    commands = [(argv, expected) for argv, expected in COMMANDS
                if not args.only or any(w in " ".join(argv) for w in args.only)]
    if args.list:
        for argv, expected in commands:
            print(json.dumps(argv) + ("" if expected is None else "   # expected: " + expected))
        return 0
    if os.geteuid() != 0:
        print("everyday.py: run as root (procguard run traces with strace as root)", file=sys.stderr)
        return 2
    surprises = 0
    for argv, expected in commands:
        code, n, flagged, evidence = run(argv, args.base)
        text = " ".join(argv)
        surprise = not flagged if expected is not None else bool(flagged)
        if expected is not None:
            verdict = "FLAGGED (expected)" if flagged else "MISSED (expected: " + expected + ")"
        else:
            verdict = "ALARM" if flagged else "OK"
        surprises += 1 if surprise else 0
        print(f"{verdict:<19} exit {code:>3}  processes {n:>3}  {text[:100]}")
        for o in flagged:
            reasons = " | ".join(r.split(":")[0] for r in o.get("reasons", [])[:3])
            print(f"    pid {o['pid']} {o['status']} {o.get('score', 0):.3f} {o.get('exe') or o.get('comm')}: {reasons}")
        if surprise and args.keep:
            print(f"    evidence kept in {evidence} (logs/, events/, status.jsonl)")
        else:
            shutil.rmtree(evidence, ignore_errors=True)
        sys.stdout.flush()
    print(f"\n{len(commands)} command lines, {surprises} not as expected")
    return 1 if surprises else 0


if __name__ == "__main__":
    sys.exit(main())
