#!/usr/bin/python3
"""Writes the model benchmark's data sets, deterministically (fixed seeds, fixed formats).

    generate.py ROWS OUT_DIR

Writes, for ROWS rows each (the suffix is ROWS in k/M: 100k, 1M):
  reg_<n>.csv    x0..x19 numeric, y = 3 + X beta + N(0, 1)           (ridge)
  clf_<n>.csv    x0..x19 numeric, label yes/no drawn from a logistic  (logistic)
  mixed_<n>.csv  x0..x16 numeric (x3, x7 with ~2% missing), c0..c2 categorical, label yes/no
  one_row_{reg,clf,mixed}_<n>.csv  the header and first data row of each (one-row latency)

Features have different means and scales on purpose, so that standard scaling matters. Numbers
are written with 7 significant digits: every implementation reads the same decimal values.
The bench generator in bench/csv_generate.cpp has no target column, hence this one.
"""
import os
import sys

import numpy as np
import pandas as pd

FEATURES = 20
FORMAT = "%.7g"


def suffix(rows):
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows % 1000 == 0:
        return f"{rows // 1000}k"
    return str(rows)


def numeric(rng, rows, count):
    means = rng.uniform(-50, 50, count)
    scales = 10.0 ** rng.uniform(-2, 3, count)  # 0.01 .. 1000
    return means + scales * rng.standard_normal((rows, count)), means, scales


def labels(rng, z):
    p = 1.0 / (1.0 + np.exp(-z))
    return np.where(rng.uniform(size=z.shape[0]) < p, "yes", "no")


def regression(rows):
    rng = np.random.default_rng(20240611)
    X, means, scales = numeric(rng, rows, FEATURES)
    beta = rng.uniform(-2, 2, FEATURES) / scales  # each feature moves y by O(1) per sd
    y = 3.0 + (X - means) @ beta + rng.standard_normal(rows)
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(FEATURES)])
    frame["y"] = y
    return frame


def classification(rows):
    rng = np.random.default_rng(20240612)
    X, means, scales = numeric(rng, rows, FEATURES)
    beta = rng.uniform(-1, 1, FEATURES) / scales
    z = 0.5 + (X - means) @ beta
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(FEATURES)])
    frame["label"] = labels(rng, z)
    return frame


def mixed(rows):
    rng = np.random.default_rng(20240613)
    count = FEATURES - 3
    X, means, scales = numeric(rng, rows, count)
    beta = rng.uniform(-1, 1, count) / scales
    z = -0.3 + (X - means) @ beta
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(count)])
    levels = {"c0": ["north", "south", "east", "west", "centre"],
              "c1": [f"grade_{k:02d}" for k in range(12)],
              "c2": ["low", "mid", "high"]}
    for name, values in levels.items():
        codes = rng.integers(0, len(values), rows)
        effects = rng.uniform(-1, 1, len(values))
        z = z + effects[codes]
        frame[name] = np.array(values, dtype=object)[codes]
    for name in ("x3", "x7"):  # missing at random; the pipelines impute the mean
        frame.loc[rng.uniform(size=rows) < 0.02, name] = np.nan
    frame["label"] = labels(rng, z)
    return frame


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: generate.py ROWS OUT_DIR")
    rows = int(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name, make in (("reg", regression), ("clf", classification), ("mixed", mixed)):
        frame = make(rows)
        path = os.path.join(out, f"{name}_{suffix(rows)}.csv")
        frame.to_csv(path + ".tmp", index=False, float_format=FORMAT)
        os.replace(path + ".tmp", path)
        one_row = os.path.join(out, f"one_row_{name}_{suffix(rows)}.csv")
        frame.head(1).to_csv(one_row, index=False, float_format=FORMAT)


if __name__ == "__main__":
    main()
