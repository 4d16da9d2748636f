#!/usr/bin/python3
"""Experiment 1: the seed's element-wise `mmul` over N matrices, serial `map`
against `Pool(W).map`, arguments and results pickled through the pool's pipes.

Mirrors `oversub-cli sweep --workload elementwise --size S --iterations K
--tasks N --workers 1,W --threads 1 --delivery pipe --result full`.

Oversub's elementwise kernel (core/workloads/kernel_elementwise.cpp) counts an
iteration as one `out = src * src` over the n x n doubles, with src the input
on every 8th iteration (i % 8 == 0) and the previous output otherwise, so the
squaring chain never leaves the double range; inputs are uniform in
[0.5, 1.5). `mmul` below does exactly that, in place (`np.multiply(...,
out=m)`: one read, one multiply, one write per element per iteration).

Timed: `map(mmul, matrices)` in this process (serial), and for the pools
everything from creating the pool to the last worker joined. The inputs are
made before the clock starts. Also timed: Pool(1), which pickles like Pool(W)
but runs one worker, the closer twin of Oversub's 1-worker point.

Prints one JSON line: times of every run, medians, and the ratios
serial/pool (the seed's speedup) and pool1/pool.
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ left next to the scripts

import argparse
import multiprocessing
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402

RESTART_PERIOD = 8  # as kRestartPeriod in Oversub's elementwise kernel
ITERATIONS = 1      # set in main(); inherited by the pool's workers at fork
np = None           # NumPy, imported in main() once it is known to be there


def mmul(matrix):
    m = np.empty_like(matrix)
    for i in range(ITERATIONS):
        src = matrix if i % RESTART_PERIOD == 0 else m
        np.multiply(src, src, out=m)
    return m


def main():
    global ITERATIONS, np
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="matrix order n (default 1000)")
    parser.add_argument("--iterations", type=int, default=100,
                        help="squarings per matrix, as Oversub's --iterations (default 100, the seed's)")
    parser.add_argument("--tasks", type=int, default=4, help="matrices (default 4, the seed's)")
    parser.add_argument("--workers", type=int, default=2, help="pool size (default 2)")
    _common.add_common_arguments(parser)
    args = parser.parse_args()
    _common.check_positive(parser, args, ["size", "iterations", "tasks", "workers", "repeat", "warmup"])
    np = _common.require_numpy()
    ITERATIONS = args.iterations

    rng = np.random.default_rng(args.seed)
    matrices = [rng.uniform(0.5, 1.5, (args.size, args.size)) for _ in range(args.tasks)]
    ctx = multiprocessing.get_context("fork")
    pool_names = {"pool1": 1, f"pool{args.workers}": args.workers}

    def run(config):
        if config == "serial":
            seconds, results = _common.stopwatch(lambda: list(map(mmul, matrices)))
        else:
            seconds, results = _common.pool_map(ctx, pool_names[config], mmul, matrices)
        assert len(results) == args.tasks
        return seconds

    configs = ["serial", *pool_names]
    times = _common.measure(configs, run, args.repeat, args.warmup, _common.log_to_stderr(args.verbose))
    med = _common.medians(times)
    pool = f"pool{args.workers}"
    _common.emit("elementwise_pool", vars(args), times,
                 {f"serial/{pool}": med["serial"] / med[pool],
                  f"pool1/{pool}": med["pool1"] / med[pool]})


if __name__ == "__main__":
    main()
