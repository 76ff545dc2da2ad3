#!/usr/bin/python3
"""Aggregates the Java evaluations of every ADFA-LD fold into procguard-ml/ADFA-LD.md (+ a JSON twin).

Reads WORK/folds/folds.tsv (from folds.py), each fold's evaluate.json and scores.csv (from
``procguard evaluate --json --scores``), the fold's sklearn.csv (only to report the Java/scikit-learn
score difference), WORK/baseline.json (baseline.py) and the hand-written discussion.md beside this script.
"""

import argparse
import csv
import datetime
import json
import math
import os
import platform
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

PAPER = {"accuracy": 0.975, "macro_f1": 0.941, "roc_auc": 0.990}
MODEL_NAMES = {"rf": "ProcGuard RandomForest (train.py defaults)",
               "et": "ProcGuard ExtraTrees (like the paper)",
               "et500": "ProcGuard ExtraTrees, 500 trees, 10% features per split (chosen on training folds)"}
#: The model held against the paper's targets, fixed before any test fold was scored (folds.py TARGET_MODEL).
TARGET_MODEL = "et500"
BASELINES = {"bag-counts": "bag of syscalls, counts, ExtraTrees",
             "bag-rates": "bag of syscalls, rates, ExtraTrees",
             "procguard-sklearn": "ProcGuard features, ExtraTrees defaults, scored by sklearn"}


def read_folds(work):
    with open(os.path.join(work, "folds", "folds.tsv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for r in rows:
        d = os.path.dirname(r["model_path"])
        with open(os.path.join(d, "evaluate.json"), encoding="utf-8") as f:
            r["java"] = json.load(f)
        r["max_diff"] = score_difference(os.path.join(d, "scores.csv"), r["sklearn_path"])
    return rows


def score_difference(java_csv, sklearn_csv):
    with open(java_csv, encoding="utf-8") as f:
        java = [(r["trace"], float(r["score"])) for r in csv.DictReader(f)]
    with open(sklearn_csv, encoding="utf-8") as f:
        sk = [(r["trace"], float(r["sklearn_proba"])) for r in csv.DictReader(f)]
    if [t for t, _ in java] != [t for t, _ in sk]:
        raise SystemExit(f"report.py: {java_csv} and {sklearn_csv} list different traces")
    return max(abs(a - b) for (_, a), (_, b) in zip(java, sk))


def at_fpr(j, budget):
    return next(p["recall"] for p in j["at_fpr"] if abs(p["max_fpr"] - budget) < 1e-12)


def cv_summary(rows, model):
    folds = [r["java"] for r in rows if r["protocol"] == "cv" and r["model"] == model]
    if not folds:
        return None
    keys = {"accuracy": lambda j: j["accuracy"], "macro_f1": lambda j: j["macro_f1"], "roc_auc": lambda j: j["roc_auc"],
            "f1": lambda j: j["f1"], "precision": lambda j: j["precision"], "recall": lambda j: j["recall"],
            "recall_at_fpr_0.01": lambda j: at_fpr(j, 0.01)}
    out = {"folds": len(folds)}
    for k, f in keys.items():
        v = [f(j) for j in folds]
        out[k] = {"mean": statistics.fmean(v), "sd": statistics.stdev(v) if len(v) > 1 else 0.0,
                  "min": min(v), "max": max(v)}
    fams = {}
    for j in folds:
        for fr in j["families"]:
            a = fams.setdefault(fr["family"], [0, 0, fr["label"]])
            a[0] += fr["flagged"]
            a[1] += fr["rows"]
    out["families"] = {f: {"rows": a[1], "rate": a[0] / a[1], "label": a[2]} for f, a in sorted(fams.items())}
    return out


def lofo_summary(rows, model):
    out = {}
    for r in rows:
        if r["protocol"] != "lofo" or r["model"] != model:
            continue
        j = r["java"]
        fam = {f["family"]: f for f in j["families"]}
        normal = next(f for f in j["families"] if f["label"] == 0)
        out[r["held_out"]] = {"rows": fam[r["held_out"]]["rows"], "normal_rows": normal["rows"], "roc_auc": j["roc_auc"],
                              "recall_at_fpr_0.01": at_fpr(j, 0.01), "recall_at_fpr_0.001": at_fpr(j, 0.001),
                              "recall_at_0.5": j["recall"], "fpr_at_0.5": j["fpr"]}
    return out


def f4(x):
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


def pm(s):
    return f"{s['mean']:.3f} ± {s['sd']:.3f}"


def write(args, rows, baseline):
    models = [m for m in MODEL_NAMES if any(r["model"] == m for r in rows)]
    cv = {m: cv_summary(rows, m) for m in models}
    lofo = {m: lofo_summary(rows, m) for m in models}
    max_diff = max(r["max_diff"] for r in rows)
    schema = rows[0]["java"]["model"]["schema_version"]
    n_features = rows[0]["java"]["model"]["features"]
    cv_rows = sum(r["java"]["rows"] for r in rows if r["protocol"] == "cv" and r["model"] == models[0])
    today = datetime.date.today().isoformat()
    machine = f"{platform.node() or 'host'}: {platform.system()} {platform.release()}, {os.cpu_count()} cores, " \
              f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.0f} when the report was written " \
              f"(a shared machine: other builds ran alongside)"
    results = {"generated": today, "machine": machine, "seconds": args.seconds, "schema_version": schema,
               "features": n_features, "paper": PAPER, "cv": cv, "lofo": lofo, "java_vs_sklearn_max_diff": max_diff,
               "baseline": baseline}
    # the verdict is for the model fixed in advance, never the best on the test folds (that would be selection on them)
    best = TARGET_MODEL if TARGET_MODEL in models and cv.get(TARGET_MODEL) else None

    L = ["# ADFA-LD through ProcGuard's pipeline", "",
         "Reproduction of a published host-intrusion result on data nobody here made: the ADFA-LD dataset "
         "(UNSW 2013, 5205 normal and 746 attack system-call traces of Ubuntu 11.04 i386) turned into ProcGuard "
         "events by `io.procguard.ml.dataset` (i386 numbers -> names -> the x86_64 family names the features use), "
         f"exported by `procguard features --format adfa-ld` with the same extractor as live monitoring (schema {schema}, "
         f"{n_features} features), trained and exported to ONNX with `train.py`'s code, and **scored by the Java "
         "scorer (`procguard evaluate`, OnnxClassifier)**, not by scikit-learn.", "",
         "> These fold models are an evaluation artefact, not a detection model: 2013 i386 traces of one Ubuntu "
         "host are not today's x86_64 processes, and ADFA-LD has no arguments, return values or process tree, so "
         "most of ProcGuard's features (paths, network, exec, errors) read 0 here. Nothing from this page ships.", "",
         f"Generated {today} by `procguard-ml/training/adfa/reproduce.sh` in {args.seconds // 60} min {args.seconds % 60} s "
         f"on {machine}.", "",
         "## Protocol 1: the literature's (10-fold stratified cross-validation) vs the paper", "",
         f"Each fold's test traces are scored by a model that did not see them ({cv_rows} traces in "
         f"{cv[models[0]]['folds']} folds, stratified by family, seed 42); threshold 0.5 (the larger class probability, "
         f"as the literature); mean ± standard deviation over the folds.", "",
         "| | accuracy | macro-F1 | ROC AUC | F1 (attack) | recall at FPR 1% |", "|---|---:|---:|---:|---:|---:|",
         "| **Paper** (Corizzo et al. 2020, bag of syscalls, ExtraTrees) | 0.975 | 0.941 | 0.990 | | |"]
    for m in models:
        s = cv[m]
        L.append(f"| **{MODEL_NAMES[m]}**, Java scorer | {pm(s['accuracy'])} | {pm(s['macro_f1'])} | {pm(s['roc_auc'])} "
                 f"| {pm(s['f1'])} | {pm(s['recall_at_fpr_0.01'])} |")
    for b, label in BASELINES.items():
        if b in baseline:
            c = baseline[b]["cv_mean"]
            L.append(f"| *reference, scikit-learn only: {label}* | {f4(c['accuracy'])} | {f4(c['macro_f1'])} | "
                     f"{f4(c['roc_auc'])} | {f4(c['f1'])} | {f4(c['recall_at_fpr'])} |")
    L.append("")
    if best:
        s = cv[best]
        verdict = []
        for k, name in (("macro_f1", "macro-F1"), ("roc_auc", "ROC AUC"), ("accuracy", "accuracy")):
            met = s[k]["mean"] >= PAPER[k]
            verdict.append(f"{name} {s[k]['mean']:.3f} vs {PAPER[k]:.3f}: {'**met**' if met else '**not met**'}")
        L += [f"Target (meet or beat the published F1 and AUC), the model fixed before scoring ({MODEL_NAMES[best]}): "
              + "; ".join(verdict) + ".", ""]
    L += ["Recall per family at threshold 0.5, pooled over the folds (Java scorer):", "",
          "| family | traces | " + " | ".join(MODEL_NAMES[m] for m in models) + " |",
          "|---|---:|" + "---:|" * len(models)]
    fams = cv[models[0]]["families"]
    for f in sorted(fams, key=lambda f: (fams[f]["label"] == 0, f)):
        kind = "FPR" if fams[f]["label"] == 0 else "recall"
        L.append(f"| {f} ({kind}) | {fams[f]['rows']} | " + " | ".join(f"{cv[m]['families'][f]['rate']:.3f}" for m in models) + " |")
    L += ["", "## Protocol 2: leave-one-attack-family-out (the honest generalisation test)", "",
          "Fold k trains on the other 5 attack families and 5/6 of the normal traces, and tests on the held-out "
          "family and the held-out sixth of the normal traces (never seen in training). *Recall at FPR 1%*: the "
          "threshold is the lowest whose false-positive rate on the held-out normal traces is at most 1%; "
          "at 0.5: the argmax decision.", ""]
    head = "| held-out family | traces | normal traces |"
    sep = "|---|---:|---:|"
    for m in models:
        head += f" {m}: ROC AUC | {m}: recall at FPR 1% | {m}: recall at 0.5 (FPR) |"
        sep += "---:|---:|---:|"
    has_bag = "bag-counts" in baseline
    if has_bag:
        head += " *bag ET (sklearn): ROC AUC* | *bag ET: recall at FPR 1%* |"
        sep += "---:|---:|"
    L += [head, sep]
    bag_lofo = {r["held_out"]: r for r in baseline.get("bag-counts", {}).get("lofo", [])}
    for fam in sorted(lofo[models[0]]):
        line = f"| {fam} | {lofo[models[0]][fam]['rows']} | {lofo[models[0]][fam]['normal_rows']} |"
        for m in models:
            x = lofo[m][fam]
            line += f" {f4(x['roc_auc'])} | {f4(x['recall_at_fpr_0.01'])} | {f4(x['recall_at_0.5'])} ({f4(x['fpr_at_0.5'])}) |"
        if has_bag:
            b = bag_lofo.get(fam, {})
            line += f" {f4(b.get('roc_auc'))} | {f4(b.get('recall_at_fpr'))} |"
        L.append(line)
    L.append("")
    for m in models:
        v = list(lofo[m].values())
        L.append(f"{MODEL_NAMES[m]}: mean over families ROC AUC {statistics.fmean(x['roc_auc'] for x in v):.3f}, "
                 f"recall at FPR 1% {statistics.fmean(x['recall_at_fpr_0.01'] for x in v):.3f}, "
                 f"recall at FPR 0.1% {statistics.fmean(x['recall_at_fpr_0.001'] for x in v):.3f}.")
    L.append("")
    disc = os.path.join(HERE, "discussion.md")
    if os.path.isfile(disc):
        with open(disc, encoding="utf-8") as f:
            L += [f.read().rstrip(), ""]
    L += ["## How it was measured", "",
          "* **Adapter.** `AdfaLd` reads the zip as untrusted input; `AdfaTrace.process(extractor)` feeds "
          "`events()` (one SYSCALL event per number, pid 1, no arguments/returns/times) through a `ProcessTracker` "
          "with `BehaviourFeatures`, the same path a live strace log takes. One row per trace: `trace` = zip entry, "
          "`pid` 1, `comm` adfa, `family` normal or the attack family, `label` 0/1.",
          f"* **Models.** `folds.py` builds each fold's model with `train.make_estimator` (rf: train.py's defaults, "
          f"150 trees, depth 14, min leaf 2, 30% of the features per split; et: `--estimator extratrees --max-depth 0 "
          f"--min-samples-leaf 1 --max-features sqrt`; et500: the same with `--trees 500 --max-features 0.1`), "
          "sample weights `train.family_weights` (each family equal weight within its class), exports it with "
          "`onnx_export.forest_to_onnx` and checks with `onnx_export.check_model` that the graph reaches scikit-learn's "
          "leaves on every test row. Model ids `adfa-ld-<protocol>-<fold>-<model>`; both thresholds are 0.5.",
          f"* **Scoring.** `procguard evaluate --threshold 0.5 --fpr 0.01 --fpr 0.001 --json --scores` per fold (Java, "
          f"ONNX Runtime). Largest |Java score - scikit-learn predict_proba| over all {sum(r['java']['rows'] for r in rows)} "
          f"scored rows: {max_diff:.1e}.",
          "* **Reference points** (`baseline.py`): scikit-learn only, same folds, ExtraTrees(150 trees, defaults); "
          "not ProcGuard's pipeline, there to locate the gap.", "",
          "## Reproduce", "",
          "    /usr/bin/python3 -c 'import sklearn, onnx'     # Debian python3-sklearn python3-onnx",
          "    procguard-ml/training/adfa/reproduce.sh        # reads ../shared/datasets/adfa-ld/ADFA-LD.zip", "",
          "which runs, in a private temporary folder (kept with `--keep`):", "",
          "    ./procguard features --format adfa-ld ADFA-LD.zip > adfa.csv",
          "    /usr/bin/python3 procguard-ml/training/adfa/folds.py --features adfa.csv --schema-version S --out folds",
          "    ./procguard evaluate --model folds/P/M/F/model.onnx --features folds/P/M/F/test.csv \\",
          "        --threshold 0.5 --fpr 0.01 --fpr 0.001 --json --scores folds/P/M/F/scores.csv   # every fold",
          "    /usr/bin/python3 procguard-ml/training/adfa/baseline.py --features adfa.csv --zip ADFA-LD.zip --out baseline.json",
          "    /usr/bin/python3 procguard-ml/training/adfa/report.py --work . --seconds N   # this page + results.json", "",
          "Machine-readable figures: [training/adfa/results.json](training/adfa/results.json).", ""]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(L))
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, sort_keys=True)
        f.write("\n")


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--work", required=True, help="reproduce.sh's work folder (folds/, baseline.json)")
    p.add_argument("--seconds", type=int, default=0, help="run time of the whole reproduction")
    p.add_argument("--out", default=os.path.join(HERE, "..", "..", "ADFA-LD.md"), help="Markdown report")
    p.add_argument("--json", default=os.path.join(HERE, "results.json"), help="JSON twin of the report")
    args = p.parse_args(argv)
    rows = read_folds(args.work)
    if not rows:
        raise SystemExit("report.py: no folds in " + args.work)
    b = os.path.join(args.work, "baseline.json")
    baseline = {}
    if os.path.isfile(b):
        with open(b, encoding="utf-8") as f:
            baseline = json.load(f)
    write(args, rows, baseline)
    print(f"report.py: wrote {args.out} and {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
