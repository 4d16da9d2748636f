#!/usr/bin/python3
"""Experiment 4: two worker processes multiplying 1000 x 1000 matrices with
numpy.dot, with 1 and then 2 BLAS threads each (2 x 1 against 2 x 2 on two
cores: the second asks for more threads than there are CPUs).

Mirrors `oversub-cli sweep --workload gemm --size 1000 --tasks 16 --workers
2 --threads 1,2` (fork delivery, a scalar back, dynamic schedule with chunks
of one task: Oversub's defaults). Oversub's gemm kernel is OpenBLAS
cblas_dgemm, C = A * B, as numpy.dot calls it.

OpenBLAS reads OPENBLAS_NUM_THREADS once, when NumPy loads it, so each thread
count runs as its own Python process (this script started again with
--blas-threads T and the variable set). In it the parent makes the tasks'
A and B before forking; a fork Pool of W workers takes task indices one at a
time (imap_unordered, chunksize 1), reads A and B from the inherited list and
sends back the sum of C. Timed: from creating the pool to the last worker
joined.

Prints one JSON line: times of every run, medians, and t1/t2 (time with 1
BLAS thread a worker over time with 2: below 1 means the oversubscribed
2 x 2 is slower).
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ left next to the scripts

import argparse
import json
import multiprocessing
import os
import subprocess
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402

INPUT = []  # [(A, B)] made before the pool forks; the workers read it from there
np = None


def task(index):
    a, b = INPUT[index]
    return index, float(np.dot(a, b).sum())


def run_one(args):
    """One thread count, in this process: OPENBLAS_NUM_THREADS is already set."""
    global INPUT, np
    np = _common.require_numpy()
    rng = np.random.default_rng(args.seed)
    INPUT = [(rng.uniform(-1, 1, (args.size, args.size)), rng.uniform(-1, 1, (args.size, args.size)))
             for _ in range(args.tasks)]
    ctx = multiprocessing.get_context("fork")
    checksums = []

    def run(_config):
        t0 = time.perf_counter()
        pool = ctx.Pool(args.workers)
        try:
            sums = dict(pool.imap_unordered(task, range(args.tasks), chunksize=1))
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
        seconds = time.perf_counter() - t0
        checksums.append(sum(sums[i] for i in range(args.tasks)))
        return seconds

    name = f"t{args.blas_threads}"
    times = _common.measure([name], run, args.repeat, args.warmup, _common.log_to_stderr(args.verbose))
    _common.emit("gemm_threads", vars(args), times, {}, {"checksum": checksums[0]})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="matrix order n (default 1000)")
    parser.add_argument("--tasks", type=int, default=16, help="multiplies shared out (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--threads", default="1,2",
                        help="BLAS thread counts a worker, each in its own process; the first is the base (default 1,2)")
    parser.add_argument("--blas-threads", type=int, default=None,
                        help="run only this thread count, in this process (OPENBLAS_NUM_THREADS must match)")
    _common.add_common_arguments(parser)
    args = parser.parse_args()
    _common.check_positive(parser, args, ["size", "tasks", "workers", "repeat", "warmup"])

    if args.blas_threads is not None:
        if os.environ.get("OPENBLAS_NUM_THREADS") != str(args.blas_threads):
            parser.error(f"--blas-threads {args.blas_threads} needs OPENBLAS_NUM_THREADS={args.blas_threads} "
                         "in the environment (OpenBLAS reads it when NumPy loads)")
        run_one(args)
        return

    try:
        counts = [int(t) for t in args.threads.split(",")]
    except ValueError:
        parser.error(f"--threads: '{args.threads}' is not a comma-separated list of integers")
    if any(t < 1 for t in counts):
        parser.error("--threads: every count must be 1 or more")
    _common.require_numpy()  # fail here, before any run, when NumPy is missing
    times, records = {}, {}
    for t in counts:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(t), OMP_NUM_THREADS=str(t))
        cmd = [sys.executable, os.path.abspath(__file__), "--blas-threads", str(t), "--size", str(args.size),
               "--tasks", str(args.tasks), "--workers", str(args.workers), "--repeat", str(args.repeat),
               "--warmup", str(args.warmup), "--seed", str(args.seed)] + (["-v"] if args.verbose else [])
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            sys.exit(f"gemm_threads: the {t}-thread run failed (exit status {proc.returncode})")
        record = json.loads(proc.stdout.strip().splitlines()[-1])
        records[t] = record
        times[f"t{t}"] = record["times_s"][f"t{t}"]
    med = _common.medians(times)
    base = f"t{counts[0]}"
    ratios = {f"{base}/t{t}": med[base] / med[f"t{t}"] for t in counts[1:]}
    _common.emit("gemm_threads", {k: v for k, v in vars(args).items() if k != "blas_threads"}, times, ratios,
                 {"openblas_per_run": {f"t{t}": r["openblas"] for t, r in records.items()},
                  "checksums": {f"t{t}": r["checksum"] for t, r in records.items()}})


if __name__ == "__main__":
    main()
