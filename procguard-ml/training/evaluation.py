"""Leave-one-family-out evaluation, threshold choice and the metrics of ProcGuard's report.

Every row gets an out-of-family score: for each family F (suspicious and benign alike) a forest is
trained on all the other families and scores F. A suspicious family's recall is therefore measured on
a behaviour the model has never seen, and the benign false-positive rate on programs it has never seen.
Thresholds are chosen from these scores, never from scores of rows a model was trained on.
"""

import numpy as np
from sklearn.metrics import roc_auc_score


def out_of_family_scores(X, y, families, make_forest, weights_of):
    """:return: float64 [N] scores, each from a forest that did not see the row's family"""
    scores = np.full(len(y), np.nan)
    for fam in sorted(set(families)):
        test = families == fam
        train = ~test
        if len(set(y[train])) < 2:
            raise ValueError(f"holding out family {fam!r} leaves a single class to train on")
        forest = make_forest()
        forest.fit(X[train], y[train], sample_weight=weights_of(y[train], families[train]))
        forest.set_params(n_jobs=1)  # threaded predict_proba sums trees in any order: not bit-reproducible
        scores[test] = forest.predict_proba(X[test])[:, 1]
    return scores


def grouped_by_trace(X, y, families, traces, make_forest, weights_of, thresholds, folds=5):
    """Known behaviours, unseen runs: 5-fold cross-validation grouped by trace (all runs of every family are
    seen in training except the held-out traces). Complements leave-one-family-out, which measures
    behaviours never seen at all; this one measures what the shipped model does on new runs of the
    behaviours it was trained on.
    """
    from sklearn.model_selection import GroupKFold
    scores = np.full(len(y), np.nan)
    for train, test in GroupKFold(n_splits=folds).split(X, y, groups=traces):
        forest = make_forest()
        forest.fit(X[train], y[train], sample_weight=weights_of(y[train], families[train]))
        forest.set_params(n_jobs=1)
        scores[test] = forest.predict_proba(X[test])[:, 1]
    own = threshold_for_fpr(scores[y == 0], 0.02, 0.0)
    return {"scores": scores, "roc_auc": float(roc_auc_score(y, scores)),
            "at_suspicious": confusion(y, scores, thresholds["suspicious"]),
            "at_malicious": confusion(y, scores, thresholds["malicious"]),
            "own_threshold_fpr_0.02": own, "at_own_threshold": confusion(y, scores, own),
            "families": per_family(y, scores, families, traces, dict(thresholds, own=own))}


# The highest threshold stored: below 1.0 by more than float32 rounding of a sum of a few hundred trees'
# weights (a few ulps of 6e-8 each), above any score a forest that is not unanimous can reach in practice.
UNANIMOUS = 1.0 - 1e-5


def threshold_for_fpr(benign_scores, max_fpr, floor):
    """Lowest threshold t (a row is flagged when score >= t) whose false-positive rate is <= max_fpr.

    With k = floor(max_fpr * n) benign rows allowed above it, t sits just above the (k+1)-th highest
    benign score, and never below ``floor``.
    """
    b = np.sort(np.asarray(benign_scores, dtype=np.float64))[::-1]
    if len(b) == 0:
        return max(floor, 0.5)
    k = int(np.floor(max_fpr * len(b) + 1e-9))
    if k >= len(b):
        return floor
    t = float(np.nextafter(np.float32(b[k]), np.float32(np.inf)))
    # Capped just below 1: when benign rows already score 1.0 the target cannot be met by any threshold;
    # the report then shows the FPR actually reached at the cap (trees unanimous). Not 1.0 itself: a
    # unanimous forest sums to exactly 1.0 in scikit-learn (float64) but to 0.99999994 in ONNX Runtime
    # (float32 sums of the trees' weights), so a threshold of 1.0 flagged nothing at all in Java.
    return float(min(max(t, floor), UNANIMOUS))


def confusion(y, scores, threshold):
    pred = scores >= threshold
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    tn = int(np.sum(~pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    return {"tp": tp, "fp": fp, "tn": tn, "fn": fn,
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "fpr": fp / (fp + tn) if fp + tn else 0.0}


def per_family(y, scores, families, traces, thresholds):
    """Per family: rows, traces, recall (suspicious) or FPR (benign) at each threshold, per row and per trace."""
    out = []
    for fam in sorted(set(families)):
        sel = families == fam
        label = int(y[sel][0])
        row = {"family": fam, "label": "suspicious" if label else "benign", "rows": int(sel.sum()),
               "traces": len(set(traces[sel])), "median_score": float(np.median(scores[sel]))}
        for name, t in thresholds.items():
            flagged = scores[sel] >= t
            row[f"flagged_rows_{name}"] = float(flagged.mean())
            by_trace = {}
            for tr, f in zip(traces[sel], flagged):
                by_trace[tr] = by_trace.get(tr, False) or bool(f)
            row[f"flagged_traces_{name}"] = sum(by_trace.values()) / len(by_trace)
        out.append(row)
    return out


def evaluate(X, y, families, traces, make_forest, weights_of, fpr_suspicious, fpr_malicious, floor):
    scores = out_of_family_scores(X, y, families, make_forest, weights_of)
    benign = scores[y == 0]
    t_susp = threshold_for_fpr(benign, fpr_suspicious, floor)
    t_mal = max(threshold_for_fpr(benign, fpr_malicious, floor), t_susp)
    thresholds = {"suspicious": t_susp, "malicious": t_mal}
    auc = float(roc_auc_score(y, scores)) if len(set(y)) == 2 else float("nan")
    known = grouped_by_trace(X, y, families, traces, make_forest, weights_of, thresholds)
    return {
        "scores": scores,
        "thresholds": thresholds,
        "known_families": known,
        "roc_auc": auc,
        "at_suspicious": confusion(y, scores, t_susp),
        "at_malicious": confusion(y, scores, t_mal),
        "families": per_family(y, scores, families, traces, thresholds),
        "roc": roc_points(y, scores),
    }


def roc_points(y, scores, points=(0.0, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)):
    """Recall at a few false-positive rates (thresholds from the benign scores), for the report."""
    benign = scores[y == 0]
    out = []
    for fpr in points:
        t = threshold_for_fpr(benign, fpr, 0.0)
        c = confusion(y, scores, t)
        out.append({"max_fpr": fpr, "threshold": t, "fpr": c["fpr"], "recall": c["recall"]})
    return out
