#!/usr/bin/python3
"""Experiment 3: the seed's second answer, ported to Python 3: 16 SVDs of
1000 x 1000 matrices made in the parent before forking, one Process per
worker taking a static chunk of them from the inherited global list, one
number back per matrix through a Queue, 1, 2 and 4 workers, one BLAS thread
each (OPENBLAS_NUM_THREADS=1, set before NumPy is imported).

Mirrors `oversub-cli sweep --workload svd --size 1000 --tasks 16 --workers
1,2,4 --threads 1 --delivery fork --result scalar --schedule static`:
Oversub's svd kernel is LAPACK dgesdd with U and V^T, as numpy.linalg.svd
computes them here (full_matrices=True; for a square matrix the same as the
thin ones).

Timed as the seed times it: around work(n), which creates the processes,
starts them, collects every result and joins them. The matrices are made
before (module-level INPUT in the seed; here at the start of main, still
before any fork).

Prints one JSON line: times of every run, medians, and the speedups
1/2 and 1/4 (time with one worker over time with 2 and 4), and whether every
configuration returned the same results.
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ left next to the scripts

import argparse
import math
import multiprocessing
import os
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402

MATRIX_SIZE = 1000
MATRIX_COUNT = 16
INPUT = []   # made in main() before any fork; the children read it from there
np = None
svd = None
ctx = None


def rnd_matrix():
    offset = np.random.randint(1, 10)
    stretch = 2 * np.random.rand() + 0.1
    return offset + stretch * np.random.rand(MATRIX_SIZE, MATRIX_SIZE)


def worker_function(result_queue, worker_index, chunk_boundary):
    """Work on a certain chunk of the globally defined `INPUT` list."""
    result_chunk = []
    for m in INPUT[chunk_boundary[0]:chunk_boundary[1]]:
        # Perform single value decomposition (CPU intense).
        u, s, v = svd(m)
        # Build single numeric value as output.
        output = int(np.sum(s))
        result_chunk.append(output)
    result_queue.put((worker_index, result_chunk))


def work(n_workers=1):
    def calc_chunksize(l, n):
        """Rudimentary function to calculate the size of chunks for equal
        distribution of a list `l` among `n` workers."""
        return int(math.ceil(len(l) / float(n)))

    # Build boundaries (indices for slicing) for chunks of `INPUT` list.
    chunk_size = calc_chunksize(INPUT, n_workers)
    chunk_boundaries = [(i, i + chunk_size) for i in range(0, len(INPUT), chunk_size)]

    # When n_workers and input list size are of same order of magnitude,
    # the above method might have created less chunks than workers available.
    if n_workers != len(chunk_boundaries):
        return None

    result_queue = ctx.Queue()
    # Prepare child processes.
    children = []
    for worker_index in range(n_workers):
        children.append(ctx.Process(target=worker_function,
                                    args=(result_queue, worker_index, chunk_boundaries[worker_index])))
    try:
        # Run child processes.
        for c in children:
            c.start()
        # Create result list of length of `INPUT`. Assign results upon arrival.
        results = [None] * len(INPUT)
        # Wait for all results to arrive.
        for _ in range(n_workers):
            worker_index, result_chunk = result_queue.get(block=True)
            chunk_boundary = chunk_boundaries[worker_index]
            # Store the chunk of results just received to the overall result list.
            results[chunk_boundary[0]:chunk_boundary[1]] = result_chunk
    except BaseException:
        for c in children:
            if c.pid is not None:
                c.terminate()
        raise
    finally:
        # Join child processes (clean up zombies).
        for c in children:
            if c.pid is not None:
                c.join()
        result_queue.close()
        result_queue.join_thread()
    return results


def main():
    global MATRIX_SIZE, MATRIX_COUNT, INPUT, np, svd, ctx
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="matrix order (default 1000, the seed's)")
    parser.add_argument("--tasks", type=int, default=16, help="matrices (default 16, the seed's)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts, first is the base (default 1,2,4)")
    parser.add_argument("--blas-threads", type=int, default=1,
                        help="OPENBLAS_NUM_THREADS and OMP_NUM_THREADS for every process (default 1)")
    _common.add_common_arguments(parser)
    args = parser.parse_args()
    _common.check_positive(parser, args, ["size", "tasks", "blas_threads", "repeat", "warmup"])
    try:
        counts = [int(w) for w in args.workers.split(",")]
    except ValueError:
        parser.error(f"--workers: '{args.workers}' is not a comma-separated list of integers")
    if any(w < 1 for w in counts):
        parser.error("--workers: every count must be 1 or more")
    for w in counts:
        if len(range(0, args.tasks, math.ceil(args.tasks / w))) != w:
            parser.error(f"--workers {w}: {args.tasks} tasks do not make {w} chunks (the seed skips such counts)")

    # Before NumPy is imported: OpenBLAS reads these once, when it loads.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ[name] = str(args.blas_threads)
    np = _common.require_numpy()
    from numpy.linalg import svd as numpy_svd
    svd = numpy_svd
    MATRIX_SIZE, MATRIX_COUNT = args.size, args.tasks
    np.random.seed(args.seed)
    INPUT = [rnd_matrix() for _ in range(MATRIX_COUNT)]
    ctx = multiprocessing.get_context("fork")

    results = {}

    def run(n):
        t0 = time.time()
        result = work(n)
        duration = time.time() - t0
        results.setdefault(n, result)
        return duration

    times = _common.measure(counts, run, args.repeat, args.warmup, _common.log_to_stderr(args.verbose))
    med = _common.medians(times)
    base = counts[0]
    ratios = {f"{base}/{n}": med[base] / med[n] for n in counts[1:]}
    agree = all(r == results[base] for r in results.values())
    _common.emit("svd_fork", vars(args), {str(k): v for k, v in times.items()}, ratios,
                 {"results_agree": agree, "results": results[base]})
    if not agree:
        sys.exit("svd_fork: the worker counts returned different results")


if __name__ == "__main__":
    main()
