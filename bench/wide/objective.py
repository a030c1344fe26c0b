#!/usr/bin/python3
"""Objective values of an mlctl model and a scikit-learn model on the same training data.

    objective.py DATA.csv TARGET ALPHA MLCTL.mlm MLCTL_PRED.csv SK.joblib [REPORT.json]

Prints one tab-separated line: mlctl's objective, scikit-learn's, their relative difference,
the largest difference between the two models' predictions (values for ridge, class
probabilities for logistic), both on the training rows, and with REPORT.json (the output of
`mlctl train --json`) what mlctl's solver said: converged or not, iterations, gradient norm,
warnings (ridge has no iterations: it is solved exactly).

The objective is mlctl's (README, bench/models/README.md), which is scikit-learn's up to the
factor alpha = 1/C:
  ridge     sum_i (y_i - yhat_i)^2         + alpha * ||W||^2
  logistic  sum_i -log p_i(y_i)            + alpha / 2 * ||W||^2   (binary and multinomial)
with W the coefficients on the encoded features (the intercepts are not penalised). Each
model's loss is taken from its own predictions (mlctl's: `mlctl predict [--proba]` output,
printed with 17 digits; scikit-learn's: the pipeline's predict / predict_proba) and its
penalty from its own coefficients (mlctl's read from the .mlm file, a safetensors file:
docs/model-format.md), so neither side depends on matching the other's column order.
"""
import json
import struct
import sys

import joblib
import numpy as np
import pandas as pd


def mlm_coef(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    start, end = header["coef"]["data_offsets"]
    return np.frombuffer(data[start:end], dtype="<f8")


def main():
    if len(sys.argv) not in (7, 8):
        sys.exit("usage: objective.py DATA.csv TARGET ALPHA MLCTL.mlm MLCTL_PRED.csv SK.joblib"
                 " [REPORT.json]")
    data, target, alpha, mlm, pred, sk = sys.argv[1:7]
    alpha = float(alpha)
    frame = pd.read_csv(data)
    model = joblib.load(sk)
    X = frame[list(model.feature_names_in_)]
    y = frame[target].to_numpy()
    ours = pd.read_csv(pred)
    w_ours = mlm_coef(mlm)
    w_sk = model.named_steps["model"].coef_.ravel()
    if target == "y":
        fit_ours = ours["prediction"].to_numpy()
        fit_sk = model.predict(X)
        obj = [np.sum((y - f) ** 2) + alpha * np.dot(w, w)
               for f, w in ((fit_ours, w_ours), (fit_sk, w_sk))]
    else:
        classes = list(model.classes_)
        fit_ours = ours[[f"proba_{c}" for c in classes]].to_numpy()
        fit_sk = model.predict_proba(X)
        index = np.searchsorted(np.array(classes, dtype=object), y)
        rows = np.arange(len(y))
        obj = [-np.sum(np.log(f[rows, index])) + alpha / 2 * np.dot(w, w)
               for f, w in ((fit_ours, w_ours), (fit_sk, w_sk))]
    rel = (obj[0] - obj[1]) / abs(obj[1])
    fields = [f"{obj[0]:.10g}", f"{obj[1]:.10g}", f"{rel:.2e}",
              f"{np.max(np.abs(fit_ours - fit_sk)):.2e}"]
    if len(sys.argv) == 8:
        fields.append(solver_summary(sys.argv[7]))
    print("\t".join(fields))


def solver_summary(path):
    with open(path) as f:
        report = json.load(f)
    s = report.get("solver")
    text = ["exact (no iterations)" if s is None else
            f"converged: {str(s['converged']).lower()}, {s['iterations']} iterations, "
            f"gradient {s['gradient_norm']:.1e}"]
    return "; ".join(text + [str(w) for w in report.get("warnings", [])])


if __name__ == "__main__":
    main()
