#!/usr/bin/python3
# family: interpreter
"""A data-processing script: CSV in, JSON summary out, a sorted report."""
import csv, json, os, random, statistics, time
rng = random.Random(int(os.environ["PG_SEED"]))
rows = [{"id": i, "team": rng.choice("abcdef"), "value": rng.gauss(100, 15)} for i in range(rng.randint(100, 20000))]
with open("in.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["id", "team", "value"]); w.writeheader(); w.writerows(rows)
time.sleep(rng.uniform(0, 0.3))
with open("in.csv", newline="") as f:
    data = list(csv.DictReader(f))
teams = {}
for r in data:
    teams.setdefault(r["team"], []).append(float(r["value"]))
summary = {t: {"n": len(v), "mean": statistics.mean(v)} for t, v in teams.items()}
with open("summary.json", "w") as f:
    json.dump(summary, f, indent=2)
with open("report.txt", "w") as f:
    for t in sorted(summary):
        f.write(f"{t} {summary[t]['n']} {summary[t]['mean']:.2f}\n")
os.makedirs("cache", exist_ok=True)
for i in range(rng.randint(1, 20)):
    with open(f"cache/part{i}.json", "w") as f:
        json.dump(rows[i::7][:50], f)
