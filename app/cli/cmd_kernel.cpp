// `oversub-cli kernel NAME --size N`: runs one numeric kernel standalone in
// this process (no workers) and prints its time per run (median, min, max)
// with GFLOP/s and GB/s, so a kernel's speed on this machine is known before
// an experiment spreads it over worker processes.

#include "command_registry.h"
#include "engine_reexec.h"

#include "knobs/choices.h"
#include "knobs/knob_table.h"
#include "machine/topology.h"
#include "runner/bandwidth_probe.h"
#include "topology/cache_fit.h"
#include "util/input_error.h"
#include "workloads/blas_threads.h"
#include "workloads/kernel.h"
#include "workloads/kernel_timer.h"
#include "workloads/size_check.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>

namespace oversub::cli {
namespace {

constexpr int kMaxThreads = 1024;

struct KernelArgs {
    std::string name;
    int size = 0;
    bool sizeGiven = false; // without --size: triad is sized past the caches, the others take the size knob's default
    int threads = 1;
    int iterations = 1;
    int repeat = 5;
    int warmup = 1;
    uint64_t seed = 1;
    bool json = false;
};

bool usesBlas(Workload workload) { return workload == Workload::Gemm || workload == Workload::Svd; }

std::string megabytes(uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

std::string fitText(const CacheFit& fit) {
    std::string text = "working set " + megabytes(fit.workingSetBytes) + ": ";
    text += fit.level == "memory"
                ? "larger than the caches, streams from memory"
                : "fits in " + fit.level + " (" + megabytes(fit.shareBytes) + "), GB/s is cache speed";
    if (fit.sizesAssumed) text += " (hwloc's cache sizes looked implausible; 32 MB last-level assumed)";
    return text;
}

void printText(const KernelArgs& args, const KernelTiming& timing, const CacheFit& fit) {
    char line[160];
    std::cout << "kernel    " << toString(timing.workload) << " (size " << timing.size << ", iterations "
              << timing.iterations << ", repeat " << args.repeat << ", warm-up " << args.warmup << ")\n";
    std::cout << "memory    " << fitText(fit) << '\n';
    std::cout << "threads   " << blasThreads() << " OpenBLAS thread(s), " << openblasCoreName() << ", "
              << openblasParallelModeName();
    if (blasThreads() != args.threads)
        std::cout << " (asked for " << args.threads << ": this OpenBLAS build's MAX_THREADS caps it)";
    if (!usesBlas(timing.workload)) std::cout << " (not used: this kernel runs on one thread)";
    std::cout << '\n';
    std::snprintf(line, sizeof line, "seconds   median %.6f  min %.6f  max %.6f\n", timing.seconds.medianSeconds,
                  timing.seconds.minSeconds, timing.seconds.maxSeconds);
    std::cout << line;
    std::snprintf(line, sizeof line, "GFLOP/s   %.3f  (%.4g flops a run, at the median%s)\n", timing.gflops,
                  timing.flops, flopCountIsNominal(timing.workload) ? "; nominal: 22 n^3, dgesdd does fewer" : "");
    std::cout << line;
    std::snprintf(line, sizeof line, "GB/s      %.3f  (%.4g bytes a run, at the median)\n", timing.gbps, timing.bytes);
    std::cout << line;
    if (const auto better = betterOpenblasCoreType(); better && usesBlas(timing.workload))
        std::cout << "note      OpenBLAS runs its " << openblasCoreName() << " kernels on a CPU that can run "
                  << *better << "; OPENBLAS_CORETYPE=" << *better << " gives full speed\n";
}

void printJson(const KernelArgs& args, const KernelTiming& timing, const CacheFit& fit) {
    nlohmann::json out = {
        {"kernel", toString(timing.workload)},
        {"size", timing.size},
        {"iterations", timing.iterations},
        {"repeat", args.repeat},
        {"warmup", args.warmup},
        {"seed", args.seed},
        {"threads", args.threads},
        {"blas_threads", blasThreads()},
        {"median_s", timing.seconds.medianSeconds},
        {"min_s", timing.seconds.minSeconds},
        {"max_s", timing.seconds.maxSeconds},
        {"repeat_s", timing.repeatSeconds},
        {"flops", timing.flops},
        {"bytes", timing.bytes},
        {"gflops", timing.gflops},
        {"gflops_nominal", flopCountIsNominal(timing.workload)},
        {"gbps", timing.gbps},
        {"working_set_bytes", fit.workingSetBytes},
        {"fits_in", fit.level},
        {"cache_sizes_assumed", fit.sizesAssumed},
        {"checksum", timing.checksum},
        {"openblas_config", openblasConfig()},
        {"openblas_corename", openblasCoreName()},
        {"openblas_better_coretype", nullptr},
    };
    if (const auto better = betterOpenblasCoreType()) out["openblas_better_coretype"] = *better;
    std::cout << out.dump(2) << '\n';
}

int runKernelCommand(const KernelArgs& args) {
    const auto workload = parseChoice<Workload>(args.name);
    if (!workload) throw InputError("kernel", args.name, choiceList<Workload>());
    if (args.threads < 1 || args.threads > kMaxThreads)
        throw InputError("threads", std::to_string(args.threads), "1 to " + std::to_string(kMaxThreads));
    // Without --size, triad streams past the caches (the bandwidth probe's
    // one-worker size) and the other kernels take the size knob's default.
    const TopologyInfo topology = Topology::load().info();
    int size = args.size;
    if (!args.sizeGiven)
        size = *workload == Workload::Triad ? analysis::probeSize(topology, 1)
                                            : std::stoi(std::string(knob("size").defaultValue));
    // Every check before any allocation or thread start.
    validateSize(*workload, size);
    checkIterations(args.iterations);
    if (args.repeat < 1) throw InputError("repeat", std::to_string(args.repeat), "1 or more");
    if (args.warmup < 0) throw InputError("warmup", std::to_string(args.warmup), "0 or more");

    setBlasThreads(args.threads);
    KernelTimingOptions options;
    options.size = size;
    options.iterations = args.iterations;
    options.repeats = args.repeat;
    options.warmups = args.warmup;
    options.seed = args.seed;
    const KernelTiming timing = timeKernel(kernelFor(*workload), options);
    const Kernel& kernel = kernelFor(*workload);
    const uint64_t workingSet =
        8 * (kernel.inputDoubles(size) + kernel.outputDoubles(size) + kernel.scratchDoubles(size));
    const CacheFit fit = cacheFit(workingSet, 1, topology);
    if (args.json) printJson(args, timing, fit);
    else printText(args, timing, fit);
    return 0;
}

const RegisterCommand registerKernel{
    "kernel", 40, [](CLI::App& app) -> std::function<int()> {
        auto args = std::make_shared<KernelArgs>();
        CLI::App* sub =
            app.add_subcommand("kernel", "Time one numeric kernel standalone: seconds per run (median, min, max), "
                                         "GFLOP/s and GB/s.");
        sub->add_option("NAME", args->name, "Kernel: " + choiceList<Workload>())->required();
        CLI::Option* sizeOption =
            sub->add_option("--size", args->size,
                            "n: the side of an n x n array of doubles (triad streams n*n). Default: triad 4x the "
                            "last-level caches, the others the size knob's default");
        sub->add_option("--threads", args->threads, "OpenBLAS threads (1-1024; used by gemm and svd)")
            ->capture_default_str();
        sub->add_option("--iterations", args->iterations,
                        "Kernel steps in one run: multiplies, squarings, decompositions, sweeps")
            ->capture_default_str();
        sub->add_option("--repeat", args->repeat, "Timed runs")->capture_default_str();
        sub->add_option("--warmup", args->warmup, "Untimed runs before them")->capture_default_str();
        sub->add_option("--seed", args->seed, "Seed of the generated input")->capture_default_str();
        sub->add_flag("--json", args->json, "Print one JSON object");
        return [args, sizeOption] {
            args->sizeGiven = sizeOption->count() > 0;
            // Same OpenBLAS start-up as the engine, so standalone and in-run timings compare.
            reexecWithSingleThreadedBlasIfNeeded();
            return runKernelCommand(*args);
        };
    }};

} // namespace
} // namespace oversub::cli
