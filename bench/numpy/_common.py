"""Helpers shared by the bench/numpy scripts: standard library only, so that a
missing NumPy is reported in one clear line instead of a traceback."""

import json
import os
import re
import statistics
import sys
import time

_AFFINITY = {}


def cpu_list(cpus):
    """{0, 1, 2, 5} -> "0-2,5"."""
    out, run = [], []
    for c in sorted(cpus):
        if run and c == run[-1] + 1:
            run.append(c)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [c]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ",".join(out)


def require_numpy():
    """Imports NumPy or exits with a message naming the interpreter. Records
    this process's CPU affinity before and after the import (the seed's
    question is about an import that narrowed it)."""
    _AFFINITY["before_numpy_import"] = cpu_list(os.sched_getaffinity(0))
    try:
        import numpy
    except ImportError as e:
        sys.exit(f"{os.path.basename(sys.argv[0])}: NumPy is not importable by {sys.executable} ({e}); "
                 "run the script with /usr/bin/python3 (Debian's python3-numpy)")
    _AFFINITY["after_numpy_import"] = cpu_list(os.sched_getaffinity(0))
    return numpy


def openblas_info():
    """Core name and thread count of the OpenBLAS NumPy loaded, read through
    ctypes from the library mapped in this process; {} when there is none."""
    try:
        with open("/proc/self/maps") as f:
            paths = sorted(set(re.findall(r"(/\S*libopenblas\S*\.so\S*)", f.read())))
        if not paths:
            return {}
        import ctypes
        lib = ctypes.CDLL(paths[0])
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        return {"library": paths[0],
                "core": lib.openblas_get_corename().decode(),
                "config": lib.openblas_get_config().decode(),
                "threads": lib.openblas_get_num_threads()}
    except (OSError, AttributeError):
        return {}


def measure(configs, run, repeat, warmup, log=None):
    """Runs `run(config)` `warmup` times unmeasured and then `repeat` times
    timed, one configuration after the other (the order an Oversub sweep runs
    its points). `run` returns the seconds it timed itself, so each script
    decides what its timed interval covers."""
    times = {}
    for config in configs:
        for _ in range(warmup):
            run(config)
        times[config] = [run(config) for _ in range(repeat)]
        if log:
            log(f"{config}: " + " ".join(f"{t:.4f}" for t in times[config]) + " s")
    return times


def medians(times):
    return {k: statistics.median(v) for k, v in times.items()}


def stopwatch(fn):
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def emit(script, params, times, ratios, extra=None):
    """Prints the one JSON line a script reports: its parameters, every timed
    run per configuration, the medians and the ratios of medians."""
    import numpy
    record = {
        "script": script,
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "numpy": numpy.__version__,
        "openblas": openblas_info(),
        "affinity": dict(_AFFINITY),
        "env": {k: os.environ.get(k) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                               "OPENBLAS_CORETYPE")},
        "params": params,
        "times_s": times,
        "median_s": medians(times),
        "ratios": ratios,
    }
    if extra:
        record.update(extra)
    print(json.dumps(record), flush=True)


def log_to_stderr(enabled):
    if not enabled:
        return None
    return lambda text: print(text, file=sys.stderr, flush=True)


def add_common_arguments(parser, repeat=3, warmup=1):
    parser.add_argument("--repeat", type=int, default=repeat,
                        help=f"timed runs of every configuration (default {repeat})")
    parser.add_argument("--warmup", type=int, default=warmup,
                        help=f"unmeasured runs before them (default {warmup})")
    parser.add_argument("--seed", type=int, default=42, help="seed of the input data")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print every configuration's times to stderr as it finishes")


def check_positive(parser, args, names):
    for name in names:
        value = getattr(args, name)
        if value < (0 if name == "warmup" else 1):
            parser.error(f"--{name.replace('_', '-')} must be {'0' if name == 'warmup' else '1'} or more")


def pool_map(ctx, workers, fn, items, chunksize=None, initializer=None):
    """Pool(workers).map(fn, items), the pool created, closed and joined
    inside: returns (seconds from creating the pool to the last worker
    joined, results). On any error the workers are terminated and joined, so
    none is left behind."""
    t0 = time.perf_counter()
    pool = ctx.Pool(workers, initializer=initializer)
    try:
        results = pool.map(fn, items, chunksize)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return time.perf_counter() - t0, results
