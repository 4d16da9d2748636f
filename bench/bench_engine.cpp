// The engine's own costs, measured as ratios in one run (bench/RESULTS.md,
// "Engine"):
//   1. a 1-worker run's compute time against the same kernel on the same
//      inputs called standalone in a plain child process (goal: at most 2%
//      overhead);
//   2. spawn time (first fork to the last worker ready) for 1..64 workers
//      (goal: 64 workers ready in under 30 ms);
//   3. one 8 MiB input delivered by pipe, shm and fork (and built in the
//      worker: generate), delivery time in the worker and the conductor's
//      preparation, as ratios to fork;
//   4. spawn of 8 workers while the conductor holds 512 MiB of prepared
//      inputs (1,024 tasks of 512 KiB), against one input a worker (goal:
//      under 1 ms a worker);
//   5. the same 512 MiB as 64 inputs of 8 MiB: every worker also makes an
//      8 MiB output buffer before it is ready.
// Like oversub-cli, it re-executes itself with OPENBLAS_NUM_THREADS=1 so no
// idle BLAS pool thread sits beside a 1-thread worker or the standalone call.
//
//   build-*/bench/bench_engine [rounds] [figure...]   (no figures: all five)

#include "conductor/run_data.h"
#include "runner/conductor.h"
#include "workloads/aligned_buffer.h"
#include "workloads/blas_threads.h"
#include "workloads/kernel.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <sys/wait.h>
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

// Runs standaloneComputeSeconds in a child of its own, on request, so this
// process never calls BLAS: OpenBLAS's buffers, once touched here, would be
// copied into every worker's page tables at fork and slow figures 2 and 4,
// while oversub-cli's conductor never runs a kernel itself.
class StandaloneKernel {
public:
    explicit StandaloneKernel(const Experiment& e) {
        int request[2], reply[2];
        if (::pipe(request) != 0 || ::pipe(reply) != 0) std::exit(1);
        pid_ = ::fork();
        if (pid_ == 0) {
            ::close(request[1]);
            ::close(reply[0]);
            setBlasThreads(1);
            standaloneComputeSeconds(e); // warm: pages, BLAS buffers
            char go = 0;
            while (::read(request[0], &go, 1) == 1) {
                const double seconds = standaloneComputeSeconds(e);
                if (::write(reply[1], &seconds, sizeof seconds) != sizeof seconds) break;
            }
            ::_exit(0);
        }
        ::close(request[0]);
        ::close(reply[1]);
        request_ = request[1];
        reply_ = reply[0];
    }
    ~StandaloneKernel() {
        ::close(request_);
        ::close(reply_);
        ::waitpid(pid_, nullptr, 0);
    }
    double computeSeconds() {
        const char go = 1;
        double seconds = 0;
        if (::write(request_, &go, 1) != 1 || ::read(reply_, &seconds, sizeof seconds) != sizeof seconds) std::exit(1);
        return seconds;
    }

private:
    pid_t pid_ = -1;
    int request_ = -1, reply_ = -1;
};

void computeOverhead(const Topology& topology, int rounds) {
    const Experiment e = base();
    StandaloneKernel standalone(e);
    std::vector<double> ratios, inRun, alone;
    for (int r = 0; r < rounds; ++r) { // interleaved, so drift hits both alike
        const double a = standalone.computeSeconds();
        const double w = runOnce(e, topology).report.workers.at(0).computeS;
        alone.push_back(a);
        inRun.push_back(w);
        ratios.push_back(w / a);
    }
    std::printf("1. compute, gemm %lld x %lld tasks, 1 worker, 1 thread: in a run %.4f s, standalone %.4f s "
                "(medians of %d); ratio %.3f (min %.3f, max %.3f)\n",
                static_cast<long long>(e.size), static_cast<long long>(e.tasks), median(inRun), median(alone), rounds,
                median(ratios), *std::min_element(ratios.begin(), ratios.end()),
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
// copied at fork): 8 workers while the conductor holds `tasks` element-wise
// inputs for fork delivery, against the same workers with one input each
// (same worker-side work: every worker makes one output buffer of the task's
// size), side by side in alternating rounds. Dynamic schedule, one task a
// grab, so a worker that is ready early computes little while later ones
// start.
void spawnWithLargeInputs(const Topology& topology, int rounds, const char* figure, int size, int tasks) {
    constexpr int kWorkers = 8;
    const double inputMiB = static_cast<double>(size) * size * 8 / (1 << 20);
    std::printf("%s. spawn of %d workers with %.0f MiB of inputs in the conductor (elementwise %d x %d tasks of "
                "%.1f MiB, fork) vs %d tasks (%.0f MiB):\n",
                figure, kWorkers, inputMiB * tasks, size, tasks, inputMiB, kWorkers, inputMiB * kWorkers);
    std::vector<double> loaded, light, loadedEach, lightEach, prepare;
    for (int r = 0; r < rounds; ++r) {
        for (int count : {tasks, kWorkers}) {
            Experiment e = base();
            e.workload = Workload::Elementwise;
            e.size = size;
            e.tasks = count;
            e.workers = kWorkers;
            e.schedule = Schedule::Dynamic;
            e.chunk = 1;
            e.delivery = Delivery::Fork;
            const RunOutcome o = runOnce(e, topology);
            std::vector<double> each;
            for (const auto& w : o.report.workers) each.push_back(w.spawnS);
            (count == tasks ? loaded : light).push_back(o.report.spawnS);
            (count == tasks ? loadedEach : lightEach).push_back(median(each));
            if (count == tasks) prepare.push_back(o.report.prepareS);
        }
    }
    std::printf("   with %.0f MiB: all ready after %.2f ms (%.3f ms a worker; one worker fork-to-ready %.2f ms); "
                "with %.0f MiB: %.2f ms (%.3f ms a worker; %.2f ms); ratio %.2f; preparing the inputs took %.1f ms\n",
                inputMiB * tasks, median(loaded) * 1e3, median(loaded) * 1e3 / kWorkers, median(loadedEach) * 1e3,
                inputMiB * kWorkers, median(light) * 1e3, median(light) * 1e3 / kWorkers, median(lightEach) * 1e3,
                median(loaded) / median(light), median(prepare) * 1e3);
}

} // namespace

int main(int argc, char** argv) {
    if (const char* t = std::getenv("OPENBLAS_NUM_THREADS"); !t || std::strcmp(t, "1") != 0) {
        ::setenv("OPENBLAS_NUM_THREADS", "1", 1);
        ::execv("/proc/self/exe", argv);
    }
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    const Topology topology = Topology::load();
    std::printf("bench_engine: %d PUs, %s, %d rounds a figure\n", topology.info().puCount(), openblasConfig().c_str(),
                rounds);
    // Optional figure numbers after the rounds run only those figures.
    auto wanted = [&](int figure) {
        if (argc <= 2) return true;
        for (int i = 2; i < argc; ++i)
            if (std::atoi(argv[i]) == figure) return true;
        return false;
    };
    if (wanted(1)) computeOverhead(topology, rounds);
    if (wanted(2)) spawnTimes(topology, rounds);
    if (wanted(3)) deliveryCosts(topology, rounds);
    // 512 MiB in 1,024 small inputs: the conductor's memory alone.
    if (wanted(4)) spawnWithLargeInputs(topology, rounds, "4", 256, 1024);
    // 512 MiB in 64 inputs of 8 MiB: each worker also makes an 8 MiB output.
    if (wanted(5)) spawnWithLargeInputs(topology, rounds, "5", 1024, 64);
    return 0;
}
