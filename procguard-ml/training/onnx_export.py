"""Hand-written export of a scikit-learn RandomForestClassifier to an ai.onnx.ml TreeEnsembleClassifier.

The graph is one node: float input ``features`` [N, F] -> ``label`` int64 [N] and ``probabilities``
float [N, 2] (no ZipMap). Decisions and probabilities equal scikit-learn's because:

* sklearn casts inputs to float32 and tests ``x <= threshold`` with a float64 threshold. For a float32
  x that is the same as ``x <= t32`` where t32 is the largest float32 not above the threshold, so each
  threshold is rounded to float32 *downwards* (``BRANCH_LEQ`` in ONNX compares in float).
* a forest's probability is the mean of its trees' leaf class distributions, so every leaf carries
  ``class_probability / n_estimators`` for both classes, summed with ``post_transform NONE``.
  Weights for both classes are emitted, which keeps ONNX Runtime out of its one-weight "binary" mode.

The ``label`` output follows ONNX Runtime's two-class rule without base values: 1 as soon as the class-1
score is > 0 (not argmax). Scorers must use ``probabilities[:, 1]`` with the model's thresholds.

``check_model`` re-reads the serialized attributes and evaluates the trees independently (numpy,
float32, like the runtime) to prove every row reaches the same leaves as ``estimator.apply``.
"""

import numpy as np
import onnx
from onnx import TensorProto, helper

ML_DOMAIN = "ai.onnx.ml"
ML_OPSET = 3
ONNX_OPSET = 17
IR_VERSION = 8


def threshold_float32_down(t):
    """The largest float32 that is <= t (float64), elementwise."""
    t = np.asarray(t, dtype=np.float64)
    t32 = t.astype(np.float32)
    above = t32.astype(np.float64) > t
    t32[above] = np.nextafter(t32[above], np.float32(-np.inf))
    return t32


def leaf_probabilities(tree):
    """Class distribution of every node of one fitted tree (rows sum to 1), shape [nodes, classes]."""
    value = tree.tree_.value[:, 0, :].astype(np.float64)
    total = value.sum(axis=1, keepdims=True)
    total[total == 0] = 1.0
    return value / total


def forest_to_onnx(forest, feature_names, metadata, model_doc=""):
    """Builds the ONNX model of a fitted binary RandomForestClassifier.

    :param forest: fitted sklearn.ensemble.RandomForestClassifier with classes [0, 1]
    :param feature_names: names in input order (len == forest.n_features_in_)
    :param metadata: dict of str -> str stored in metadata_props
    """
    classes = [int(c) for c in forest.classes_]
    if classes != [0, 1]:
        raise ValueError(f"expected a binary forest with classes [0, 1], got {classes}")
    n_features = forest.n_features_in_
    if len(feature_names) != n_features:
        raise ValueError(f"{len(feature_names)} feature names for {n_features} features")
    n_trees = len(forest.estimators_)
    a = {k: [] for k in ("nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
                         "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
                         "nodes_hitrates", "class_treeids", "class_nodeids", "class_ids", "class_weights")}
    for tree_id, est in enumerate(forest.estimators_):
        t = est.tree_
        leaf = t.children_left == -1
        thresholds = threshold_float32_down(np.where(leaf, 0.0, t.threshold))
        proba = leaf_probabilities(est)
        for node in range(t.node_count):
            a["nodes_treeids"].append(tree_id)
            a["nodes_nodeids"].append(node)
            a["nodes_missing_value_tracks_true"].append(0)
            a["nodes_hitrates"].append(1.0)
            if leaf[node]:
                a["nodes_featureids"].append(0)
                a["nodes_values"].append(0.0)
                a["nodes_modes"].append("LEAF")
                a["nodes_truenodeids"].append(0)
                a["nodes_falsenodeids"].append(0)
                for c in (0, 1):
                    a["class_treeids"].append(tree_id)
                    a["class_nodeids"].append(node)
                    a["class_ids"].append(c)
                    a["class_weights"].append(float(np.float32(proba[node, c] / n_trees)))
            else:
                a["nodes_featureids"].append(int(t.feature[node]))
                a["nodes_values"].append(float(thresholds[node]))
                a["nodes_modes"].append("BRANCH_LEQ")
                a["nodes_truenodeids"].append(int(t.children_left[node]))
                a["nodes_falsenodeids"].append(int(t.children_right[node]))
    node = helper.make_node("TreeEnsembleClassifier", ["features"], ["label", "probabilities"],
                            name="forest", domain=ML_DOMAIN, classlabels_int64s=classes,
                            post_transform="NONE", **a)
    graph = helper.make_graph(
        [node], "procguard_random_forest",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", n_features])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2])])
    model = helper.make_model(graph, producer_name="procguard-train", producer_version="1",
                              doc_string=model_doc,
                              opset_imports=[helper.make_opsetid("", ONNX_OPSET),
                                             helper.make_opsetid(ML_DOMAIN, ML_OPSET)])
    model.ir_version = IR_VERSION
    helper.set_model_props(model, {str(k): str(v) for k, v in metadata.items()})
    onnx.checker.check_model(model)
    return model


def _attributes(model):
    nodes = [n for n in model.graph.node if n.op_type == "TreeEnsembleClassifier"]
    if len(nodes) != 1:
        raise ValueError("expected exactly one TreeEnsembleClassifier node")
    return {at.name: helper.get_attribute_value(at) for at in nodes[0].attribute}


def evaluate_onnx_trees(model, X):
    """Evaluates the serialized ensemble in float32 like the runtime.

    :return: (probabilities float32 [N, 2], leaves int [N, trees])
    """
    at = _attributes(model)
    X = np.asarray(X, dtype=np.float32)
    # every attribute list converted once (per tree it was quadratic in the number of trees)
    tree_ids = np.array(at["nodes_treeids"])
    node_ids = np.array(at["nodes_nodeids"])
    features = np.array(at["nodes_featureids"])
    values = np.array(at["nodes_values"], dtype=np.float32)
    is_leaf_all = np.array([m == b"LEAF" or m == "LEAF" for m in at["nodes_modes"]])
    true_all = np.array(at["nodes_truenodeids"])
    false_all = np.array(at["nodes_falsenodeids"])
    n_trees = int(tree_ids.max()) + 1
    by_tree = np.argsort(tree_ids, kind="stable")
    bounds = np.searchsorted(tree_ids[by_tree], np.arange(n_trees + 1))
    trees = []
    for tid in range(n_trees):
        sel = by_tree[bounds[tid]:bounds[tid + 1]]
        sel = sel[np.argsort(node_ids[sel])]
        if not np.array_equal(node_ids[sel], np.arange(len(sel))):
            raise ValueError(f"tree {tid}: node ids are not 0..n-1")
        trees.append((features[sel], values[sel], is_leaf_all[sel], true_all[sel], false_all[sel]))
    weights = {}
    for t, n, c, w in zip(at["class_treeids"], at["class_nodeids"], at["class_ids"], at["class_weights"]):
        weights[(t, n, c)] = np.float32(w)
    proba = np.zeros((X.shape[0], 2), dtype=np.float32)
    leaves = np.zeros((X.shape[0], n_trees), dtype=np.int64)
    for tid, (feat, thr, is_leaf, true_ids, false_ids) in enumerate(trees):
        node = np.zeros(X.shape[0], dtype=np.int64)
        active = ~is_leaf[node]
        while active.any():
            rows = np.nonzero(active)[0]
            n = node[rows]
            go_true = X[rows, feat[n]] <= thr[n]
            node[rows] = np.where(go_true, true_ids[n], false_ids[n])
            active = ~is_leaf[node]
        leaves[:, tid] = node
        for c in (0, 1):
            proba[:, c] += np.array([weights[(tid, int(k), c)] for k in node], dtype=np.float32)
    return proba, leaves


def check_model(model, forest, X, tolerance=1e-6):
    """Proves the ONNX graph decides like the forest on X: same leaf in every tree, close probabilities.

    :return: the largest absolute probability difference
    """
    X = np.asarray(X, dtype=np.float32)
    proba, leaves = evaluate_onnx_trees(model, X)
    expected_leaves = forest.apply(X)
    bad = np.argwhere(leaves != expected_leaves)
    if len(bad):
        r, t = bad[0]
        raise AssertionError(f"row {r} reaches leaf {leaves[r, t]} of tree {t} in ONNX but "
                             f"{expected_leaves[r, t]} in scikit-learn ({len(bad)} mismatches)")
    diff = float(np.max(np.abs(proba.astype(np.float64) - forest.predict_proba(X)))) if len(X) else 0.0
    if diff > tolerance:
        raise AssertionError(f"ONNX probabilities differ from predict_proba by {diff:g} > {tolerance:g}")
    return diff
