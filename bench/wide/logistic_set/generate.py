#!/usr/bin/python3
"""Writes a wide logistic benchmark set, deterministically (fixed seed, fixed formats).

    generate.py ROWS OUT.csv [CLASSES]

Columns: x0..x9 numeric (different means and scales), c0..c3 categorical with 10, 100, 1000
and 2500 levels drawn with Zipf-like frequencies (level k has weight 1/(k+1): a few common
levels, a long tail seen a handful of times), label yes/no drawn from a logistic model of all
of them (with CLASSES = 3: a, b or c, by the tertile of that score plus logistic noise). One-hot encoded this is about 3600 parameters: above mlctl's dense-Newton limit
(3000), so it exercises the large-model solver (issue #14).
"""
import sys

import numpy as np

LEVELS = [10, 100, 1000, 2500]
NUMERIC = 10


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    classes = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    rng = np.random.default_rng(14)
    means = rng.uniform(-50, 50, NUMERIC)
    scales = 10.0 ** rng.uniform(-2, 3, NUMERIC)
    X = means + scales * rng.standard_normal((rows, NUMERIC))
    z = ((X - means) / scales) @ rng.normal(0, 0.5, NUMERIC)
    cats = []
    for levels in LEVELS:
        weights = 1.0 / np.arange(1, levels + 1)
        codes = rng.choice(levels, size=rows, p=weights / weights.sum())
        z += rng.normal(0, 1, levels)[codes]
        cats.append(codes)
    if classes == 2:
        label = np.where(rng.random(rows) < 1 / (1 + np.exp(-(z - z.mean()))), "yes", "no")
    else:
        noisy = z + rng.logistic(0, 1, rows)
        label = np.array(["a", "b", "c"])[np.searchsorted(np.quantile(noisy, [1 / 3, 2 / 3]), noisy)]
    with open(out, "w") as f:
        header = [f"x{j}" for j in range(NUMERIC)] + [f"c{j}" for j in range(len(LEVELS))]
        f.write(",".join(header + ["label"]) + "\n")
        for i in range(rows):
            fields = ["%.7g" % v for v in X[i]]
            fields += [f"L{c[i]}" for c in cats]
            fields.append(label[i])
            f.write(",".join(fields) + "\n")


if __name__ == "__main__":
    main()
