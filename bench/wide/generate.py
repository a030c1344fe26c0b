#!/usr/bin/python3
"""Writes the wide-data benchmark's files (issue #14), deterministically (fixed seeds, formats).

    generate.py OUT_DIR [a] [b] [c] [sample]   (default: a b; c is 1M rows, 139 MB)

One CSV per shape, with all three targets in it (train with --target and leave the other
two out with --exclude):
  wide_a.csv  20k rows: c0 (2000 possible levels), x0 numeric
  wide_b.csv  200k rows: c0..c4 (10, 100, 1000, 10000, 50000 possible levels), x0..x9 numeric
  wide_c.csv  1M rows of shape b (its own draw, same generator)
  wide_sample.csv  5000 rows: c0 (2000 possible levels), x0 and x1 numeric; committed as
              data/wide.csv for the examples and the end-to-end tests
Targets:
  y      numeric (ridge): 2 + score + N(0, 1)
  bin    yes/no (binary logistic), P(yes) = sigmoid(score - mean score)
  cls4   k0..k3 (4-class multinomial), softmax of four scores, one per class

Levels are Zipf-distributed: level r (r = 1..L, written "<col>_<r>") has probability
proportional to 1 / r^1.1 (exponent ZIPF_S), truncated at the L possible levels. The head is
heavy (in c4, level 1 is about 14% of the rows) and the tail long: most of the 10k and 50k
possible levels occur a few times or not at all, so a level seen once is common. Each level
has a random effect N(0, 0.5^2) on each score, so rare levels matter a little and the fit
must estimate thousands of weakly identified coefficients (the regime where the L2 penalty
decides the optimum).

Numeric columns have different means and scales (sd 0.01 to 1000); x1 has 2% missing values
(shape b and c), so mean imputation is exercised. Numbers are written with 7 significant
digits, so every implementation reads the same decimal values. Same arguments, same bytes
(numpy PCG64, a seed per shape).
"""
import os
import sys

import numpy as np
import pandas as pd

ZIPF_S = 1.1
FORMAT = "%.7g"
SHAPES = {
    "a": dict(rows=20_000, levels=[2000], numeric=1, seed=1401),
    "b": dict(rows=200_000, levels=[10, 100, 1000, 10_000, 50_000], numeric=10, seed=1402),
    "c": dict(rows=1_000_000, levels=[10, 100, 1000, 10_000, 50_000], numeric=10, seed=1403),
    "sample": dict(rows=5_000, levels=[2000], numeric=2, seed=1400),
}
CLASSES = 4
EFFECT_SD = 0.5


def zipf_codes(rng, rows, levels):
    """Level indices 0..levels-1, P(r) proportional to 1 / (r + 1)^ZIPF_S."""
    p = 1.0 / np.arange(1, levels + 1, dtype=float) ** ZIPF_S
    cdf = np.cumsum(p / p.sum())
    cdf[-1] = 1.0
    return np.searchsorted(cdf, rng.uniform(size=rows), side="right")


def make(shape):
    spec = SHAPES[shape]
    rows, count = spec["rows"], spec["numeric"]
    rng = np.random.default_rng(spec["seed"])
    frame = {}
    scores = np.zeros((rows, 1 + CLASSES))  # column 0: ridge and binary; 1..4: the classes
    means = rng.uniform(-50, 50, count)
    scales = 10.0 ** rng.uniform(-2, 3, count)
    for j in range(count):
        x = means[j] + scales[j] * rng.standard_normal(rows)
        beta = rng.uniform(-1, 1, 1 + CLASSES) / scales[j]
        scores += np.outer(x - means[j], beta)
        frame[f"x{j}"] = x
    for j, levels in enumerate(spec["levels"]):
        codes = zipf_codes(rng, rows, levels)
        effects = EFFECT_SD * rng.standard_normal((levels, 1 + CLASSES))
        scores += effects[codes]
        names = np.array([f"c{j}_{r}" for r in range(1, levels + 1)], dtype=object)
        frame[f"c{j}"] = names[codes]
    frame = pd.DataFrame(frame)
    if count > 1:  # missing at random; the pipelines impute the mean
        frame.loc[rng.uniform(size=rows) < 0.02, "x1"] = np.nan
    s = scores[:, 0]
    frame["y"] = 2.0 + s + rng.standard_normal(rows)
    p = 1.0 / (1.0 + np.exp(-(s - s.mean())))
    frame["bin"] = np.where(rng.uniform(size=rows) < p, "yes", "no")
    z = scores[:, 1:] - scores[:, 1:].max(axis=1, keepdims=True)
    prob = np.exp(z)
    prob /= prob.sum(axis=1, keepdims=True)
    cdf = np.cumsum(prob, axis=1)
    cls = np.minimum((rng.uniform(size=(rows, 1)) > cdf).sum(axis=1), CLASSES - 1)
    frame["cls4"] = np.array([f"k{k}" for k in range(CLASSES)], dtype=object)[cls]
    return frame


def main():
    if len(sys.argv) < 2 or any(s not in SHAPES for s in sys.argv[2:]):
        sys.exit("usage: generate.py OUT_DIR [a] [b] [c] [sample]")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for shape in sys.argv[2:] or ["a", "b"]:
        path = os.path.join(out, f"wide_{shape}.csv")
        make(shape).to_csv(path + ".tmp", index=False, float_format=FORMAT)
        os.replace(path + ".tmp", path)  # a file that exists is complete


if __name__ == "__main__":
    main()
