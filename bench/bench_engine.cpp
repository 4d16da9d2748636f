// The engine's own costs, measured as ratios in one run (bench/RESULTS.md,
// "Engine"):
//   1. a 1-worker run's compute time against the same kernel on the same
//      inputs called standalone in this process (goal: at most 2% overhead);
//   2. spawn time (first fork to the last worker ready) for 1..64 workers
//      (goal: 64 workers ready in under 30 ms);
//   3. one 8 MiB input delivered by pipe, shm and fork (and built in the
//      worker: generate), delivery time in the worker and the conductor's
//      preparation, as ratios to fork;
//   4. spawn of 8 workers while the conductor holds 512 MiB of prepared
//      inputs, against none (goal: under 1 ms a worker).
// Like oversub-cli, it re-executes itself with OPENBLAS_NUM_THREADS=1 so no
// idle BLAS pool thread sits beside a 1-thread worker or the standalone call.
//
//   build-*/bench/bench_engine [rounds]

#include "conductor/conductor.h"
#include "conductor/run_data.h"
#include "workloads/aligned_buffer.h"
#include "workloads/blas_threads.h"
#include "workloads/kernel.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <unistd.h>

using namespace oversub;
using namespace oversub::conductor;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

Experiment base() {
    Experiment e;
    e.workload = Workload::Gemm;
    e.size = 600;
    e.iterations = 1;
    e.tasks = 6;
    e.workers = 1;
    e.threads = 1;
    e.schedule = Schedule::Static;
    e.affinity = AffinityPolicy::Scatter;
    e.delivery = Delivery::Fork;
    e.result = ResultReturn::Scalar;
    e.rateHz = 0;
    return e;
}

RunOutcome runOnce(const Experiment& e, const Topology& topology) {
    RunRequest request;
    request.experiment = e;
    NullSink sink;
    RunOutcome outcome = runExperiment(request, topology, sink);
    if (outcome.status != RunStatus::Ok) {
        std::fprintf(stderr, "run failed: %s\n", outcome.error ? outcome.error->message.c_str() : "?");
        std::exit(1);
    }
    return outcome;
}

// The tasks of `e`, one after another in this process: compute time only.
double standaloneComputeSeconds(const Experiment& e) {
    const Kernel& kernel = kernelFor(e.workload);
    const int size = static_cast<int>(e.size);
    AlignedBuffer input(kernel.inputDoubles(size)), output(kernel.outputDoubles(size));
    double total = 0;
    for (int64_t task = 0; task < e.tasks; ++task) {
        kernel.fillInput(input.span(), size, taskSeed(e.seed, task));
        const auto t0 = std::chrono::steady_clock::now();
        kernel.run(input.span(), output.span(), size, static_cast<int>(e.iterations));
        total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    return total;
}

void computeOverhead(const Topology& topology, int rounds) {
    const Experiment e = base();
    setBlasThreads(1);
    standaloneComputeSeconds(e); // warm: pages, BLAS buffers
    std::vector<double> ratios, inRun, alone;
    for (int r = 0; r < rounds; ++r) { // interleaved, so drift hits both alike
        const double a = standaloneComputeSeconds(e);
        const double w = runOnce(e, topology).report.workers.at(0).computeS;
        alone.push_back(a);
        inRun.push_back(w);
        ratios.push_back(w / a);
    }
    std::printf("1. compute, gemm %lld x %lld tasks, 1 worker, 1 thread: in a run %.4f s, standalone %.4f s "
                "(medians of %d); ratio %.3f (min %.3f, max %.3f)\n",
                static_cast<long long>(e.size), static_cast<long long>(e.tasks), median(inRun), median(alone),
                rounds, median(ratios), *std::min_element(ratios.begin(), ratios.end()),
                *std::max_element(ratios.begin(), ratios.end()));
}

void spawnTimes(const Topology& topology, int rounds) {
    std::printf("2. spawn (first fork to last ready), gemm size 8, generate, one task a worker:\n");
    for (int workers : {1, 2, 4, 8, 16, 32, 64}) {
        Experiment e = base();
        e.size = 8;
        e.tasks = workers;
        e.workers = workers;
        e.delivery = Delivery::Generate;
        std::vector<double> spawn, perWorker;
        for (int r = 0; r < rounds; ++r) {
            const RunOutcome o = runOnce(e, topology);
            spawn.push_back(o.report.spawnS);
            std::vector<double> each;
            for (const auto& w : o.report.workers) each.push_back(w.spawnS);
            perWorker.push_back(median(each));
        }
        std::printf("   %2d workers: all ready after %.2f ms (%.3f ms a worker), one worker fork-to-ready %.2f ms\n",
                    workers, median(spawn) * 1e3, median(spawn) * 1e3 / workers, median(perWorker) * 1e3);
    }
}

void deliveryCosts(const Topology& topology, int rounds) {
    // Element-wise input of n x n doubles: 1024 x 1024 = 8 MiB.
    std::printf("3. one 8 MiB input to one worker (elementwise 1024, scalar result):\n");
    double forkDelivery = 0;
    for (Delivery d : {Delivery::Fork, Delivery::Pipe, Delivery::Shm, Delivery::Generate}) {
        Experiment e = base();
        e.workload = Workload::Elementwise;
        e.size = 1024;
        e.tasks = 1;
        e.delivery = d;
        std::vector<double> delivery, prepare;
        for (int r = 0; r < rounds; ++r) {
            const RunOutcome o = runOnce(e, topology);
            delivery.push_back(o.report.workers.at(0).deliveryS);
            prepare.push_back(o.report.prepareS);
        }
        const double del = median(delivery);
        if (d == Delivery::Fork) forkDelivery = del;
        std::printf("   %-8s delivery in the worker %.3f ms (x%.2f fork), conductor prepare %.3f ms\n",
                    std::string(toString(d)).c_str(), del * 1e3, del / forkDelivery, median(prepare) * 1e3);
    }
}

// Fork time grows with the memory the conductor has touched (page tables
// copied at fork): 64 element-wise inputs of 8 MiB = 512 MiB prepared for fork
// delivery, against the same workers with nothing prepared (generate), side
// by side in alternating rounds.
void spawnWithLargeInputs(const Topology& topology, int rounds) {
    constexpr int kWorkers = 8;
    std::printf("4. spawn of %d workers with 512 MiB of inputs in the conductor (elementwise 1024 x 64 tasks, "
                "fork) vs none (generate):\n", kWorkers);
    std::vector<double> loaded, empty, prepare;
    for (int r = 0; r < rounds; ++r) {
        for (Delivery d : {Delivery::Fork, Delivery::Generate}) {
            Experiment e = base();
            e.workload = Workload::Elementwise;
            e.size = 1024;
            e.tasks = 64;
            e.workers = kWorkers;
            e.delivery = d;
            const RunOutcome o = runOnce(e, topology);
            (d == Delivery::Fork ? loaded : empty).push_back(o.report.spawnS);
            if (d == Delivery::Fork) prepare.push_back(o.report.prepareS);
        }
    }
    std::printf("   with 512 MiB: all ready after %.2f ms (%.3f ms a worker); without: %.2f ms (%.3f ms a worker); "
                "ratio %.2f; preparing the inputs took %.1f ms\n",
                median(loaded) * 1e3, median(loaded) * 1e3 / kWorkers, median(empty) * 1e3,
                median(empty) * 1e3 / kWorkers, median(loaded) / median(empty), median(prepare) * 1e3);
}

} // namespace

int main(int argc, char** argv) {
    if (const char* t = std::getenv("OPENBLAS_NUM_THREADS"); !t || std::strcmp(t, "1") != 0) {
        ::setenv("OPENBLAS_NUM_THREADS", "1", 1);
        ::execv("/proc/self/exe", argv);
    }
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    const Topology topology = Topology::load();
    std::printf("bench_engine: %d PUs, %s, %d rounds a figure\n", topology.info().puCount(),
                openblasConfig().c_str(), rounds);
    computeOverhead(topology, rounds);
    spawnTimes(topology, rounds);
    deliveryCosts(topology, rounds);
    spawnWithLargeInputs(topology, rounds);
    return 0;
}
