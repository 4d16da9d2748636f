#!/usr/bin/env python3
"""The seed's program, made honest: a multiprocessing.Pool of NumPy workers.

In the question Oversub is built on, a script multiplied matrices element-wise
('matrix = matrix * matrix', 100 times) in a multiprocessing.Pool and got no
faster than a plain map. The answer: importing NumPy (an OpenBLAS built with
CPU affinity support) had narrowed the parent's affinity to one core, every
Pool worker forked afterwards inherited that mask, and all of them queued on
that one core. `taskset -p 0xff PID` after the import was the cure.

Run it under a narrowed affinity to see the bug without an old OpenBLAS:

    taskset -c 0 python3 pool_matmul.py --workers 2            # narrowed: slow
    taskset -c 0 python3 pool_matmul.py --workers 2 --cure     # cured: fast

Differences from the seed, so that what is measured is the affinity and not
the pipes: each task generates its own matrix in the worker from its task
number and returns one checksum instead of the whole matrix (the seed's
pickling cost is the data-delivery preset's story). Integer matrices as in the
seed: int64 products wrap around but never slow down, as float denormals
would.

Output, one line each, "kind key=value ...":
    result workers=2 tasks=16 size=1000 iterations=100 seconds=1.234 checksum=N
and with --print-env first:
    env OMP_NUM_THREADS=2          (or "env OMP_NUM_THREADS unset")
    parent pid=123 cpus=0
    worker pid=124 cpus=0          (one line per Pool worker, as it started)
"""

import argparse
import os
import sys
import time

try:
    import numpy as np
except ImportError:
    sys.exit("pool_matmul.py: NumPy is not installed for %s (Debian: apt install python3-numpy)"
             % sys.executable)

from multiprocessing import Pool, SimpleQueue

# The thread variables Oversub sets for a run's thread count, and its own two.
THREAD_VARIABLES = (
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS", "OVERSUB_WORKERS", "OVERSUB_THREADS",
)


def cpu_list(cpus):
    """{0, 1, 2, 5} -> "0-2,5", as the kernel and taskset print lists."""
    ranges = []
    for cpu in sorted(cpus):
        if ranges and cpu == ranges[-1][1] + 1:
            ranges[-1][1] = cpu
        else:
            ranges.append([cpu, cpu])
    return ",".join(str(a) if a == b else "%d-%d" % (a, b) for a, b in ranges)


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("%s is not a whole number >= 1" % text)
    return value


def report_worker(queue):
    """Pool initializer: tell the parent this worker's pid and allowed CPUs."""
    queue.put((os.getpid(), cpu_list(os.sched_getaffinity(0))))


def mmul(job):
    """The seed's task: square a matrix element-wise `iterations` times."""
    task, size, iterations = job
    matrix = np.random.default_rng(task).integers(1, 101, size=(size, size))
    for _ in range(iterations):
        matrix = matrix * matrix
    return int(matrix.sum() & 0xFFFFFFFF)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=positive, default=2, help="Pool size (processes)")
    parser.add_argument("--size", type=positive, default=1000, help="matrix order n (the seed's 1000)")
    parser.add_argument("--iterations", type=positive, default=100, help="squarings per task")
    parser.add_argument("--tasks", type=positive, default=16, help="matrices to process")
    parser.add_argument("--cure", action="store_true",
                        help="allow every CPU again before the Pool starts (the seed's taskset -p 0xff)")
    parser.add_argument("--print-env", action="store_true",
                        help="print the thread variables and every process's allowed CPUs")
    args = parser.parse_args()

    if args.cure:
        # The one-line cure. NumPy is already imported (in the seed that import
        # is what narrowed the mask); widen this process's affinity to every
        # CPU before the Pool forks its workers, which inherit it. This is what
        # the seed's os.system("taskset -p 0xff %d" % os.getpid()) did, without
        # a shell. The kernel keeps only the CPUs the cgroup allows.
        os.sched_setaffinity(0, range(os.cpu_count()))

    if args.print_env:
        for name in THREAD_VARIABLES:
            value = os.environ.get(name)
            print("env %s" % (name + " unset" if value is None else name + "=" + value))
        print("parent pid=%d cpus=%s" % (os.getpid(), cpu_list(os.sched_getaffinity(0))), flush=True)

    queue = SimpleQueue() if args.print_env else None
    jobs = [(task, args.size, args.iterations) for task in range(args.tasks)]
    start = time.perf_counter()
    with Pool(args.workers, initializer=report_worker if queue else None,
              initargs=(queue,) if queue else ()) as pool:
        checksums = pool.map(mmul, jobs, chunksize=1)
        seconds = time.perf_counter() - start
        if queue:
            for _ in range(args.workers):
                pid, cpus = queue.get()
                print("worker pid=%d cpus=%s" % (pid, cpus))
    print("result workers=%d tasks=%d size=%d iterations=%d seconds=%.3f checksum=%d"
          % (args.workers, args.tasks, args.size, args.iterations, seconds, sum(checksums) & 0xFFFFFFFF),
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
