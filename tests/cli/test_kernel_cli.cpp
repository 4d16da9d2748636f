// `oversub-cli kernel` end to end: output shape, JSON keys, and bad input
// rejected with exit status 2 and a one-line message naming the field.

#include "machine/memory.h"
#include "run_cli.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace {

using oversub::test::runCli;

TEST(KernelCli, JsonHasTimingKeysAndConsistentNumbers) {
    const auto r =
        runCli({"kernel", "gemm", "--size", "40", "--repeat", "3", "--iterations", "2", "--threads", "2", "--json"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"median_s", "min_s", "max_s", "gflops", "gbps"})
        ASSERT_TRUE(j.contains(key) && j[key].is_number()) << key << " in " << r.out;
    EXPECT_EQ(j["kernel"], "gemm");
    EXPECT_EQ(j["size"], 40);
    EXPECT_EQ(j["iterations"], 2);
    EXPECT_EQ(j["repeat_s"].size(), 3u);
    EXPECT_EQ(j["threads"], 2);
    EXPECT_EQ(j["blas_threads"], 2);
    EXPECT_EQ(j["flops"].get<double>(), 2.0 * 2 * 40 * 40 * 40);
    EXPECT_LE(j["min_s"].get<double>(), j["median_s"].get<double>());
    EXPECT_LE(j["median_s"].get<double>(), j["max_s"].get<double>());
}

TEST(KernelCli, EveryKernelRunsAndPrintsSecondsAndRates) {
    for (const char* name : {"gemm", "elementwise", "svd", "scalar", "triad"}) {
        const auto r = runCli({"kernel", name, "--size", "20", "--repeat", "2"});
        ASSERT_EQ(r.exitStatus, 0) << name << ": " << r.err;
        for (const char* word : {"median", "min", "max", "GFLOP/s", "GB/s"})
            EXPECT_NE(r.out.find(word), std::string::npos) << name << " lacks " << word;
        EXPECT_NE(r.out.find(name), std::string::npos) << r.out;
    }
}

void expectBadInput(const std::vector<std::string>& args, const std::string& field) {
    const auto r = runCli(args);
    EXPECT_EQ(r.exitStatus, 2) << r.out << r.err;
    EXPECT_NE(r.err.find(field), std::string::npos) << "stderr: " << r.err;
    // One line: the message and its newline.
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "stderr: " << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(KernelCli, BadInputExitsTwoNamingTheField) {
    expectBadInput({"kernel", "fft", "--size", "10"}, "kernel");
    expectBadInput({"kernel", "gemm", "--size", "0"}, "size");
    expectBadInput({"kernel", "gemm", "--size=-3"}, "size");
    expectBadInput({"kernel", "svd", "--size", "100000"}, "size");
    expectBadInput({"kernel", "gemm", "--size", "10", "--threads", "0"}, "threads");
    expectBadInput({"kernel", "gemm", "--size", "10", "--threads", "1025"}, "threads");
    expectBadInput({"kernel", "triad", "--size", "10", "--iterations", "0"}, "iterations");
    expectBadInput({"kernel", "triad", "--size", "10", "--repeat", "0"}, "repeat");
}

TEST(KernelCli, UnknownKernelListsTheAllowedNames) {
    const auto r = runCli({"kernel", "fft", "--size", "10"});
    EXPECT_EQ(r.exitStatus, 2);
    for (const char* name : {"gemm", "elementwise", "svd", "scalar", "triad", "fft"})
        EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
}

TEST(KernelCli, SizeBeyondMemoryAvailableSaysHowMuchItNeeds) {
    // One 46340 x 46340 GEMM task holds A, B and C: 48 GiB. The reply must
    // follow this machine's MemAvailable (checking run is cheap: --repeat 1
    // never starts when refused, and is not reached when it fits).
    const auto available = oversub::machine::memAvailableBytes();
    ASSERT_TRUE(available.has_value());
    const uint64_t needed = 3ull * 46340 * 46340 * 8;
    ASSERT_GT(needed, *available) << "this check needs a machine with less than 48 GiB available";
    const auto r = runCli({"kernel", "gemm", "--size", "46340"});
    EXPECT_EQ(r.exitStatus, 2) << r.err;
    for (const char* word : {"size", "48.0 GiB", "MemAvailable", "available"})
        EXPECT_NE(r.err.find(word), std::string::npos) << word << " in " << r.err;
}

TEST(KernelCli, HelpDescribesEveryOption) {
    const auto r = runCli({"kernel", "--help"});
    EXPECT_EQ(r.exitStatus, 0) << r.err;
    for (const char* option : {"--size", "--threads", "--iterations", "--repeat", "--json"})
        EXPECT_NE(r.out.find(option), std::string::npos) << option;
}

} // namespace
