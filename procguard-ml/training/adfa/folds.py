#!/usr/bin/python3
"""Builds the ADFA-LD evaluation folds and exports one ONNX model per fold, with train.py's own code.

Input: the features CSV of ``procguard features --format adfa-ld ADFA-LD.zip`` (one row per trace).
For every protocol, fold and model configuration this trains the estimator train.py builds
(``train.make_estimator``, sample weights ``train.family_weights``), exports it with ``onnx_export`` (and
proves the graph reaches the same leaves as scikit-learn on the fold's test rows), and writes the fold's
test rows as a features CSV, ready for ``procguard evaluate``. Nothing is scored here: the reported
figures come from the Java scorer.

Protocols:
  cv    the literature's: 10-fold cross-validation stratified by family (normal and the 6 attack
        families in every fold in proportion), shuffled with a fixed seed;
  lofo  leave-one-attack-family-out: the normal traces are split in 6 parts; fold k trains on the
        other 5 attack families and the normal traces outside part k, and tests on attack family k
        and normal part k, so neither the attack nor the normal test traces were seen in training.

Writes DIR/folds.tsv (protocol, model, fold, held-out family or -, model path, test CSV, sklearn scores CSV)
and, per fold, model.onnx, test.csv and sklearn.csv (scikit-learn's probabilities, only to cross-check
the Java scores). Deterministic for a given CSV and --seed. Run with /usr/bin/python3.
"""

import argparse
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TRAINING = os.path.dirname(HERE)
sys.path.insert(0, TRAINING)

import train  # noqa: E402  (train.py's loader, weights, estimator and metadata)

#: Model configurations: name -> train.py options on top of its defaults.
MODELS = {
    # train.py's default forest, exactly as for the shipped model
    "rf": [],
    # the literature's estimator (ExtraTrees) with scikit-learn's default tree shape, like for like
    "et": ["--estimator", "extratrees", "--max-depth", "0", "--min-samples-leaf", "1", "--max-features", "sqrt"],
    # ExtraTrees with the settings chosen by 5-fold CV inside the TRAINING part of protocol-1 folds 1-3 (never
    # on a test fold): 500 trees, 10% of the features per split (ADFA-LD.md, "How the settings were chosen")
    "et500": ["--estimator", "extratrees", "--max-depth", "0", "--min-samples-leaf", "1", "--trees", "500",
              "--max-features", "0.1"],
}
#: The model whose protocol-1 means are held against the paper's targets, fixed before any test fold was scored.
TARGET_MODEL = "et500"
#: The decision threshold stored in fold models: the class with the larger probability, as the literature.
ARGMAX = 0.5


def cv_folds(families, k, seed):
    """:return: [(name, held_out, train_idx, test_idx)] of a k-fold CV stratified by family"""
    from sklearn.model_selection import StratifiedKFold
    out = []
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    for i, (tr, te) in enumerate(skf.split(families, families), 1):
        out.append((f"fold{i:02d}", "-", tr, te))
    return out


def lofo_folds(y, families, seed):
    """:return: [(name, held_out, train_idx, test_idx)], one per attack family (normal split alongside)"""
    import numpy as np
    from sklearn.model_selection import KFold
    attacks = sorted(set(families[y == 1]))
    normal = np.nonzero(y == 0)[0]
    parts = [te for _, te in KFold(n_splits=len(attacks), shuffle=True, random_state=seed).split(normal)]
    out = []
    for fam, part in zip(attacks, parts):
        test_normal = normal[part]
        test = np.sort(np.concatenate([np.nonzero(families == fam)[0], test_normal]))
        held = np.zeros(len(y), dtype=bool)
        held[test] = True
        held[families == fam] = True
        out.append((fam, fam, np.nonzero(~held)[0], test))
    return out


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], [r for r in rows[1:] if r]


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def export_fold(data, raw, header, args, model_name, protocol, fold, held_out, tr, te, out_dir, data_sha):
    import numpy as np
    import onnx
    import onnx_export
    X, y, families, names = data["X"], data["y"], data["families"], data["names"]
    targs = train.build_parser().parse_args(["--seed", str(args.seed), "--jobs", str(args.jobs)] + MODELS[model_name]
                                            + (["--trees", str(args.trees)] if args.trees else []))
    est = train.make_estimator(targs)
    est.fit(X[tr], y[tr], sample_weight=train.family_weights(y[tr], families[tr]))
    est.set_params(n_jobs=1)  # bit-reproducible predict_proba
    model_id = f"adfa-ld-{protocol}-{fold}-{model_name}"
    metrics = {"evaluation": f"ADFA-LD {protocol} {fold}: an evaluation artefact, not a detection model",
               "train_rows": int(len(tr)), "test_rows": int(len(te)), "held_out": held_out}
    metadata = train.model_metadata(args.schema_version, names, {"suspicious": ARGMAX, "malicious": ARGMAX}, model_id,
                                    data_sha, metrics, est.feature_importances_)
    model = onnx_export.forest_to_onnx(est, names, metadata, model_doc=f"{model_id}: {type(est).__name__}"
                                       f"({targs.trees} trees) on ADFA-LD, ProcGuard schema {args.schema_version}")
    # same leaf in every tree is the proof; probabilities are float32 sums of up to 500 leaf weights in ONNX, so
    # they may drift from scikit-learn's float64 mean by a few 1e-7 (1e-5 allowed here, 1e-6 for the shipped model)
    diff = onnx_export.check_model(model, est, X[te], tolerance=1e-5)
    d = os.path.join(out_dir, protocol, model_name, fold)
    os.makedirs(d, exist_ok=True)
    paths = [os.path.join(d, n) for n in ("model.onnx", "test.csv", "sklearn.csv")]
    onnx.save(model, paths[0])
    write_csv(paths[1], header, [raw[i] for i in te])
    proba = est.predict_proba(X[te])[:, 1]
    write_csv(paths[2], ["trace", "sklearn_proba"], [[data["traces"][i], repr(float(np.float32(p)))]
                                                     for i, p in zip(te, proba)])
    print(f"folds.py: {model_id}: trained on {len(tr)}, test {len(te)} rows, ONNX = sklearn within {diff:.1e}",
          file=sys.stderr)
    return [protocol, model_name, fold, held_out] + paths


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                epilog="example:\n  /usr/bin/python3 folds.py --features adfa.csv --schema-version 1 "
                                       "--out /tmp/x/folds", formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--features", required=True, help="features CSV of procguard features --format adfa-ld")
    p.add_argument("--schema-version", required=True, help="ProcGuard feature schema version of the CSV")
    p.add_argument("--out", required=True, help="output folder (created; should be private, e.g. mktemp -d)")
    p.add_argument("--protocol", choices=("all", "cv", "lofo"), default="all")
    p.add_argument("--models", default="rf,et,et500", help="comma-separated of: " + ", ".join(MODELS) + " (default: %(default)s)")
    p.add_argument("--cv-folds", type=int, default=10, help="folds of the cv protocol (default: %(default)s)")
    p.add_argument("--limit", type=int, default=0, help="only the first N folds of each protocol (smoke tests)")
    p.add_argument("--trees", type=int, help="trees of every model (default: each model's own: train.py's 150, "
                                             "et500's 500)")
    p.add_argument("--seed", type=int, default=42, help="fold shuffling and estimator seed (default: %(default)s)")
    p.add_argument("--jobs", type=int, default=2, help="threads for fitting (default: %(default)s)")
    args = p.parse_args(argv)
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    unknown = [m for m in models if m not in MODELS]
    if unknown or not models:
        train.fail(train.EXIT_USAGE, f"--models: unknown {unknown}; choose from {', '.join(MODELS)}")
    try:
        data = train.load_features(args.features)
        header, raw = read_rows(args.features)
    except OSError as e:
        train.fail(train.EXIT_BAD_INPUT, f"{args.features}: {e.strerror}")
    except train.BadInput as e:
        train.fail(train.EXIT_BAD_INPUT, str(e))
    y, families = data["y"], data["families"]
    if len(raw) != len(y) or len(set(y)) < 2:
        train.fail(train.EXIT_BAD_INPUT, f"{args.features}: needs normal and attack rows")
    data_sha = train.sha256_of(args.features)
    plans = []
    if args.protocol in ("all", "cv"):
        plans.append(("cv", cv_folds(families, args.cv_folds, args.seed)))
    if args.protocol in ("all", "lofo"):
        plans.append(("lofo", lofo_folds(y, families, args.seed)))
    os.makedirs(args.out, exist_ok=True)
    lines = []
    for protocol, folds in plans:
        for fold, held_out, tr, te in folds[:args.limit or None]:
            for m in models:
                lines.append(export_fold(data, raw, header, args, m, protocol, fold, held_out, tr, te, args.out, data_sha))
    with open(os.path.join(args.out, "folds.tsv"), "w", encoding="utf-8") as f:
        f.write("protocol\tmodel\tfold\theld_out\tmodel_path\ttest_path\tsklearn_path\n")
        for line in lines:
            f.write("\t".join(line) + "\n")
    print(f"folds.py: {len(lines)} fold models in {args.out}/folds.tsv", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
