#!/usr/bin/env python3
"""Runs the seed's NumPy experiments beside the same experiments in Oversub,
in one sitting, and prints their ratios side by side.

For every round (--rounds, default 3) and every experiment, the NumPy script
runs first and `oversub-cli sweep` right after, so both sides see the same
state of the machine. Each side times every configuration --repeat times
after --warmup unmeasured runs and takes the ratio of the medians; the table
shows, for each side, the median of those per-round ratios with their
minimum and maximum, the ratio Oversub/NumPy of the two medians, and whether
both show the effect in the same direction.

Only ratios are compared: the NumPy side is Python driving OpenBLAS and
NumPy's loops, Oversub's kernels are C++ on the same OpenBLAS, so absolute
times differ (most for the scalar loop, pure Python on one side).

Standard library only: this script runs under any Python 3; the NumPy scripts
run under --python (default: this interpreter if it can import NumPy, else
/usr/bin/python3, Debian's python3-numpy).
"""

import sys

sys.dont_write_bytecode = True

import argparse
import datetime
import json
import os
import shlex
import shutil
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# A ratio within this distance of 1 shows no effect either way.
NO_EFFECT = 0.05

# Sizes. FULL are the seed's where it has them; QUICK only checks the
# plumbing (every script and sweep runs, every number is read) and measures
# nothing worth keeping.
FULL = {
    "elementwise": {"size": 1000, "iterations": 100, "tasks": 4},
    # --iterations for Oversub's scalar kernel: one walk over a 1000 x 1000
    # input is ~1e6 dependent FMAs (~1-2 ms), the seed's silly_mult over the
    # same matrix ~50-100 ms of Python; 40 walks make a task of the same order.
    "scalar": {"size": 1000, "tasks": 10, "oversub_iterations": 40},
    "svd": {"size": 1000, "tasks": 16},
    "gemm": {"size": 1000, "tasks": 16},
}
QUICK = {
    "elementwise": {"size": 100, "iterations": 8, "tasks": 4},
    "scalar": {"size": 100, "tasks": 4, "oversub_iterations": 40},
    "svd": {"size": 60, "tasks": 16},
    "gemm": {"size": 100, "tasks": 4},
}
EXPERIMENTS = ["elementwise", "scalar", "svd", "gemm"]


def fail(message):
    sys.exit(f"compare.py: {message}")


def progress(text):
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- Oversub side

def summary_seconds(summary, **want):
    """Median seconds of the sweep point whose label has every `knob=value` of
    `want`, and the name of the interval it came from.

    Oversub's summary (`summary.points[]`) gives per point the statistics of
    its measured runs. The interval is the one the summary's speedups are
    computed from: `timed_s` (a run's wall time minus the conductor's own
    preparation of the task inputs) when the summary carries it, else
    `wall_s` (the whole run, from before the inputs are prepared to the last
    worker reaped). The NumPy scripts make their inputs before their clock
    starts, so `timed_s` is the closer match; `wall_s` adds the time Oversub
    spends filling and, for pipe delivery, writing the inputs."""
    for point in summary.get("points", []):
        label = dict(kv.split("=", 1) for kv in (point.get("label") or "").split() if "=" in kv)
        if all(label.get(k) == str(v) for k, v in want.items()):
            for interval in ("timed_s", "wall_s"):
                stats = point.get(interval)
                if isinstance(stats, dict) and stats.get("median") is not None:
                    return stats["median"], interval
            fail(f"Oversub point '{point.get('label')}' has no successful run "
                 f"({point.get('failed_runs')} of {point.get('runs')} runs failed)")
    fail(f"no Oversub point labelled {want} in {[p.get('label') for p in summary.get('points', [])]}")


def run_oversub(cli, args, out_path):
    cmd = [cli, "sweep", *args, "--out", out_path]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = "\n".join(proc.stdout.strip().splitlines()[-15:])
        fail(f"`{shlex.join(cmd)}` exited with status {proc.returncode}:\n{tail}")
    with open(out_path) as f:
        results = json.load(f)
    os.unlink(out_path)
    return results, seconds


# ------------------------------------------------------------------ NumPy side

def run_numpy(python, script, args, env):
    cmd = [python, os.path.join(HERE, script), *args]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        fail(f"`{shlex.join(cmd)}` exited with status {proc.returncode}")
    lines = proc.stdout.strip().splitlines()
    try:
        return json.loads(lines[-1]), seconds
    except (IndexError, json.JSONDecodeError):
        fail(f"`{shlex.join(cmd)}` printed no JSON line:\n{proc.stdout[-2000:]}")


# ----------------------------------------------------------------- experiments

def experiments(sizes, repeat, warmup, scalar_kernel, affinity=None):
    """Per experiment: the NumPy script and its arguments, the Oversub sweep
    arguments, and the rows it gives: (row id, what the ratio is, NumPy
    ratio from the script's JSON, Oversub ratio from the sweep's summary)."""
    runs = ["--repeat", str(repeat), "--warmup", str(warmup)]
    # Experiments 1, 3 and 4 take Oversub's default placement (scatter: each
    # worker bound to its own PUs) unless --oversub-affinity names another.
    place = ["--affinity", affinity] if affinity else []
    e, s, v, g = (sizes[k] for k in EXPERIMENTS)

    def ratio(a, b):
        return lambda summary: summary_seconds(summary, **a)[0] / summary_seconds(summary, **b)[0]

    w1_w2 = ratio({"workers": 1}, {"workers": 2})
    return {
        "elementwise": {
            "title": f"element-wise m*m, {e['iterations']} it., {e['tasks']} x {e['size']}^2, pickled (pipe, full result)",
            "numpy": ("elementwise_pool.py", ["--size", str(e["size"]), "--iterations", str(e["iterations"]),
                                              "--tasks", str(e["tasks"]), "--workers", "2", *runs]),
            "oversub": ["--workload", "elementwise", "--size", str(e["size"]), "--iterations", str(e["iterations"]),
                        "--tasks", str(e["tasks"]), "--workers", "1,2", "--threads", "1", "--delivery", "pipe",
                        "--result", "full", *place, *runs],
            "rows": [
                ("1", "serial map / Pool(2)  vs  1 / 2 workers",
                 lambda r: r["ratios"]["serial/pool2"], w1_w2),
                ("1b", "Pool(1) / Pool(2)  vs  1 / 2 workers",
                 lambda r: r["ratios"]["pool1/pool2"], w1_w2),
            ],
        },
        "scalar": {
            "title": f"scalar loop ({scalar_kernel}), {s['tasks']} tasks, 2 workers, parent pinned vs free",
            "numpy": ("scalar_affinity.py", ["--kernel", scalar_kernel, "--size", str(s["size"]),
                                             "--tasks", str(s["tasks"]), "--workers", "2", *runs]),
            "oversub": ["--workload", "scalar", "--size", str(s["size"]), "--iterations", str(s["oversub_iterations"]),
                        "--tasks", str(s["tasks"]), "--workers", "2", "--affinity", "single,scatter",
                        "--delivery", "pipe", "--result", "scalar", *runs],
            "rows": [
                ("2", "pinned / free  vs  single / scatter",
                 lambda r: r["ratios"]["pinned/free"], ratio({"affinity": "single"}, {"affinity": "scatter"})),
            ],
        },
        "svd": {
            "title": f"SVD, {v['tasks']} x {v['size']}^2, inherited at fork, 1 BLAS thread, static chunks",
            "numpy": ("svd_fork.py", ["--size", str(v["size"]), "--tasks", str(v["tasks"]), "--workers", "1,2,4",
                                      "--blas-threads", "1", *runs]),
            "oversub": ["--workload", "svd", "--size", str(v["size"]), "--tasks", str(v["tasks"]),
                        "--workers", "1,2,4", "--threads", "1", "--delivery", "fork", "--result", "scalar",
                        "--schedule", "static", *place, *runs],
            "rows": [
                ("3a", "1 / 2 workers", lambda r: r["ratios"]["1/2"], w1_w2),
                ("3b", "1 / 4 workers", lambda r: r["ratios"]["1/4"], ratio({"workers": 1}, {"workers": 4})),
            ],
        },
        "gemm": {
            "title": f"GEMM, {g['tasks']} x {g['size']}^2, 2 workers x 1 or 2 BLAS threads",
            "numpy": ("gemm_threads.py", ["--size", str(g["size"]), "--tasks", str(g["tasks"]), "--workers", "2",
                                          "--threads", "1,2", *runs]),
            "oversub": ["--workload", "gemm", "--size", str(g["size"]), "--tasks", str(g["tasks"]),
                        "--workers", "2", "--threads", "1,2", *place, *runs],
            "rows": [
                ("4", "2x1 / 2x2 (<1: 2x2 slower)", lambda r: r["ratios"]["t1/t2"],
                 ratio({"threads": 1}, {"threads": 2})),
            ],
        },
    }


# ------------------------------------------------------------------- reporting

def effect(r):
    if r > 1 + NO_EFFECT:
        return ">1"
    if r < 1 - NO_EFFECT:
        return "<1"
    return "~1"


def same_sign(a, b):
    ea, eb = effect(a), effect(b)
    if ea == eb:
        return "yes" if ea != "~1" else "yes (neither)"
    if "~1" in (ea, eb):
        return "unclear"
    return "no"


def spread(values):
    return statistics.median(values), min(values), max(values)


def fmt(values):
    m, lo, hi = spread(values)
    return f"{m:.2f} ({lo:.2f}-{hi:.2f})" if len(values) > 1 else f"{m:.2f}"


def table_rows(collected, defs):
    rows = []
    for key in defs:
        for row_id, what, _, _ in defs[key]["rows"]:
            n, o = collected[row_id]["numpy"], collected[row_id]["oversub"]
            mn, mo = statistics.median(n), statistics.median(o)
            rows.append([row_id, what, f"{effect(mn)}  {fmt(n)}", f"{effect(mo)}  {fmt(o)}", f"{mo / mn:.2f}",
                         same_sign(mn, mo)])
    return rows


HEADER = ["#", "ratio (time / time)", "NumPy", "Oversub", "Oversub/NumPy", "same sign"]


def text_table(rows):
    widths = [max(len(str(r[i])) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in [HEADER, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def machine():
    model = "unknown"
    if shutil.which("lscpu"):
        out = subprocess.run(["lscpu"], stdout=subprocess.PIPE, text=True, env=dict(os.environ, LC_ALL="C")).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
                break
    if shutil.which("nproc"):
        nproc = subprocess.run(["nproc"], stdout=subprocess.PIPE, text=True).stdout.strip()
    else:
        nproc = str(len(os.sched_getaffinity(0)))
    return model, nproc


def markdown(rows, info, defs):
    out = [f"## NumPy beside Oversub ({info['date']})", "",
           f"`bench/numpy/compare.py`: the seed's experiments as NumPy scripts, each run beside the same",
           "experiment in Oversub, interleaved (NumPy then Oversub, per experiment, per round).", "",
           f"- Machine: {info['model']}, nproc {info['nproc']}; {info['kernel']}",
           f"- Date: {info['date']}; load average at start {info['load_start']}, at end {info['load_end']}",
           f"- Command: `{info['command']}`",
           f"- Oversub: `{info['cli']}` ({info['oversub_version']}, commit {info['commit']}); "
           f"interval {info['interval']}; OPENBLAS_CORETYPE {info['oversub_coretype']}",
           f"- NumPy: {info['numpy']} on Python {info['python']} (`{info['python_path']}`), "
           f"OpenBLAS core {info['numpy_core']}",
           f"- {info['rounds']} round(s); each side {info['repeat']} timed run(s) after {info['warmup']} warm-up(s) "
           f"per configuration, ratio of medians per round; cells: median over rounds (min-max)"
           + ("; **--quick sizes: plumbing check only, not a measurement**" if info["quick"] else ""),
           f"- Run took {info['elapsed']}", "",
           "| " + " | ".join(HEADER) + " |",
           "|" + "|".join("---" for _ in HEADER) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    out += ["", "Experiments:"]
    for key in defs:
        d = defs[key]
        ids = "/".join(r[0] for r in d["rows"])
        script, sargs = d["numpy"]
        out.append(f"- {ids}: {d['title']}. NumPy `{script} {shlex.join(sargs)}`; "
                   f"Oversub `oversub-cli sweep {shlex.join(d['oversub'])}`")
    out += ["", f"`>1`/`<1`: the ratio is above/below 1 by more than {NO_EFFECT:.0%}; `~1` within it. "
            "Oversub/NumPy is the ratio of the two medians."]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------ main

def find_python(requested):
    candidates = [requested] if requested else [sys.executable, "/usr/bin/python3"]
    for py in candidates:
        if py and os.access(py, os.X_OK) and subprocess.run(
                [py, "-c", "import numpy"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
            return py
    fail(f"no Python with NumPy: tried {', '.join(c for c in candidates if c)}; "
         "install Debian's python3-numpy (apt-get install python3-numpy) or pass --python PATH")


def find_cli(path):
    tried = [path] if os.path.isabs(path) else [os.path.abspath(path), os.path.join(REPO, path)]
    for p in tried:
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    fail(f"oversub-cli not found (tried {', '.join(tried)}); build it "
         "(cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build) or pass --oversub-cli PATH")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oversub-cli", default="build/app/oversub-cli",
                        help="oversub-cli to run (default build/app/oversub-cli, from here or the repository root)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="timed runs per configuration on each side (default 3; 1 with --quick)")
    parser.add_argument("--warmup", type=int, default=None,
                        help="unmeasured runs before them (default 1; 0 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes: checks that everything runs and is read, measures nothing")
    parser.add_argument("--only", default=",".join(EXPERIMENTS),
                        help=f"experiments to run, comma-separated (default {','.join(EXPERIMENTS)})")
    parser.add_argument("--scalar-kernel", choices=["silly", "fib"], default="silly",
                        help="the seed's pure-Python loop for experiment 2 (default silly; fib needs "
                             "several hundred MB a worker)")
    parser.add_argument("--oversub-affinity", choices=["scatter", "inherit", "compact"], default=None,
                        help="Oversub placement for experiments 1, 3 and 4 (default: Oversub's, scatter; "
                             "inherit leaves workers unbound, as the NumPy scripts' are)")
    parser.add_argument("--python", default=None, help="Python with NumPy for the scripts")
    parser.add_argument("--markdown", metavar="FILE", default=None,
                        help="write the Markdown section to FILE instead of stdout")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    repeat = args.repeat if args.repeat is not None else (1 if args.quick else 3)
    warmup = args.warmup if args.warmup is not None else (0 if args.quick else 1)
    if repeat < 1 or warmup < 0:
        parser.error("--repeat must be 1 or more and --warmup 0 or more")
    only = [k.strip() for k in args.only.split(",") if k.strip()]
    unknown = [k for k in only if k not in EXPERIMENTS]
    if unknown or not only:
        parser.error(f"--only: {', '.join(unknown) or 'nothing'} (known: {', '.join(EXPERIMENTS)})")

    python = find_python(args.python)
    cli = find_cli(args.oversub_cli)
    load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    date = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    command = shlex.join([os.path.basename(sys.executable), *sys.argv])

    # The NumPy side runs on the OpenBLAS kernels Oversub runs: with no
    # OPENBLAS_CORETYPE set, oversub-cli picks the widest core the CPU runs
    # when OpenBLAS fell back to narrower ones (the kernel command reports it).
    env = dict(os.environ)
    if "OPENBLAS_CORETYPE" not in env:
        probe = subprocess.run([cli, "kernel", "gemm", "--size", "8", "--repeat", "1", "--warmup", "0", "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            better = json.loads(probe.stdout).get("openblas_better_coretype")
        except json.JSONDecodeError:
            better = None
        if better:
            env["OPENBLAS_CORETYPE"] = better
    # Oversub starts its workers with OpenBLAS's pool at one thread; the
    # element-wise and scalar scripts make no BLAS call and get the same.
    # (svd_fork.py and gemm_threads.py set the count themselves.)
    env["OPENBLAS_NUM_THREADS"] = "1"

    sizes = QUICK if args.quick else FULL
    defs = {k: v for k, v in experiments(sizes, repeat, warmup, args.scalar_kernel,
                                                args.oversub_affinity).items() if k in only}
    collected = {row[0]: {"numpy": [], "oversub": []} for d in defs.values() for row in d["rows"]}
    intervals, numpy_records, oversub_machine = set(), {}, {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="oversub-numpy-") as tmp:
        for rnd in range(1, args.rounds + 1):
            for key, d in defs.items():
                script, sargs = d["numpy"]
                record, np_s = run_numpy(python, script, sargs, env)
                numpy_records[key] = record
                results, ov_s = run_oversub(cli, d["oversub"], os.path.join(tmp, f"{key}-{rnd}.json"))
                summary = results.get("summary") or {}
                oversub_machine = results.get("machine") or oversub_machine
                parts = []
                for row_id, _, numpy_ratio, oversub_ratio in d["rows"]:
                    n, o = numpy_ratio(record), oversub_ratio(summary)
                    collected[row_id]["numpy"].append(n)
                    collected[row_id]["oversub"].append(o)
                    parts.append(f"{row_id} {n:.2f} | {o:.2f}")
                for p in summary.get("points", []):
                    intervals.add("timed_s" if isinstance(p.get("timed_s"), dict) else "wall_s")
                progress(f"[round {rnd}/{args.rounds}] {key}: NumPy {np_s:.1f} s, Oversub {ov_s:.1f} s; "
                         f"ratios NumPy | Oversub: {'; '.join(parts)}")
    elapsed = time.perf_counter() - started

    rows = table_rows(collected, defs)
    print(text_table(rows))

    model, nproc = machine()
    any_record = next(iter(numpy_records.values()))
    version = subprocess.run([cli, "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    effective = (oversub_machine.get("thread_env_effective") or {}) if isinstance(oversub_machine, dict) else {}
    uname = os.uname()
    info = {
        "model": model, "nproc": nproc, "kernel": f"{uname.sysname} {uname.release}",
        "date": date, "load_start": load_start, "load_end": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "command": command, "cli": os.path.relpath(cli, REPO) if cli.startswith(REPO + os.sep) else cli,
        "oversub_version": (version.stdout.strip() or "version unknown").splitlines()[0],
        "commit": commit.stdout.strip() or "unknown",
        "interval": "/".join(sorted(intervals)) + " (per-point median)",
        "oversub_coretype": effective.get("OPENBLAS_CORETYPE") or "unset",
        "numpy": any_record.get("numpy"), "python": any_record.get("python"), "python_path": python,
        "numpy_core": (any_record.get("openblas") or {}).get("core", "unknown"),
        "rounds": args.rounds, "repeat": repeat, "warmup": warmup, "quick": args.quick,
        "elapsed": f"{elapsed / 60:.1f} min" if elapsed >= 60 else f"{elapsed:.0f} s",
    }
    text = markdown(rows, info, defs)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
        progress(f"Markdown written to {args.markdown}")
    else:
        print()
        print(text, end="")


if __name__ == "__main__":
    main()
