#!/usr/bin/python3
"""Reference points computed with scikit-learn only (NOT ProcGuard's pipeline), on the same folds as folds.py.

* ``bag-counts``: the literature's bag of system calls, one column per i386 syscall number with its count in
  the trace, read straight from the ADFA-LD zip, ExtraTrees with scikit-learn's defaults (150 trees);
* ``bag-rates``: the same bag divided by the trace length (rates, as ProcGuard's frequency features);
* ``procguard-sklearn``: ProcGuard's features scored by scikit-learn instead of the Java scorer (a cross-check).

They show how far ProcGuard's fixed feature schema is from the features the published figures were obtained
with. Metrics are computed like ``procguard evaluate`` (threshold 0.5; recall at a false-positive budget with
``evaluation.threshold_for_fpr``). Writes one JSON document.
"""

import argparse
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import evaluation  # noqa: E402
import folds  # noqa: E402
import train  # noqa: E402

MAX_NUMBER = 1024
MAX_ENTRY_BYTES = 16 << 20


def bag_of_syscalls(zip_path, entries):
    """:return: float64 [len(entries), MAX_NUMBER] counts of each i386 number, rows in ``entries`` order"""
    import numpy as np
    index = {e: i for i, e in enumerate(entries)}
    X = np.zeros((len(entries), MAX_NUMBER))
    seen = 0
    with zipfile.ZipFile(zip_path) as z:
        for info in z.infolist():
            i = index.get(info.filename)
            if i is None:
                continue
            if info.file_size > MAX_ENTRY_BYTES:
                raise ValueError(f"{zip_path}!{info.filename}: larger than {MAX_ENTRY_BYTES} bytes")
            numbers = np.array(z.read(info).split(), dtype=np.int64)
            if len(numbers) and (numbers.min() < 0 or numbers.max() >= MAX_NUMBER):
                raise ValueError(f"{zip_path}!{info.filename}: syscall number out of range")
            X[i] = np.bincount(numbers, minlength=MAX_NUMBER)
            seen += 1
    if seen != len(entries):
        raise ValueError(f"{zip_path}: {len(entries) - seen} traces of the features CSV are not in the zip")
    return X


def metrics(y, p, at_fpr):
    from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
    c = evaluation.confusion(y, p, 0.5)
    out = {"accuracy": float(accuracy_score(y, p >= 0.5)), "macro_f1": float(f1_score(y, p >= 0.5, average="macro")),
           "f1": float(f1_score(y, p >= 0.5)), "recall": c["recall"], "fpr": c["fpr"],
           "roc_auc": float(roc_auc_score(y, p)) if len(set(y)) == 2 else None}
    t = evaluation.threshold_for_fpr(p[y == 0], at_fpr, 0.0)
    out["recall_at_fpr"] = evaluation.confusion(y, p, t)["recall"]
    return out


def run(name, X, y, plans, args):
    from sklearn.ensemble import ExtraTreesClassifier
    import numpy as np
    out = {}
    for protocol, fold_list in plans:
        rows = []
        for fold, held_out, tr, te in fold_list:
            est = ExtraTreesClassifier(n_estimators=args.trees, n_jobs=args.jobs, random_state=args.seed)
            est.fit(X[tr], y[tr])
            m = metrics(y[te], est.predict_proba(X[te])[:, 1], args.fpr)
            m.update(fold=fold, held_out=held_out)
            rows.append(m)
        out[protocol] = rows
        if protocol == "cv":
            out["cv_mean"] = {k: float(np.mean([r[k] for r in rows])) for k in ("accuracy", "macro_f1", "f1", "roc_auc",
                                                                                   "recall_at_fpr")}
        print(f"baseline.py: {name} {protocol} done", file=sys.stderr)
    return out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--features", required=True, help="features CSV of procguard features --format adfa-ld")
    p.add_argument("--zip", required=True, help="the ADFA-LD zip")
    p.add_argument("--out", required=True, help="JSON written")
    p.add_argument("--cv-folds", type=int, default=10)
    p.add_argument("--trees", type=int, default=150)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--fpr", type=float, default=0.01, help="false-positive budget for the recall (default: %(default)s)")
    args = p.parse_args(argv)
    try:
        data = train.load_features(args.features)
        bag = bag_of_syscalls(args.zip, list(data["traces"]))
    except (OSError, ValueError, zipfile.BadZipFile, train.BadInput) as e:
        train.fail(train.EXIT_BAD_INPUT, str(e))
    y, fam = data["y"], data["families"]
    plans = [("cv", folds.cv_folds(fam, args.cv_folds, args.seed)), ("lofo", folds.lofo_folds(y, fam, args.seed))]
    rates = bag / bag.sum(axis=1, keepdims=True).clip(min=1)
    result = {"note": "scikit-learn only, not ProcGuard's pipeline", "trees": args.trees, "seed": args.seed,
              "fpr": args.fpr, "distinct_i386_numbers": int((bag.sum(axis=0) > 0).sum())}
    for name, X in (("bag-counts", bag), ("bag-rates", rates), ("procguard-sklearn", data["X"])):
        result[name] = run(name, X, y, plans, args)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
