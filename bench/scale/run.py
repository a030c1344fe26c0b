#!/usr/bin/python3
"""Scale benchmark (issue #15): train on large files in memory, under --memory, and over MPI.

    bench/scale/run.py [--rows 10M,50M] [--rounds N] [--fits ridge,logistic] [--only CONFIGS]

For each size and fit (ridge on reg_<n>.csv, target y; logistic on clf_<n>.csv, target label;
both with train's defaults: holdout 0.2, -j = cores), one interleaved run: each round runs every
configuration once, the order rotated from one round to the next:

  default   mlctl train FILE                  (no --memory: half of memory; the data spills past it)
  1G        mlctl train FILE --memory 1G
  256M      mlctl train FILE --memory 256M
  np1       mpirun -np 1 mlctl-mpi train FILE -j 1
  np2       mpirun -np 2 mlctl-mpi train FILE -j 1   (--bind-to core: one core each)

Every run is under GNU time (inside mpirun: one per rank): wall, user and system seconds, peak
RSS, major and minor page faults. Models are checked before anything is reported: the --memory
ones must be byte-identical to the default one, the MPI ones equal within 1e-9
(tests/cli/same_model.py). Prints one Markdown table per size and fit: medians over the rounds,
throughput against `default` and the MPI speed-up (np1 time / np2 time, and that over 2: the
parallel efficiency). Each file is read once
before its runs, so that every run finds it in the page cache.

Data: DATA=/path (default bench/generated/scale), written by scale_generate (bench/CMakeLists.txt)
when missing. Binaries: BUILD=/path/to/build (default build/), with mlctl and mlctl-mpi.
Needs GNU time (`time`), Open MPI (`openmpi-bin`) and a disk with room for the files (about
1.9 GB per 10M rows) and their spill (TMPDIR, up to the data's size in numbers).
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile

os.environ["SOURCE_DATE_EPOCH"] = "1700000000"  # else models differ by their creation time
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BUILD = os.environ.get("BUILD", os.path.join(ROOT, "build"))
DATA = os.environ.get("DATA", os.path.join(ROOT, "bench", "generated", "scale"))
MPIRUN = ["mpirun", "-q", "--allow-run-as-root", "--oversubscribe"]
TIME_FORMAT = "%e %U %S %M %F %R"  # wall user system peak-KB major-faults minor-faults
FITS = {"ridge": ("reg", "y"), "logistic": ("clf", "label")}
CONFIGS = ["default", "1G", "256M", "np1", "np2"]


def rows_of(text):
    return int(float(text[:-1]) * 1_000_000) if text.endswith("M") else int(text)


def data_file(kind, size):
    path = os.path.join(DATA, f"{kind}_{size}.csv")
    if not os.path.exists(path):
        generator = os.path.join(ROOT, "bench", "build", "scale_generate")
        if not os.path.exists(generator):
            subprocess.run(["cmake", "-S", os.path.join(ROOT, "bench"), "-B",
                            os.path.join(ROOT, "bench", "build")], check=True,
                           stdout=subprocess.DEVNULL)
            subprocess.run(["cmake", "--build", os.path.join(ROOT, "bench", "build"),
                            "--target", "scale_generate"], check=True, stdout=subprocess.DEVNULL)
        os.makedirs(DATA, exist_ok=True)
        print(f"generating {path} ...", file=sys.stderr)
        subprocess.run([generator, kind, str(rows_of(size)), path], check=True)
    return path


def command(config, path, target, model, times):
    train = ["train", path, "--target", target, "-o", model]
    timed = ["/usr/bin/time", "-f", TIME_FORMAT, "-o"]
    if config.startswith("np"):
        n = config[2:]
        # Each rank writes its own figures: GNU time inside mpirun, one file per rank.
        inner = (shlex.join(timed) + f' "{times}.$OMPI_COMM_WORLD_RANK" ' +
                 shlex.join([os.path.join(BUILD, "mlctl-mpi")] + train + ["-j", "1"]))
        return MPIRUN + ["--bind-to", "core", "-np", n, "sh", "-c", inner]
    memory = [] if config == "default" else ["--memory", config]
    return timed + [times + ".0", os.path.join(BUILD, "mlctl")] + train + memory


def run_once(config, path, target, work):
    model = os.path.join(work, f"{config}.mlm")
    times = os.path.join(work, f"{config}.time")
    wall_file = os.path.join(work, "outer.time")
    outer = ["/usr/bin/time", "-f", "%e", "-o", wall_file]
    result = subprocess.run(outer + command(config, path, target, model, times),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"run.py: {config} failed on {path}:\n{result.stderr}")
    ranks = []
    for rank in range(int(config[2:]) if config.startswith("np") else 1):
        with open(f"{times}.{rank}") as f:
            wall, user, system, rss, major, minor = f.read().split()[-6:]
        ranks.append({"user": float(user), "sys": float(system), "rss_mb": int(rss) / 1024,
                      "major": int(major), "minor": int(minor)})
    with open(wall_file) as f:
        wall = float(f.read().split()[-1])
    return {"wall": wall, "ranks": ranks, "model": model}


def describe(model):
    out = subprocess.run([os.path.join(BUILD, "mlctl"), "describe", model, "--json"],
                         check=True, capture_output=True, text=True).stdout
    path = model + ".json"
    with open(path, "w") as f:
        f.write(out)
    return path


def check_models(runs):
    reference = runs["default"][-1]["model"]
    for config, results in runs.items():
        model = results[-1]["model"]
        if config in ("1G", "256M"):
            if open(model, "rb").read() != open(reference, "rb").read():
                sys.exit(f"run.py: {config}'s model differs from the default one's")
        elif config.startswith("np"):
            same = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "cli",
                                                                "same_model.py"),
                                   describe(reference), describe(model), "1e-9", reference, model])
            if same.returncode != 0:
                sys.exit(f"run.py: {config}'s model is not the default one's within 1e-9")


def row(config, results, base_wall, mpi1_wall):
    wall = statistics.median(r["wall"] for r in results)
    per_rank = lambda key: statistics.median(max(x[key] for x in r["ranks"]) for r in results)
    sums = lambda key: statistics.median(sum(x[key] for x in r["ranks"]) for r in results)
    note = ""
    if config in ("1G", "256M"):
        note = f"throughput {base_wall / wall:.0%} of default"
    if config == "np2" and mpi1_wall:
        note = f"speed-up {mpi1_wall / wall:.2f}x, efficiency {mpi1_wall / wall / 2:.0%}"
    each = " each" if config.startswith("np") and len(results[0]["ranks"]) > 1 else ""
    return (f"| {config} | {wall:.1f} s | {sums('user'):.1f} s | {sums('sys'):.1f} s | "
            f"{per_rank('rss_mb'):.0f} MB{each} | {sums('major')} | {sums('minor')} | {note} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default="10M,50M")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--fits", default="ridge,logistic")
    parser.add_argument("--only", default=",".join(CONFIGS))
    args = parser.parse_args()
    configs = args.only.split(",")
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), "?")
    print(f"CPU: {cpu}, {os.cpu_count()} cores; rounds: {args.rounds}\n")
    for size in args.rows.split(","):
        for fit in args.fits.split(","):
            kind, target = FITS[fit]
            path = data_file(kind, size)
            subprocess.run(["cat", path], stdout=subprocess.DEVNULL, check=True)  # page cache
            runs = {c: [] for c in configs}
            with tempfile.TemporaryDirectory(prefix="mlctl-scale-") as work:
                for r in range(args.rounds):
                    for config in configs[r % len(configs):] + configs[:r % len(configs)]:
                        runs[config].append(run_once(config, path, target, work))
                        print(f"  {size} {fit} {config}: {runs[config][-1]['wall']:.1f} s",
                              file=sys.stderr)
                if "default" in runs:
                    check_models(runs)
                base = statistics.median(r["wall"] for r in runs.get("default", [])) \
                    if "default" in runs else 0
                mpi1 = statistics.median(r["wall"] for r in runs["np1"]) if "np1" in runs else 0
                size_gb = os.path.getsize(path) / 1e9
                print(f"### {fit}, {size} rows x 20 ({size_gb:.2f} GB)\n")
                print("| run | wall | user | system | peak RSS | major faults | minor faults | |")
                print("|---|---|---|---|---|---|---|---|")
                for config in configs:
                    print(row(config, runs[config], base, mpi1))
                print()
                sys.stdout.flush()


if __name__ == "__main__":
    main()
