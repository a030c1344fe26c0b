#!/usr/bin/python3
"""The seeds' pattern (issue #17): a Flask app that loads a joblib pipeline and predicts the CSV
rows of each POST body, answering a CSV like `mlctl predict`'s (a `prediction` column).

    flask_app.py MODEL.joblib PORT

Flask's own server (Werkzeug) with a thread per request, as such apps are usually run; the
pipeline is bench/models/sk_train.py's (mlctl's default recipe in scikit-learn).
"""
import io
import sys

import joblib
import pandas as pd
from flask import Flask, Response, request

app = Flask(__name__)
model = None


@app.post("/predict")
def predict():
    frame = pd.read_csv(io.BytesIO(request.get_data()))
    frame = frame[list(model.feature_names_in_)]
    out = pd.DataFrame({"prediction": model.predict(frame)})
    return Response(out.to_csv(index=False), mimetype="text/csv")


def main():
    global model
    if len(sys.argv) != 3:
        sys.exit("usage: flask_app.py MODEL.joblib PORT")
    model = joblib.load(sys.argv[1])
    app.run(host="127.0.0.1", port=int(sys.argv[2]), threaded=True)


if __name__ == "__main__":
    main()
