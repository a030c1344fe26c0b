#!/usr/bin/python3
"""scikit-learn adapter: joblib load, read the CSV, predict, write a CSV like `mlctl predict`.

    sk_predict.py MODEL.joblib DATA.csv OUT.csv [--proba]

Columns the model was not trained on (the target) are dropped before predicting. Output: a
`prediction` column, plus proba_<class> columns with --proba (as `mlctl predict --proba`).
"""
import sys

import joblib
import pandas as pd


def main():
    if len(sys.argv) not in (4, 5) or (len(sys.argv) == 5 and sys.argv[4] != "--proba"):
        sys.exit("usage: sk_predict.py MODEL.joblib DATA.csv OUT.csv [--proba]")
    model = joblib.load(sys.argv[1])
    frame = pd.read_csv(sys.argv[2])
    frame = frame[list(model.feature_names_in_)]
    out = pd.DataFrame({"prediction": model.predict(frame)})
    if len(sys.argv) == 5:
        for k, name in enumerate(model.classes_):
            out[f"proba_{name}"] = model.predict_proba(frame)[:, k]
    out.to_csv(sys.argv[3], index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
