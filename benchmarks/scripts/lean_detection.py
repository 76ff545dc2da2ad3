#!/usr/bin/python3
"""Lean mode's effect on detection: runs the ML corpus's scenarios under ``procguard run`` twice, with the
full trace and with ``--seccomp-bpf`` (lean), and compares the final status of every process.

The scenarios run exactly as ``procguard-ml/corpus/build_corpus.py run`` runs them (same sandboxes,
fixtures, loopback-only network namespace, private mount namespace, ``nobody`` users, seeds and
timeouts: this script imports the builder and only swaps its tracer for ``procguard run``). Both modes of
one run share the seed, so they see the same variation of the scenario.

    sudo /usr/bin/python3 benchmarks/scripts/lean_detection.py                  # suspicious scenarios, 1 run each
    sudo /usr/bin/python3 benchmarks/scripts/lean_detection.py --labels all --runs 2
    sudo /usr/bin/python3 benchmarks/scripts/lean_detection.py --only reverse-shell dropper

A suspicious scenario counts as detected when one of its actors (the builder's labelling rule) ends
SUSPICIOUS or MALICIOUS; a benign one counts as a false alarm when any of its processes does.
Output: a Markdown table on stdout, progress on stderr. Root only (the builder needs it).
"""
import argparse
import glob
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BUILDER = os.path.join(REPO, "procguard-ml", "corpus", "build_corpus.py")
JAR = os.path.join(REPO, "procguard-cli", "target", "procguard.jar")
FLAGGED = ("SUSPICIOUS", "MALICIOUS")


def load_builder():
    spec = importlib.util.spec_from_file_location("build_corpus", BUILDER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_strace(argv):
    """Stands in for strace in the builder's command line: ``MODE JAR CLASSIFIER <strace flags> -o TRACE
    [-u USER] -- CMD...`` becomes ``procguard run`` with per-process logs in ``TRACE.logs``."""
    mode, jar, classifier, rest = argv[0], argv[1], argv[2], argv[3:]
    sep = rest.index("--")
    flags, cmd = rest[:sep], rest[sep + 1:]
    trace = flags[flags.index("-o") + 1]
    pg = ["java", "-jar", jar, "run", "--quiet", "--no-shm", "--classifier", classifier, "--log-dir", trace + ".logs"]
    if mode == "lean":
        pg.append("--seccomp-bpf")
    if "-u" in flags:
        pg += ["--user", flags[flags.index("-u") + 1]]
        # strace -u keeps the builder's environment (PG_SEED, the sandbox's HOME and TMPDIR, ...); procguard run
        # --user gives a clean one, as sudo does, so the scenario gets it back through env, as --help says
        cmd = ["/usr/bin/env", "-i"] + [k + "=" + v for k, v in sorted(os.environ.items())] + cmd
    os.execvp(pg[0], pg + ["--"] + cmd)


def processes(log_dir):
    """Yields (exe, comm, final status) of every process logged in one run."""
    for path in sorted(glob.glob(os.path.join(log_dir, "proc_*.log"))):
        exe, comm, status = "", "", "UNKNOWN"
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if rec.get("event") in ("started", "attached", "exec"):
                    exe = rec.get("exe") or exe
                    argv = rec.get("argv") or []
                    comm = os.path.basename(argv[0])[:15] if argv else comm
                elif rec.get("event") == "summary":
                    status = rec.get("status", status)
        yield exe, comm, status


def judge(sc, log_dir):
    """@return (flagged, considered, worst status) over the actors (suspicious) or all processes (benign)"""
    flagged = considered = 0
    worst = "UNKNOWN"
    order = ["UNKNOWN", "BENIGN", "SUSPICIOUS", "MALICIOUS"]
    for exe, comm, status in processes(log_dir):
        if sc.label != "benign" and not sc.is_actor(exe, comm):
            continue
        considered += 1
        flagged += status in FLAGGED
        if order.index(status) > order.index(worst):
            worst = status
    return flagged, considered, worst


def enter_loopback_netns():
    if os.environ.get("PROCGUARD_LEAN_NETNS") == "1":
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        return
    env = dict(os.environ, PROCGUARD_LEAN_NETNS="1")
    sys.exit(subprocess.run(["unshare", "--net", "--", sys.executable, os.path.abspath(__file__)] + sys.argv[1:],
                            env=env).returncode)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "_as_strace":
        as_strace(sys.argv[2:])
        return
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=1, help="runs per scenario and mode (default: %(default)s)")
    p.add_argument("--only", nargs="+", metavar="NAME", help="only these scenarios or families")
    p.add_argument("--labels", choices=("suspicious", "benign", "all"), default="suspicious")
    p.add_argument("--classifier", default="onnx", help="classifier provider (default: %(default)s)")
    p.add_argument("--seed", type=int, default=777, help="seed of the variations (default: %(default)s)")
    args = p.parse_args()
    if os.geteuid() != 0:
        sys.exit("lean_detection: run as root (the corpus builder needs namespaces and strace -u)")
    if not os.path.isfile(JAR):
        sys.exit(f"lean_detection: {JAR} missing; build it: mvn -q -DskipTests -pl procguard-cli -am package")
    enter_loopback_netns()
    bc = load_builder()
    scenarios = [s for s in bc.load_scenarios()
                 if args.labels == "all" or (s.label == "benign") == (args.labels == "benign")]
    if args.only:
        scenarios = [s for s in scenarios if s.name in args.only or s.family in args.only]
    bc.check_scripts_readable(scenarios)
    work = tempfile.mkdtemp(prefix="procguard-lean-")
    try:
        jar = os.path.join(work, "procguard.jar")
        shutil.copyfile(JAR, jar)  # a rebuild during the run must not change what is measured
        rows = []
        seconds = {"full": 0.0, "lean": 0.0}
        for sc in scenarios:
            for run in range(args.runs):
                row = {"scenario": sc.name, "family": sc.family, "label": sc.label}
                for mode in ("full", "lean"):
                    bc.STRACE = [sys.executable, os.path.abspath(__file__), "_as_strace", mode, jar, args.classifier]
                    traces = os.path.join(work, mode)
                    os.makedirs(traces, mode=0o700, exist_ok=True)
                    started = time.monotonic()
                    result = bc.run_once(sc, run, args.seed, traces, False, True)
                    seconds[mode] += time.monotonic() - started
                    row[mode] = judge(sc, result.trace + ".logs") + (result.timed_out,)
                print(f"lean_detection: {sc.name} run {run}: full {row['full']} lean {row['lean']}", file=sys.stderr)
                rows.append(row)
        report(rows, seconds, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(rows, seconds, args):
    def cell(r):
        flagged, considered, worst, timed_out = r
        return f"{flagged}/{considered} {worst.lower()}" + (" (timed out)" if timed_out else "")

    print(f"classifier {args.classifier}, {args.runs} run(s) per scenario and mode, seed {args.seed}")
    print()
    print("| scenario | family | label | full: flagged/considered, worst | lean: flagged/considered, worst |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['scenario']} | {r['family']} | {r['label']} | {cell(r['full'])} | {cell(r['lean'])} |")
    print()
    for label, what in (("malicious", "suspicious runs detected (an actor flagged)"), ("benign", "benign runs with a false alarm")):
        sel = [r for r in rows if r["label"] == label]
        if sel:
            full = sum(r["full"][0] > 0 for r in sel)
            lean = sum(r["lean"][0] > 0 for r in sel)
            same = sum((r["full"][0] > 0) == (r["lean"][0] > 0) for r in sel)
            print(f"- {what}: full {full}/{len(sel)}, lean {lean}/{len(sel)}; same outcome in {same}/{len(sel)}")
    print(f"- wall time of all runs: full {seconds['full']:.0f} s, lean {seconds['lean']:.0f} s "
          f"(lean/full {seconds['lean'] / max(seconds['full'], 1e-9):.2f}; includes sandboxes and JVM starts)")


if __name__ == "__main__":
    main()
