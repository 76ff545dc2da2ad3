#!/usr/bin/python3
"""Leave-one-family-out evaluation of the default model's recipe on lean traces (--seccomp-bpf).

Compares, per trace variant (full, lean), the out-of-family recall and benign false-positive rate of
a forest trained on full traces only (what ships) with forests trained on full + lean copies of the
same traces (``build_corpus.py export --lean``), lean rows weighted by each ``--lean-weight``. A family
is held out in both variants at once, so no held-out behaviour leaks in through its other variant. The
suspicious threshold is chosen as train.py chooses it (benign FPR <= --fpr-suspicious, never below the
floor), from the full-trace benign scores, and from all benign scores. Writes nothing; prints a
Markdown table. Same forest settings as train.py (its defaults, or any train.py option after ``--``).

    /usr/bin/python3 procguard-ml/training/lean_eval.py --lean-weight 1 0.25
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import train  # noqa: E402


def lofo_scores(X, y, fam, weights, make_forest, score_only=None):
    """Out-of-family scores; rows where ``score_only`` is False are never trained on."""
    import numpy as np
    scores = np.full(len(y), np.nan)
    usable = np.ones(len(y), dtype=bool) if score_only is None else ~score_only
    for f in sorted(set(fam)):
        test = fam == f
        tr = np.where(~test & usable)[0]
        forest = make_forest()
        forest.fit(X[tr], y[tr], sample_weight=weights(tr))
        forest.set_params(n_jobs=1)
        scores[test] = forest.predict_proba(X[test])[:, 1]
    return scores


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="example:\n  /usr/bin/python3 procguard-ml/training/lean_eval.py "
                                       "--lean-weight 1 0.25 -- --trees 150\n")
    p.add_argument("--features", default=train.DEFAULT_FEATURES, help="full-trace features (default: %(default)s)")
    p.add_argument("--lean-features", default=os.path.join(HERE, "data", "corpus-features-lean.csv"),
                   help="lean-copy features from 'build_corpus.py export --lean' (default: %(default)s)")
    p.add_argument("--lean-weight", type=float, nargs="+", default=[1.0],
                   help="weights of the lean rows relative to the full ones, one model each (default: 1)")
    p.add_argument("--lean-only", action="store_true",
                   help="also a forest trained on the lean copies only (a separate model for --seccomp-bpf)")
    p.add_argument("rest", nargs="*", help="train.py options (after --)")
    args = p.parse_args(argv)
    import numpy as np
    from sklearn.metrics import roc_auc_score
    import evaluation
    targs = train.build_parser().parse_args(args.rest)
    try:
        full = train.load_features(args.features)
        lean = train.load_features(args.lean_features)
    except OSError as e:
        train.fail(train.EXIT_BAD_INPUT, f"{e.filename}: {e.strerror}")
    except train.BadInput as e:
        train.fail(train.EXIT_BAD_INPUT, str(e))
    if full["names"] != lean["names"]:
        train.fail(train.EXIT_BAD_INPUT, f"{args.lean_features}:1:1: feature columns differ from {args.features}")
    X = np.vstack([full["X"], lean["X"]])
    y = np.concatenate([full["y"], lean["y"]])
    fam = np.concatenate([full["families"], lean["families"]])
    is_lean = np.arange(len(y)) >= len(full["y"])

    def make_forest():
        return train.make_estimator(targs)

    runs = [("full only (shipped recipe)", 0.0)] + [(f"full + lean, lean weight {w:g}", w) for w in args.lean_weight]
    if args.lean_only:
        runs.append(("lean only", None))
    print("| training | threshold from | threshold | variant | recall | benign FPR | ROC AUC | "
          "lowest suspicious family recall | benign families with FPR > 0.05 |")
    print("|---|---|---:|---|---:|---:|---:|---|---|")
    for title, w in runs:
        def weights(idx, w=w):
            return train.family_weights(y[idx], fam[idx]) * np.where(is_lean[idx], 1.0 if w is None else w, 1.0)
        print(f"lean_eval: {title}...", file=sys.stderr)
        never_trained = ~is_lean if w is None else is_lean if w == 0.0 else None
        s = lofo_scores(X, y, fam, weights, make_forest, score_only=never_trained)
        sources = {0.0: [("full benign", (y == 0) & ~is_lean)], None: [("lean benign", (y == 0) & is_lean)]}.get(
            w, [("full benign", (y == 0) & ~is_lean), ("all benign", y == 0)])
        for source, benign in sources:
            t = evaluation.threshold_for_fpr(s[benign], targs.fpr_suspicious, targs.threshold_floor)
            for variant, sel in (("full", ~is_lean), ("lean", is_lean)):
                c = evaluation.confusion(y[sel], s[sel], t)
                rec = {f: float((s[sel & (fam == f)] >= t).mean()) for f in sorted(set(fam[sel & (y == 1)]))}
                low = min(rec, key=rec.get)
                fprs = {f: float((s[sel & (fam == f)] >= t).mean()) for f in sorted(set(fam[sel & (y == 0)]))}
                bad = ", ".join(f"{f} {v:.2f}" for f, v in fprs.items() if v > 0.05) or "none"
                print(f"| {title} | {source} | {t:.3f} | {variant} | {c['recall']:.3f} | {c['fpr']:.4f} | "
                      f"{roc_auc_score(y[sel], s[sel]):.3f} | {low} {rec[low]:.2f} | {bad} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
