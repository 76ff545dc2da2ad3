#!/usr/bin/python3
"""Re-stamps trained ProcGuard models with a new feature schema version, nothing else changed.

A schema change that changes no training row (an export of the corpus traces by the old and the new code
is byte-identical, full and lean; procguard-ml/README.md) leaves the forests valid. The Java scorer
refuses a model whose ``procguard.feature_schema_version`` differs from the extractor's, so the models,
their reports and the training data's ``.meta.json`` get the new version, and the ``.meta.json`` a note
saying why the rows still hold.

    /usr/bin/python3 procguard-ml/training/restamp.py --schema 46 --note "schema 46 (...) changes no row: ..."

Without arguments beyond those it stamps the shipped default and lean models, REPORT(.json/.md) and
REPORT-lean(.json/.md), and both corpus-features .meta.json files. Exits 2 when a file does not carry the
version it is expected to replace (the previous one), so a half-done stamp is not repeated blindly.
"""

import argparse
import json
import os
import re
import sys

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
ML = os.path.dirname(HERE)
MODELS = [os.path.join(ML, "src/main/resources/io/procguard/ml/model", n) for n in ("procguard-default.onnx", "procguard-lean.onnx")]
REPORTS = [os.path.join(HERE, n) for n in ("REPORT", "REPORT-lean")]
METAS = [os.path.join(HERE, "data", n) for n in ("corpus-features.meta.json", "corpus-features-lean.meta.json")]
KEY = "procguard.feature_schema_version"


def fail(message):
    print(f"restamp: {message}", file=sys.stderr)
    sys.exit(2)


def stamp_model(path, old, new):
    model = onnx.load(path)
    props = {p.key: p for p in model.metadata_props}
    if KEY not in props:
        fail(f"{path}: no {KEY}")
    if props[KEY].value != old:
        fail(f"{path}: schema {props[KEY].value}, expected {old}")
    props[KEY].value = new
    onnx.save(model, path)


def load_json(path):
    """@return the parsed file and whether its text ends with a newline (kept as it was, so the diff is the stamp)"""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return json.loads(text), text.endswith("\n")


def save_json(path, value, newline):
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(value, indent=1) + ("\n" if newline else ""))


def stamp_report(base, old, new):
    report, newline = load_json(base + ".json")
    if report["metadata"].get(KEY) != old:
        fail(f"{base}.json: schema {report['metadata'].get(KEY)}, expected {old}")
    report["metadata"][KEY] = new
    save_json(base + ".json", report, newline)
    with open(base + ".md", encoding="utf-8") as f:
        text = f.read()
    stamped, n = re.subn(rf"feature schema {old},", f"feature schema {new},", text, count=1)
    if n != 1:
        fail(f"{base}.md: no 'feature schema {old},'")
    with open(base + ".md", "w", encoding="utf-8") as f:
        f.write(stamped)


def stamp_meta(path, old, new, note):
    meta, newline = load_json(path)
    if str(meta.get("feature_schema_version")) != old:
        fail(f"{path}: schema {meta.get('feature_schema_version')}, expected {old}")
    meta["feature_schema_version"] = new
    meta["feature_schema_note"] = note + " Before: " + meta.get("feature_schema_note", "")
    save_json(path, meta, newline)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schema", required=True, help="the new schema version (the previous one is this minus 1)")
    parser.add_argument("--note", required=True, help="why the training rows hold under the new schema")
    args = parser.parse_args()
    new = args.schema
    old = str(int(new) - 1)
    for m in MODELS:
        stamp_model(m, old, new)
    for r in REPORTS:
        stamp_report(r, old, new)
    for m in METAS:
        stamp_meta(m, old, new, args.note)
    print(f"restamp: schema {old} -> {new}: {len(MODELS)} models, {len(REPORTS)} reports, {len(METAS)} .meta.json")


if __name__ == "__main__":
    main()
