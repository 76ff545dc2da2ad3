#!/usr/bin/python3
"""Trains ProcGuard's RandomForest on per-process features and exports it to ONNX.

Input: a features CSV from the Java exporter (``procguard features``): the six id columns
``trace,pid,comm,exe,family,label`` then one column per feature in schema order. Labels are binary
(0/benign/normal vs 1/malicious/suspicious/attack); the family column groups rows for the
leave-one-family-out evaluation.

Steps: evaluate leave-one-family-out, choose the (suspicious, malicious) thresholds from the
out-of-family scores to meet the false-positive targets, train the final forest on all rows, export it
to an ai.onnx.ml TreeEnsembleClassifier (hand-written, see onnx_export.py) with its metadata, check the
graph against predict_proba, write the parity fixture and the report (Markdown + JSON).

Deterministic for a given CSV and --seed. Needs Debian's python3-sklearn and python3-onnx:
run it with /usr/bin/python3.
"""

import argparse
import csv
import datetime
import hashlib
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = os.path.dirname(HERE)
DEFAULT_FEATURES = os.path.join(HERE, "data", "corpus-features.csv")
DEFAULT_MODEL = os.path.join(MODULE, "src", "main", "resources", "io", "procguard", "ml", "model",
                             "procguard-default.onnx")
DEFAULT_FIXTURE = os.path.join(MODULE, "src", "test", "resources", "io", "procguard", "ml", "parity", "parity.csv")
DEFAULT_REPORT = os.path.join(HERE, "REPORT.md")
ID_COLUMNS = ["trace", "pid", "comm", "exe", "family", "label"]
POSITIVE = {"1", "malicious", "suspicious", "attack", "true", "yes", "positive"}
NEGATIVE = {"0", "benign", "normal", "false", "no", "negative"}
EXIT_USAGE, EXIT_BAD_INPUT, EXIT_ENVIRONMENT = 2, 3, 4


class BadInput(Exception):
    """A problem in an input file, with its location."""


def fail(code, msg):
    print("train.py: " + msg, file=sys.stderr)
    sys.exit(code)


def column_of(row, index):
    """1-based character column where field ``index`` starts (exact for unquoted fields)."""
    return 1 + sum(len(f) + 1 for f in row[:index])


def shorten(s, n=40):
    return s if len(s) <= n else s[:n - 3] + "..."


def load_features(path):
    """:return: dict with feature names, X (float32 [N, F]), y, families, traces, comms, exes"""
    import numpy as np
    names, rows, y, families, traces, comms, exes = None, [], [], [], [], [], []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            raise BadInput(f"{path}:1:1: empty file, expected a header {','.join(ID_COLUMNS)},<features>")
        if [h.strip() for h in header[:6]] != ID_COLUMNS:
            raise BadInput(f"{path}:1:1: expected the header to start with {','.join(ID_COLUMNS)}, "
                           f"got {shorten(','.join(header[:6]), 80)!r}")
        names = [h.strip() for h in header[6:]]
        if not names:
            raise BadInput(f"{path}:1:{column_of(header, 6)}: no feature columns after the six id columns")
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise BadInput(f"{path}:1:{column_of(header, header.index(dup, 6))}: duplicate feature {dup!r}")
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != len(header):
                raise BadInput(f"{path}:{line}:{column_of(row, min(len(row), len(header)))}: expected "
                               f"{len(header)} fields, got {len(row)}")
            label = row[5].strip().lower()
            if label in POSITIVE:
                y.append(1)
            elif label in NEGATIVE:
                y.append(0)
            else:
                raise BadInput(f"{path}:{line}:{column_of(row, 5)}: label {shorten(row[5])!r} is neither "
                               f"benign (0, benign, normal) nor malicious (1, malicious, suspicious, attack)")
            values = []
            for i, field in enumerate(row[6:], 6):
                try:
                    v = float(field)
                except ValueError:
                    v = float("nan")
                if not math.isfinite(v) or abs(v) > 3.4e38:
                    raise BadInput(f"{path}:{line}:{column_of(row, i)}: feature {header[i]!r} is not a finite "
                                   f"float32: {shorten(field)!r}")
                values.append(v)
            rows.append(values)
            traces.append(row[0])
            comms.append(row[2])
            exes.append(row[3])
            families.append(row[4].strip() or ("benign" if y[-1] == 0 else "malicious"))
    if not rows:
        raise BadInput(f"{path}:2:1: no data rows")
    return {"names": names, "X": np.asarray(rows, dtype=np.float32), "y": np.asarray(y, dtype=np.int64),
            "families": np.asarray(families, dtype=object), "traces": np.asarray(traces, dtype=object),
            "comms": np.asarray(comms, dtype=object), "exes": np.asarray(exes, dtype=object)}


def family_weights(y, families):
    """Sample weights giving every family the same total weight within its class, and both classes equal
    weight, so that a family with many processes per trace (fork bombs, builds) does not dominate."""
    import numpy as np
    w = np.zeros(len(y), dtype=np.float64)
    for label in (0, 1):
        fams = sorted(set(families[y == label]))
        for fam in fams:
            sel = (families == fam) & (y == label)
            w[sel] = 1.0 / (sel.sum() * len(fams))
    return w * len(y) / w.sum()


def pick_fixture_rows(X, y, proba, thresholds, forest, rng, size):
    """Rows for the parity fixture: those nearest each threshold, a stratified sample, and synthetic
    rows sitting exactly on split thresholds (and one float32 step above) to pin the <= comparison."""
    import numpy as np
    from onnx_export import threshold_float32_down
    picked = []
    for t in thresholds.values():
        picked += list(np.argsort(np.abs(proba - t))[: size // 6])
    for label in (0, 1):
        idx = np.nonzero(y == label)[0]
        picked += list(rng.choice(idx, size=min(len(idx), size // 4), replace=False))
    picked = list(dict.fromkeys(int(i) for i in picked))
    real = X[picked]
    synthetic = []
    trees = forest.estimators_
    while len(synthetic) < size - len(real) and len(synthetic) < size // 3 + 10:
        t = trees[rng.randint(len(trees))].tree_
        inner = np.nonzero(t.children_left != -1)[0]
        if len(inner) == 0:
            continue
        node = inner[rng.randint(len(inner))]
        base = X[rng.randint(len(X))].copy()
        edge = threshold_float32_down(t.threshold[node])
        base[t.feature[node]] = edge if len(synthetic) % 2 == 0 else np.nextafter(edge, np.float32(np.inf))
        synthetic.append(base)
    extremes = [np.zeros(X.shape[1], dtype=np.float32), X.max(axis=0), X.min(axis=0)]
    rows = np.vstack([real] + ([np.vstack(synthetic)] if synthetic else []) + [np.vstack(extremes)])
    return rows.astype(np.float32)


def write_fixture(path, names, rows, proba):
    import numpy as np
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(list(names) + ["sklearn_proba"])
        for r, p in zip(rows, proba):
            w.writerow([str(np.float32(v)) for v in r] + [repr(float(p))])


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_side_meta(args):
    """The features CSV's .meta.json (written by build_corpus.py export), or {} when there is none."""
    side = os.path.splitext(args.features)[0] + ".meta.json"
    if not os.path.isfile(side):
        return {}
    with open(side) as f:
        return json.load(f)


def read_schema_version(args):
    if args.schema_version:
        return args.schema_version
    meta = read_side_meta(args)
    if "feature_schema_version" in meta:
        return str(meta["feature_schema_version"])
    side = os.path.splitext(args.features)[0] + ".meta.json"
    fail(EXIT_USAGE, f"no --schema-version given and no feature_schema_version in {side}")


ESTIMATORS = ("randomforest", "extratrees")


def build_parser():
    """The command-line options; also how other scripts (e.g. adfa/folds.py) get train.py's defaults."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="example:\n  /usr/bin/python3 procguard-ml/training/train.py\n"
                                       "  /usr/bin/python3 train.py --features f.csv --out-model /x/m.onnx "
                                       "--report /x/R.md --fixture /x/p.csv --schema-version 1 --trees 30\n")
    p.add_argument("--features", default=DEFAULT_FEATURES, help="features CSV (default: %(default)s)")
    p.add_argument("--out-model", default=DEFAULT_MODEL, help="ONNX model written (default: %(default)s)")
    p.add_argument("--report", default=DEFAULT_REPORT, help="Markdown report; a .json is written beside it")
    p.add_argument("--fixture", default=DEFAULT_FIXTURE, help="parity fixture CSV (default: %(default)s)")
    p.add_argument("--schema-version", help="feature schema version (default: from FEATURES.meta.json)")
    p.add_argument("--model-id", help="model id (default: procguard-rf-<first 8 hex of the data sha256>)")
    p.add_argument("--title", default="ProcGuard default model", help="report title")
    p.add_argument("--estimator", choices=ESTIMATORS, default="randomforest",
                   help="tree ensemble: randomforest (bootstrap, best split) or extratrees (random splits, no "
                        "bootstrap); both export to the same ONNX graph (default: %(default)s)")
    p.add_argument("--trees", type=int, default=150, help="trees in the forest (default: %(default)s)")
    p.add_argument("--max-depth", type=int, default=14, help="tree depth bound, 0 for none (default: %(default)s)")
    p.add_argument("--min-samples-leaf", type=int, default=2, help="(default: %(default)s)")
    p.add_argument("--max-features", type=max_features, default=0.3,
                   help="features tried per split: a share in (0, 1], or sqrt or log2 (default: %(default)s; "
                        "schema 3's 215 features with sqrt let held-out benign python scripts score like the "
                        "fork-bomb's python workers, see procguard-ml/README.md)")
    p.add_argument("--seed", type=int, default=42, help="random_state of everything (default: %(default)s)")
    p.add_argument("--fpr-suspicious", type=float, default=0.02,
                   help="benign false-positive rate allowed at the suspicious threshold (default: %(default)s)")
    p.add_argument("--fpr-malicious", type=float, default=0.002,
                   help="benign false-positive rate allowed at the malicious threshold (default: %(default)s)")
    p.add_argument("--threshold-floor", type=float, default=0.3,
                   help="thresholds are never set below this (default: %(default)s)")
    p.add_argument("--recall-target", type=float, default=0.9, help="recall target named in the report")
    p.add_argument("--fixture-rows", type=int, default=300, help="about this many parity rows (default: %(default)s)")
    p.add_argument("--jobs", type=int, default=2, help="threads for fitting (default: %(default)s)")
    return p


def max_features(text):
    """``--max-features``: sqrt, log2 or a share of the features in (0, 1]."""
    if text in ("sqrt", "log2"):
        return text
    try:
        share = float(text)
    except ValueError:
        share = -1.0
    if not 0.0 < share <= 1.0:
        raise argparse.ArgumentTypeError(f"expected sqrt, log2 or a share in (0, 1], got {text!r}")
    return share


def make_estimator(args):
    """A fresh, unfitted tree ensemble as configured by ``args`` (from :func:`build_parser`)."""
    from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
    kind = ExtraTreesClassifier if args.estimator == "extratrees" else RandomForestClassifier
    return kind(n_estimators=args.trees, max_depth=args.max_depth or None, min_samples_leaf=args.min_samples_leaf,
                max_features=args.max_features, n_jobs=args.jobs, random_state=args.seed)


def model_metadata(schema_version, names, thresholds, model_id, data_sha, metrics, importances):
    """The ``procguard.*`` metadata_props OnnxClassifier reads (see README.md)."""
    return {
        "procguard.feature_schema_version": schema_version,
        "procguard.feature_names": ",".join(names),
        "procguard.threshold_suspicious": repr(thresholds["suspicious"]),
        "procguard.threshold_malicious": repr(thresholds["malicious"]),
        "procguard.model_id": model_id,
        "procguard.training_data_sha256": data_sha,
        "procguard.metrics": json.dumps(metrics, sort_keys=True, separators=(",", ":")),
        "procguard.feature_importances": ",".join(f"{v:.6g}" for v in importances),
    }


def main(argv):
    args = build_parser().parse_args(argv)

    try:
        import numpy as np
        import onnx
        import sklearn.ensemble  # noqa: F401 (checked here for a clear message)
    except ImportError as e:
        fail(EXIT_ENVIRONMENT, f"{e.name} is missing: install Debian's python3-sklearn python3-onnx and run "
                               f"with /usr/bin/python3")
    import evaluation
    import onnx_export
    import report

    schema_version = read_schema_version(args)
    try:
        data = load_features(args.features)
    except OSError as e:
        fail(EXIT_BAD_INPUT, f"{args.features}: {e.strerror}")
    except BadInput as e:
        fail(EXIT_BAD_INPUT, str(e))
    X, y, families, names = data["X"], data["y"], data["families"], data["names"]
    if len(set(y)) < 2:
        fail(EXIT_BAD_INPUT, f"{args.features}: needs both benign and malicious rows")
    mixed = [f for f in set(families) if len(set(y[families == f])) > 1]
    if mixed:
        fail(EXIT_BAD_INPUT, f"{args.features}: family {sorted(mixed)[0]!r} has both labels; "
                             f"a family must be all benign or all malicious")
    data_sha = sha256_of(args.features)
    model_id = args.model_id or "procguard-rf-" + data_sha[:8]

    def make_forest():
        return make_estimator(args)

    print(f"train.py: {len(y)} rows ({int(y.sum())} malicious), {len(names)} features, "
          f"{len(set(families))} families; leave-one-family-out...", file=sys.stderr)
    ev = evaluation.evaluate(X, y, families, data["traces"], make_forest, family_weights,
                             args.fpr_suspicious, args.fpr_malicious, args.threshold_floor)

    forest = make_forest()
    forest.fit(X, y, sample_weight=family_weights(y, families))
    forest.set_params(n_jobs=1)  # bit-reproducible predict_proba (threads would sum trees in any order)
    importances = forest.feature_importances_
    thresholds = ev["thresholds"]
    metrics = report.compact_metrics(ev, args, len(y), int(y.sum()))
    metadata = model_metadata(schema_version, names, thresholds, model_id, data_sha, metrics, importances)
    kind = "ExtraTrees" if args.estimator == "extratrees" else "RandomForest"
    model = onnx_export.forest_to_onnx(forest, names, metadata,
                                       model_doc=f"{model_id}: {kind}({args.trees} trees) over "
                                                 f"{len(names)} ProcGuard features, schema {schema_version}")
    rng = np.random.RandomState(args.seed)
    fixture_rows = pick_fixture_rows(X, y, forest.predict_proba(X)[:, 1], thresholds, forest, rng,
                                     args.fixture_rows)
    diff_fixture = onnx_export.check_model(model, forest, fixture_rows)
    diff_data = onnx_export.check_model(model, forest, X)
    for path in (args.out_model, args.fixture, args.report):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    onnx.save(model, args.out_model)
    write_fixture(args.fixture, names, fixture_rows, forest.predict_proba(fixture_rows)[:, 1])
    report.write(args.report, ev, data, importances, metadata, args, {
        "model_path": args.out_model, "model_bytes": os.path.getsize(args.out_model),
        "fixture_rows": len(fixture_rows), "parity_max_diff_fixture": diff_fixture,
        "parity_max_diff_training": diff_data, "generated": datetime.date.today().isoformat(),
        "blind_actors_dropped": read_side_meta(args).get("blind_actors_dropped", 0)})
    c = ev["at_suspicious"]
    print(f"train.py: {model_id}: LOFO ROC AUC {ev['roc_auc']:.4f}, recall {c['recall']:.3f} at FPR "
          f"{c['fpr']:.4f} (threshold {thresholds['suspicious']:.4f}); wrote {args.out_model}, "
          f"{args.fixture}, {args.report}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    main(sys.argv[1:])
