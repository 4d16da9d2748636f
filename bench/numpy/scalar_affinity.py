#!/usr/bin/python3
"""Experiment 2: a pure-Python loop in a Pool of W workers, once with the
parent pinned to one CPU before the pool starts (the workers inherit the
pin: the seed's bug) and once free.

Mirrors `oversub-cli sweep --workload scalar --workers W --affinity
single,scatter --delivery pipe --result scalar`: `single` puts every worker
on one PU, `scatter` spreads them. Oversub's scalar kernel is a C++ loop that
cannot vectorise (a dependent FMA chain over the n x n input), standing for
the seed's pure-Python functions; absolute times differ, only the ratio
pinned/free is compared.

Kernels (--kernel):
  silly  the seed's `silly_mult`: every element of an n x n matrix squared
         from Python (`for row in matrix: for val in row: val * val`); the
         matrices are pickled to the workers, nothing comes back (default)
  fib    the seed's `fib`: a Python list of the first L Fibonacci numbers
         (L = --fib-length, 100000 in the seed; big integers, several hundred
         MB a worker at the seed's length)

Timed: from creating the pool to the last worker joined; the parent is
pinned (os.sched_setaffinity to its first allowed CPU) before the pool
starts and given its whole CPU set back after. Configurations run in
Oversub's order: pinned, then free.

Prints one JSON line: times of every run, medians, and pinned/free.
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ left next to the scripts

import argparse
import multiprocessing
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402

FIB_LENGTH = 100000  # set in main(); inherited by the pool's workers at fork


def silly_mult(matrix):
    for row in matrix:
        for val in row:
            val * val


def fib(dummy):
    n = [1, 1]
    for ii in range(FIB_LENGTH):
        n.append(n[-1] + n[-2])


def main():
    global FIB_LENGTH
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kernel", choices=["silly", "fib"], default="silly",
                        help="the seed's silly_mult (default) or fib")
    parser.add_argument("--size", type=int, default=1000, help="matrix order n for silly (default 1000)")
    parser.add_argument("--fib-length", type=int, default=100000,
                        help="numbers each fib call appends (default 100000, the seed's)")
    parser.add_argument("--tasks", type=int, default=10, help="calls mapped over the pool (default 10, the seed's)")
    parser.add_argument("--workers", type=int, default=2, help="pool size (default 2)")
    _common.add_common_arguments(parser)
    args = parser.parse_args()
    _common.check_positive(parser, args, ["size", "fib_length", "tasks", "workers", "repeat", "warmup"])
    np = _common.require_numpy()
    FIB_LENGTH = args.fib_length

    if args.kernel == "silly":
        rng = np.random.default_rng(args.seed)
        fn, items = silly_mult, [rng.standard_normal((args.size, args.size)) for _ in range(args.tasks)]
    else:
        fn, items = fib, list(range(args.tasks))
    allowed = os.sched_getaffinity(0)
    pinned_cpu = min(allowed)
    ctx = multiprocessing.get_context("fork")

    def run(config):
        if config == "pinned":
            os.sched_setaffinity(0, {pinned_cpu})
        try:
            seconds, _ = _common.pool_map(ctx, args.workers, fn, items)
        finally:
            os.sched_setaffinity(0, allowed)
        return seconds

    times = _common.measure(["pinned", "free"], run, args.repeat, args.warmup,
                            _common.log_to_stderr(args.verbose))
    med = _common.medians(times)
    _common.emit("scalar_affinity", vars(args), times, {"pinned/free": med["pinned"] / med["free"]},
                 {"pinned_cpu": pinned_cpu, "allowed_cpus": _common.cpu_list(allowed)})


if __name__ == "__main__":
    main()
