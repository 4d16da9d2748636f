// The bandwidth cache: per (CPU model, PUs, kernel), survives a rewrite of
// another entry, and a malformed file reads as "not measured".

#include "analysis/bandwidth_cache.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace oversub::analysis;

namespace {

class BandwidthCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("oversub-bw-" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir_);
        path_ = (dir_ / "nested" / "bandwidth.json").string();
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    static BandwidthRecord record(const std::string& model, int pus, double one, double all) {
        return {{model, pus, "triad"}, one, all, pus, 1633, "2024-05-01T10:00:00Z", 0.02};
    }

    std::filesystem::path dir_;
    std::string path_;
};

} // namespace

TEST_F(BandwidthCacheTest, MissingFileIsNotMeasured) {
    EXPECT_FALSE(readCachedBandwidth(path_, {"EPYC", 2, "triad"}).has_value());
    EXPECT_FALSE(readCachedBandwidth("", {"EPYC", 2, "triad"}).has_value());
}

TEST_F(BandwidthCacheTest, WriteThenReadBackTheSameRecord) {
    const auto r = record("AMD EPYC 9B14", 2, 30.5, 52.25);
    writeCachedBandwidth(path_, r);
    const auto back = readCachedBandwidth(path_, r.key);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, r);
}

TEST_F(BandwidthCacheTest, EntriesAreKeyedByModelPusAndKernel) {
    writeCachedBandwidth(path_, record("A", 2, 30, 52));
    writeCachedBandwidth(path_, record("A", 4, 31, 90));
    writeCachedBandwidth(path_, record("A", 2, 29, 50)); // replaces the first
    const auto twoPus = readCachedBandwidth(path_, {"A", 2, "triad"});
    ASSERT_TRUE(twoPus.has_value());
    EXPECT_DOUBLE_EQ(twoPus->machineGbps, 50);
    const auto fourPus = readCachedBandwidth(path_, {"A", 4, "triad"});
    ASSERT_TRUE(fourPus.has_value());
    EXPECT_DOUBLE_EQ(fourPus->machineGbps, 90);
    EXPECT_FALSE(readCachedBandwidth(path_, {"B", 2, "triad"}).has_value());
    EXPECT_FALSE(readCachedBandwidth(path_, {"A", 2, "elementwise"}).has_value());
}

TEST_F(BandwidthCacheTest, MalformedFileReadsAsNotMeasuredAndIsRewritten) {
    std::filesystem::create_directories(std::filesystem::path(path_).parent_path());
    std::ofstream(path_) << "{ not json";
    EXPECT_FALSE(readCachedBandwidth(path_, {"A", 2, "triad"}).has_value());
    writeCachedBandwidth(path_, record("A", 2, 30, 52));
    EXPECT_TRUE(readCachedBandwidth(path_, {"A", 2, "triad"}).has_value());
}

TEST_F(BandwidthCacheTest, DefaultPathFollowsXdgCacheHome) {
    const char* old = std::getenv("XDG_CACHE_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_CACHE_HOME", "/somewhere/cache", 1);
    EXPECT_EQ(defaultBandwidthCachePath(), "/somewhere/cache/oversub/bandwidth.json");
    ::setenv("XDG_CACHE_HOME", "relative", 1); // not absolute: ignored, as the spec says
    EXPECT_NE(defaultBandwidthCachePath().find("/.cache/oversub/bandwidth.json"), std::string::npos);
    if (old) ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
    else ::unsetenv("XDG_CACHE_HOME");
}
