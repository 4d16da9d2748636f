// Inputs that used to be accepted and silently ignored are refused before
// anything runs, naming the field and what is allowed.

#include "run_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace oversub;
using testing::HasSubstr;

TEST(RefusedInputsCli, CpusWithoutCustomAffinity) {
    const auto r = test::runCli({"run", "--cpus", "0", "--quiet"});
    EXPECT_EQ(r.exitStatus, 2) << r.err;
    EXPECT_THAT(r.err, HasSubstr("cpus"));
    EXPECT_THAT(r.err, HasSubstr("set affinity to custom"));
    // With custom affinity the same list is what it means.
    EXPECT_EQ(test::runCli({"knobs", "resolve", "--affinity", "custom", "--cpus", "0;0"}).exitStatus, 0);
}

TEST(RefusedInputsCli, WatchPidZero) {
    const auto r = test::runCli({"watch", "--pid", "0", "--events", "-"});
    EXPECT_EQ(r.exitStatus, 2) << r.err;
    EXPECT_THAT(r.err, HasSubstr("--pid"));
}

TEST(RefusedInputsCli, EmptyOutputPaths) {
    for (const char* flag : {"--out", "--csv", "--events", "--journal"}) {
        const auto r = test::runCli({"run", "--quiet", flag, ""});
        EXPECT_EQ(r.exitStatus, 2) << flag << ": " << r.err;
        EXPECT_THAT(r.err, HasSubstr(flag));
        EXPECT_THAT(r.err, HasSubstr("empty path"));
    }
}
