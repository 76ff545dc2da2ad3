#!/usr/bin/python3
"""How folds.py's et500 settings were chosen for ADFA-LD protocol 1 without looking at a test fold.

For each chosen outer fold of protocol 1 (folds.py's split: StratifiedKFold(10, shuffle, seed 42) by
family), a 5-fold stratified CV (seed 7) runs inside that fold's TRAINING part only; the mean accuracy,
macro-F1 and ROC AUC (scikit-learn, threshold 0.5) over all inner folds are printed per candidate.
Sample weights are train.family_weights, as in folds.py.

Candidates are comma-separated key=value lists: trees=N, mf=sqrt|log2|SHARE (features per split),
est=et|rf, leaf=N, cols=BLOCK+BLOCK (s2 = the schema-2 columns, count = sys.count.*, other = sys.other.*,
bigram = seq.bigram.*; default all columns). Run with /usr/bin/python3, e.g.:

  procguard features --format adfa-ld ADFA-LD.zip > adfa.csv
  /usr/bin/python3 choose_settings.py --features adfa.csv trees=150 trees=500,mf=0.1 trees=500,mf=0.1,cols=s2+count+other
"""

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import train  # noqa: E402  (loader and weights)


def block(name):
    for prefix, b in (("sys.count.", "count"), ("sys.other.", "other"), ("seq.bigram.", "bigram")):
        if name.startswith(prefix):
            return b
    return "s2"


def parse_candidate(text, names):
    from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
    kw = dict(n_estimators=150, max_depth=None, min_samples_leaf=1, max_features="sqrt", n_jobs=2, random_state=42)
    kind, cols = ExtraTreesClassifier, list(range(len(names)))
    for tok in text.split(","):
        key, _, value = tok.partition("=")
        if key == "trees":
            kw["n_estimators"] = int(value)
        elif key == "mf":
            kw["max_features"] = value if value in ("sqrt", "log2") else float(value)
        elif key == "est":
            kind = RandomForestClassifier if value == "rf" else ExtraTreesClassifier
        elif key == "leaf":
            kw["min_samples_leaf"] = int(value)
        elif key == "cols":
            keep = set(value.split("+"))
            cols = [i for i, n in enumerate(names) if block(n) in keep]
        else:
            train.fail(train.EXIT_USAGE, f"candidate {text!r}: unknown key {key!r}")
    return kind, kw, cols


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--features", required=True, help="features CSV of procguard features --format adfa-ld")
    p.add_argument("--outer", default="1,2,3", help="protocol-1 outer folds whose training parts are used (default: %(default)s)")
    p.add_argument("candidates", nargs="+")
    args = p.parse_args(argv)
    import numpy as np
    from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
    from sklearn.model_selection import StratifiedKFold
    data = train.load_features(args.features)
    X, y, fam, names = data["X"], data["y"], data["families"], data["names"]
    outer = {int(k) for k in args.outer.split(",")}
    splits = list(StratifiedKFold(10, shuffle=True, random_state=42).split(fam, fam))
    for text in args.candidates:
        kind, kw, cols = parse_candidate(text, names)
        Xc = X[:, cols]
        start, res = time.time(), []
        for k, (tr, _test_never_used) in enumerate(splits, 1):
            if k not in outer:
                continue
            for itr, ite in StratifiedKFold(5, shuffle=True, random_state=7).split(fam[tr], fam[tr]):
                a, b = tr[itr], tr[ite]
                m = kind(**kw).fit(Xc[a], y[a], sample_weight=train.family_weights(y[a], fam[a]))
                s = m.predict_proba(Xc[b])[:, 1]
                res.append((accuracy_score(y[b], s >= .5), f1_score(y[b], s >= .5, average="macro"), roc_auc_score(y[b], s)))
        mean = np.mean(res, axis=0)
        print(f"{text:40s} features {len(cols):3d}  accuracy {mean[0]:.4f}  macro-F1 {mean[1]:.4f}  ROC AUC {mean[2]:.4f}"
              f"  ({len(res)} inner folds, {time.time() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
