/* oversub-mpi-omp: the MPI + OpenMP program of the preset "MPI ranks x OpenMP
 * threads" (docs/mpi.md). A fixed amount of compute-bound work is split over
 * the ranks, then over each rank's OpenMP threads, so adding ranks or threads
 * should make it faster as long as ranks x threads stay within the PUs they
 * may use, and no faster (or slower) beyond.
 *
 * Work: `tasks` tasks, dealt round-robin to the ranks (rank r takes r,
 * r + ranks, ...); a rank's threads share its tasks dynamically. One task is
 * a dependent chain of size x size fused multiply-adds (x = fma(x, 0.75, c),
 * as many steps as the scalar kernel's walk of an n x n input): it runs at the
 * latency of one FMA per step on one core and cannot vectorise, so memory
 * plays no part.
 *
 * Usage: oversub-mpi-omp [--tasks N] [--size N]
 * Output, one line each, "kind key=value ...":
 *   rank rank=0 pid=123 cpus=0 threads=2          (every rank, as it started)
 *   result ranks=2 threads=2 tasks=64 size=4000 seconds=1.234 checksum=X
 * "cpus" is the rank's affinity as sched_getaffinity reads it after MPI_Init,
 * that is after the launcher bound it. Exit status 2 on bad arguments. */
#define _GNU_SOURCE
#include <math.h>
#include <mpi.h>
#include <omp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { kDefaultTasks = 64, kDefaultSize = 4000, kMaxSize = 1000000, kCpuListBytes = 4096 };

static double task_checksum(long task, long steps) {
    double x = (double)(task % 7);
    const double c = 1.0 + (double)(task % 13) / 16.0;
    for (long i = 0; i < steps; ++i) x = fma(x, 0.75, c);
    return x;
}

/* "0-3,8" style list of the PUs this process may run on. */
static void cpu_list(char* out, size_t capacity) {
    cpu_set_t set;
    size_t used = 0;
    out[0] = '\0';
    if (sched_getaffinity(0, sizeof set, &set) != 0) {
        snprintf(out, capacity, "?");
        return;
    }
    for (int cpu = 0; cpu < CPU_SETSIZE && used + 16 < capacity; ++cpu) {
        if (!CPU_ISSET(cpu, &set)) continue;
        int last = cpu;
        while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, &set)) ++last;
        used += (size_t)snprintf(out + used, capacity - used, used ? ",%d" : "%d", cpu);
        if (last > cpu) used += (size_t)snprintf(out + used, capacity - used, "-%d", last);
        cpu = last;
    }
}

static int parse_positive(const char* text, long* value) {
    char* end = NULL;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || v < 1 || v > kMaxSize) return 0;
    *value = v;
    return 1;
}

int main(int argc, char** argv) {
    long tasks = kDefaultTasks, size = kDefaultSize;
    for (int i = 1; i < argc; ++i) {
        long* target = !strcmp(argv[i], "--tasks") ? &tasks : !strcmp(argv[i], "--size") ? &size : NULL;
        if (!target || i + 1 == argc || !parse_positive(argv[i + 1], target)) {
            fprintf(stderr,
                    "oversub-mpi-omp: bad argument '%s' (allowed: --tasks N, --size N, integers from 1 to %d)\n",
                    argv[i], kMaxSize);
            return 2;
        }
        ++i;
    }

    int provided = 0, rank = 0, ranks = 1;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);

    char cpus[kCpuListBytes];
    cpu_list(cpus, sizeof cpus);
    printf("rank rank=%d pid=%d cpus=%s threads=%d\n", rank, (int)getpid(), cpus, omp_get_max_threads());
    fflush(stdout);

    MPI_Barrier(MPI_COMM_WORLD);
    const double start = MPI_Wtime();
    double sum = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : sum)
    for (long task = rank; task < tasks; task += ranks) sum += task_checksum(task, size * size);
    double total = 0;
    MPI_Reduce(&sum, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    const double seconds = MPI_Wtime() - start;

    if (rank == 0)
        printf("result ranks=%d threads=%d tasks=%ld size=%ld seconds=%.3f checksum=%.6f\n", ranks,
               omp_get_max_threads(), tasks, size, seconds, total);
    MPI_Finalize();
    return 0;
}
