#!/usr/bin/python3
"""Where a process's resident memory is, over time (issue #15's RSS target).

    bench/scale/rss_sampler.py [--period MS] [--out FILE.tsv] -- COMMAND...

Runs COMMAND (its stderr passed through, each line stamped with the time since the start, so
that `train -v`'s messages mark the phases) and every --period milliseconds (20) reads
/proc/PID/smaps_rollup and /proc/PID/smaps. Each sample's resident bytes are grouped by
mapping: `spill` (the arena's unlinked files in $TMPDIR, "(deleted)"), `heap` ([heap] and
anonymous mappings), `file` (other files: the binary, libraries, an input that is mapped) and
`other`. Writes one row per sample (--out, tab-separated, MB) and prints the sample with the
highest Rss and the largest value of each group, with the stderr line before it.
"""
import argparse
import subprocess
import sys
import threading
import time


def rollup(pid):
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[-1] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    return fields


def by_mapping(pid):
    groups = {"spill": 0, "heap": 0, "file": 0, "other": 0}
    name = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            first = line.split(maxsplit=1)[0]
            if "-" in first and not first.endswith(":"):
                parts = line.split(maxsplit=5)
                name = parts[5].strip() if len(parts) > 5 else ""
            elif first == "Rss:":
                kb = int(line.split()[1])
                if name.endswith("(deleted)"):
                    groups["spill"] += kb
                elif name == "" or name == "[heap]":
                    groups["heap"] += kb
                elif name.startswith("/"):
                    groups["file"] += kb
                else:
                    groups["other"] += kb
    return groups


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--period", type=float, default=20)
    parser.add_argument("--out")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    start = time.monotonic()
    child = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    last_line = ["(start)"]

    def relay():
        for line in child.stderr:
            stamp = time.monotonic() - start
            last_line[0] = f"{stamp:7.2f} {line.rstrip()}"
            print(last_line[0], file=sys.stderr)

    thread = threading.Thread(target=relay)
    thread.start()
    samples = []
    while child.poll() is None:
        try:
            r = rollup(child.pid)
            g = by_mapping(child.pid)
        except (FileNotFoundError, ProcessLookupError, ValueError):
            break
        samples.append((time.monotonic() - start, r, g, last_line[0]))
        time.sleep(args.period / 1000)
    child.wait()
    thread.join()
    keys = ["Rss", "Anonymous", "Shared_Clean", "Shared_Dirty", "Private_Clean", "Private_Dirty"]
    groups = ["spill", "heap", "file", "other"]
    if args.out:
        with open(args.out, "w") as f:
            print("\t".join(["t"] + keys + groups + ["phase"]), file=f)
            for t, r, g, line in samples:
                print("\t".join([f"{t:.3f}"] + [f"{r.get(k, 0) / 1024:.1f}" for k in keys] +
                                [f"{g[k] / 1024:.1f}" for k in groups] + [line]), file=f)

    def show(label, sample):
        t, r, g, line = sample
        print(f"{label}: t={t:.2f}s " + " ".join(f"{k}={r.get(k, 0) // 1024}" for k in keys) +
              " | " + " ".join(f"{k}={g[k] // 1024}" for k in groups) + f" | after: {line}")

    if samples:
        show("max Rss", max(samples, key=lambda s: s[1].get("Rss", 0)))
        for k in groups:
            show(f"max {k}", max(samples, key=lambda s: s[2][k]))
        print(f"{len(samples)} samples over {samples[-1][0]:.1f} s")
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
