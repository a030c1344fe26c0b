#!/usr/bin/env python3
"""Compares two models' `mlctl describe --json` documents: the same model up to rounding.

usage: same_model.py A.json B.json [REL [A.mlm B.mlm]]

Every key and value must match, numbers within REL relative (default 1e-9; 1e-12 absolute near
zero), except what says where and when a model was made: provenance, path, and the data's
source, bytes, hash and per-process rows. With the model files too, every tensor of theirs
(coefficients, pipeline, the stored evaluation sample) is compared the same way. Prints the first differences and exits 1; exits 0
silently when the models agree. Standard library only (CI needs no numpy)."""
import json
import struct
import sys

SKIPPED = {("provenance",), ("path",), ("data", "source"), ("data", "bytes"), ("data", "xxh3"),
           ("data", "process_rows")}


def compare(a, b, path, rel, out):
    if path in SKIPPED:
        return
    where = "/".join(map(str, path)) or "<top>"
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if (*path, key) in SKIPPED:
                continue
            if key not in a or key not in b:
                out.append(f"{where}/{key}: only in {'B' if key not in a else 'A'}")
                continue
            compare(a[key], b[key], (*path, key), rel, out)
    elif isinstance(a, list) and isinstance(b, list):
        # Lists ranked by a value (coefficients by size, importance) may swap ties that rounding
        # breaks another way: such lists of named items are compared by name.
        for key in ("feature", "name"):
            if a and b and all(isinstance(x, dict) and key in x for x in a + b):
                a = sorted(a, key=lambda x: str(x[key]))
                b = sorted(b, key=lambda x: str(x[key]))
                break
        if len(a) != len(b):
            out.append(f"{where}: {len(a)} items against {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            compare(x, y, (*path, i), rel, out)
    elif isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            out.append(f"{where}: {a!r} against {b!r}")
        elif abs(a - b) > max(rel * max(abs(a), abs(b)), 1e-12):
            out.append(f"{where}: {a!r} against {b!r}")
    elif a != b:
        out.append(f"{where}: {a!r} against {b!r}")


def tensors(path):
    """The model file's tensors (a safetensors container: docs/model-format.md) as lists."""
    with open(path, "rb") as f:
        data = f.read()
    size = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + size])
    out = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        begin, end = spec["data_offsets"]
        raw = data[8 + size + begin:8 + size + end]
        code = {"F64": "d", "I64": "q", "I32": "i", "U8": "B"}[spec["dtype"]]
        out[name] = list(struct.unpack("<%d%s" % (len(raw) // struct.calcsize(code), code), raw))
    return out


def main():
    with open(sys.argv[1]) as f:
        a = json.load(f)
    with open(sys.argv[2]) as f:
        b = json.load(f)
    rel = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-9
    out = []
    compare(a, b, (), rel, out)
    if len(sys.argv) > 5:
        compare(tensors(sys.argv[4]), tensors(sys.argv[5]), ("tensors",), rel, out)
    for line in out[:10]:
        print(line)
    sys.exit(1 if out else 0)


if __name__ == "__main__":
    main()
