#!/usr/bin/python3
"""The penalised logistic objective of mlctl models on a wide CSV, and scikit-learn's optimum.

    objective.py DATA.csv TARGET_COLUMN POSITIVE_CLASS MODEL.mlm... [--sklearn]

For each binary logistic model (the safetensors-style .mlm: coef, intercept, numeric.center,
numeric.scale, the pipeline in the metadata) prints
    sum_i log(1 + exp(z_i)) - y_i z_i + alpha/2 ||coef||^2
on the design the model encodes (numerics standardised with the model's centre and scale,
every category one-hot, the intercept not penalised). With --sklearn, also fits
LogisticRegression(solver="newton-cg", tol=1e-10, C=1/alpha) on the same design (the last
model's) and prints its objective and each model's largest parameter difference from it: scikit-learn minimises the same function.
"""
import json
import struct
import sys
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp


def load_model(path):
    raw = open(path, "rb").read()
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + size])
    body = raw[8 + size:]
    tensors = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        start, end = t["data_offsets"]
        tensors[name] = np.frombuffer(body[start:end], dtype="<f8").reshape(t["shape"])
    meta = json.loads(header["__metadata__"]["mlctl"])
    return tensors, meta


def design(frame, tensors, meta):
    features = meta["pipeline"]["features"]
    numeric = [f["name"] for f in features if f["type"] == "numeric"]
    X = (frame[numeric].to_numpy(float) - tensors["numeric.center"]) / tensors["numeric.scale"]
    blocks = [sp.csr_matrix(X)]
    for f in features:
        if f["type"] != "categorical":
            continue
        index = {c: k for k, c in enumerate(f["categories"])}
        codes = frame[f["name"]].astype(str).map(index).to_numpy()
        rows = np.arange(len(codes))
        blocks.append(sp.csr_matrix((np.ones(len(codes)), (rows, codes)),
                                    shape=(len(codes), len(f["categories"]))))
    return sp.hstack(blocks).tocsr()


def objective(X, y, coef, intercept, alpha):
    z = X @ coef + intercept
    return float(np.sum(np.logaddexp(0, z) - y * z) + 0.5 * alpha * coef @ coef)


def main():
    args = [a for a in sys.argv[1:] if a != "--sklearn"]
    data, target, positive, models = args[0], args[1], args[2], args[3:]
    frame = pd.read_csv(data, keep_default_na=False, dtype={c: str for c in ["c0", "c1", "c2", "c3"]})
    y = (frame[target].astype(str) == positive).to_numpy(float)
    X = None
    fitted = []
    for path in models:
        tensors, meta = load_model(path)
        alpha = meta["model"]["alpha"]
        X = design(frame, tensors, meta)
        value = objective(X, y, tensors["coef"][0], tensors["intercept"][0], alpha)
        fitted.append((path, np.append(tensors["coef"][0], tensors["intercept"][0])))
        print(f"{path}: objective {value:.10f}")
    if "--sklearn" in sys.argv:
        from sklearn.linear_model import LogisticRegression
        start = time.time()
        model = LogisticRegression(solver="newton-cg", tol=1e-10, C=1 / alpha, max_iter=1000)
        model.fit(X, y)
        seconds = time.time() - start
        value = objective(X, y, model.coef_[0], model.intercept_[0], alpha)
        print(f"scikit-learn newton-cg (tol 1e-10): objective {value:.10f}, "
              f"{model.n_iter_[0]} iterations, {seconds:.2f} s")
        reference = np.append(model.coef_[0], model.intercept_[0])
        for path, params in fitted:
            print(f"{path}: max |parameter - scikit-learn's| {np.abs(params - reference).max():.3g}")


if __name__ == "__main__":
    main()
