// The one depth limit and the size limits of JSON inputs (util/json_limits.h):
// 64 levels are read and 65 refused, naming the input and 64, before any
// recursive code sees the value; a file over its size limit, a device that
// never ends and a directory are refused without being read; every experiment
// that is accepted reads back from the journal, event line and results file
// that carry it.

#include "analysis/bandwidth_cache.h"
#include "events/event_reader.h"
#include "experiment/experiment.h"
#include "export/journal.h"
#include "export/results.h"
#include "process_temp_dir.h"
#include "test_events_samples.h"
#include "util/input_error.h"
#include "util/json_limits.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <string>

#include <fcntl.h>
#include <unistd.h>

using namespace oversub;
using testing::HasSubstr;

namespace {

using nlohmann::json;

const test::ProcessTempDir& tempDir() {
    static const test::ProcessTempDir dir("oversub-json-limits-");
    return dir;
}

std::string pathOf(const std::string& name) { return tempDir().path() + "/" + name; }

std::string writeFile(const std::string& name, const std::string& bytes) {
    const std::string path = pathOf(name);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    return path;
}

// A file of `bytes` zero bytes that takes no disk space.
std::string sparseFile(const std::string& name, size_t bytes) {
    const std::string path = writeFile(name, "");
    EXPECT_EQ(::truncate(path.c_str(), static_cast<off_t>(bytes)), 0) << path;
    return path;
}

std::string nestedArrays(int levels) { return std::string(levels, '[') + std::string(levels, ']'); }

// An experiment file `levels` deep (at least 3): the preset block holds the nesting.
std::string experimentText(int levels) {
    return R"({"workload": "scalar", "preset": {"title": "deep", "notes": )" + nestedArrays(levels - 2) + "}}";
}

// The same experiment as a value in memory.
json experimentValue(int levels) {
    json inner = json::array();
    for (int level = 1; level < levels - 2; ++level) inner = json::array({inner});
    return json{{"workload", "scalar"}, {"preset", {{"title", "deep"}, {"notes", inner}}}};
}

std::string message(const std::function<void()>& refused) {
    try {
        refused();
    } catch (const std::exception& e) {
        return e.what();
    }
    ADD_FAILURE() << "not refused";
    return "";
}

// A pipe holding `bytes` zero bytes, its write end closed; read through /proc/self/fd.
class FilledPipe {
public:
    explicit FilledPipe(size_t bytes) {
        EXPECT_EQ(::pipe(fds_), 0);
        const std::string zeros(bytes, '\0');
        EXPECT_EQ(::write(fds_[1], zeros.data(), zeros.size()), static_cast<ssize_t>(bytes));
        ::close(fds_[1]);
    }
    ~FilledPipe() { ::close(fds_[0]); }
    std::string path() const { return "/proc/self/fd/" + std::to_string(fds_[0]); }

private:
    int fds_[2] = {-1, -1};
};

} // namespace

TEST(JsonLimits, SixtyFourLevelsAreReadAndSixtyFiveRefusedNamingTheInputAndTheLimit) {
    EXPECT_EQ(jsonDepth(parseJsonLimited(nestedArrays(64), "doc.json")), 64);
    const std::string refused = message([] { parseJsonLimited(nestedArrays(65), "doc.json"); });
    EXPECT_THAT(refused, HasSubstr("doc.json: nested deeper than 64 levels (allowed: up to 64)"));

    std::string objects = "1";
    for (int level = 0; level < 65; ++level) objects = R"({"k": )" + objects + "}";
    EXPECT_THAT(message([&] { parseJsonLimited(objects, "doc.json"); }), HasSubstr("deeper than 64"));
}

TEST(JsonLimits, DepthIsRefusedWhileParsingAndBracketsInStringsDoNotCount) {
    // Never closed: refused as too deep at level 65, not at the end as bad JSON.
    EXPECT_THAT(message([] { parseJsonLimited(std::string(100000, '['), "doc"); }), HasSubstr("deeper than 64"));
    EXPECT_EQ(jsonDepth(parseJsonLimited("[\"" + std::string(1000, '[') + "\"]", "doc")), 1);
    EXPECT_THAT(message([] { parseJsonLimited("{\"a\": ", "doc"); }), HasSubstr("doc: not valid JSON"));
}

TEST(JsonLimits, DepthOfAValueInMemory) {
    EXPECT_EQ(jsonDepth(json(3)), 0);
    EXPECT_EQ(jsonDepth(json::array()), 1);
    EXPECT_EQ(jsonDepth(json{{"a", {1, {2, {3}}}}, {"b", 1}}), 4);
    EXPECT_EQ(jsonDepth(experimentValue(64)), 64);
}

TEST(JsonLimits, AnExperimentFileAtTheLimitLoadsAndOneLevelDeeperIsRefusedNamingTheFile) {
    const Experiment loaded = loadExperimentFile(writeFile("at-limit.json", experimentText(64)));
    EXPECT_EQ(loaded.preset["title"], "deep");

    const std::string path = writeFile("too-deep.json", experimentText(65));
    EXPECT_THAT(message([&] { loadExperimentFile(path); }),
                HasSubstr(path + ": nested deeper than 64 levels (allowed: up to 64)"));
}

TEST(JsonLimits, AHundredThousandLevelExperimentFileIsRefused) {
    const std::string path = writeFile("very-deep.json", experimentText(100000));
    EXPECT_THAT(message([&] { loadExperimentFile(path); }), HasSubstr(path + ": nested deeper than 64"));
}

TEST(JsonLimits, AnExperimentDeeperThanTheLimitIsRefusedFromAnySource) {
    // From a journal, an event stream or a results file, where the record
    // around it allows a few more levels: held to the file's limit anyway.
    EXPECT_NO_THROW(experimentFromJson(experimentValue(64)));
    EXPECT_THAT(message([] { experimentFromJson(experimentValue(65)); }),
                HasSubstr("experiment: nested deeper than 64 levels"));
}

TEST(JsonLimits, FilesOverTheSizeLimitAreRefusedWithoutBeingRead) {
    const std::string big = sparseFile("big.json", kMaxJsonBytes + 1);
    EXPECT_THAT(message([&] { loadExperimentFile(big); }),
                HasSubstr(big + ": larger than 64 MiB (allowed: an experiment file of up to 64 MiB)"));
    const std::string bigResults = sparseFile("big-results.json", kMaxRecordFileBytes + 1);
    EXPECT_THAT(message([&] { readResultsJson(bigResults); }), HasSubstr("larger than 1 GiB"));
}

TEST(JsonLimits, DevicesAndDirectoriesAreRefusedByName) {
    EXPECT_THAT(message([] { loadExperimentFile("/dev/zero"); }),
                HasSubstr("/dev/zero: is a device or socket, not an experiment file"));
    EXPECT_THAT(message([] { loadExperimentFile(tempDir().path()); }),
                HasSubstr(tempDir().path() + ": is a directory, not an experiment file"));
    EXPECT_THAT(message([] { loadExperimentFile(pathOf("missing.json")); }),
                HasSubstr("missing.json: cannot read (No such file or directory)"));
}

TEST(JsonLimits, APipeIsReadUpToTheLimitAndNoFurther) {
    const FilledPipe exact(4096);
    EXPECT_EQ(readFileLimited(exact.path(), 4096, "a test file").size(), 4096u);
    const FilledPipe over(4097);
    EXPECT_THAT(message([&] { readFileLimited(over.path(), 4096, "a test file"); }),
                HasSubstr("larger than 4096 bytes (allowed: a test file of up to 4096 bytes)"));
}

TEST(JsonLimits, ADeepEventLineIsABadLineAndTheStreamGoesOn) {
    const std::string hello = events::toJsonLine(events::Hello{events::kSchemaVersion, "test"});
    events::EventReader reader;
    reader.feed(hello + "\n" + R"({"event": "progress", "x": )" + nestedArrays(100000) + "}\n" + hello + "\n");
    EXPECT_TRUE(reader.next());
    EXPECT_THAT(message([&] { reader.next(); }), HasSubstr("line 2: event line: nested deeper than 68 levels"));
    EXPECT_TRUE(reader.next());
}

TEST(JsonLimits, ADeepLineInAJournalIsCountedAsBadAndSkipped) {
    const std::string hello = events::toJsonLine(events::Hello{events::kSchemaVersion, "test"});
    const std::string path = writeFile("deep.jsonl", hello + "\n" + std::string(100000, '[') + "\n" +
                                                         events::toJsonLine(events::SweepDone{}) + "\n");
    const JournalRecovery recovery = readJournal(path);
    EXPECT_EQ(recovery.badLines, 1);
    EXPECT_TRUE(recovery.finished);
}

TEST(JsonLimits, JournalsThatAreDevicesOrTooLargeAreRefusedUnread) {
    EXPECT_THAT(message([] { readJournal("/dev/zero"); }), HasSubstr("journal: /dev/zero: is a device"));
    const std::string big = sparseFile("big.jsonl", kMaxRecordFileBytes + 1);
    EXPECT_THAT(message([&] { readJournal(big); }),
                HasSubstr(big + ": larger than 1 GiB (allowed: a journal of up to 1 GiB)"));
}

TEST(JsonLimits, AnExperimentAtTheLimitReadsBackFromItsJournalEventsAndResults) {
    const json experiment = toJson(experimentFromJson(experimentValue(64)));
    events::RunStarted started;
    started.experiment = experiment;
    const events::RunDone done = std::get<events::RunDone>(events::examples::everyKind()[6]);
    started.run = done.run;

    const std::string journalPath = pathOf("at-limit.jsonl");
    {
        Journal journal(journalPath);
        journal.append(events::Hello{events::kSchemaVersion, "test"});
        journal.append(events::SweepStarted{experiment, json{{"pus", 2}}, 1, 1});
        journal.append(started);
        journal.append(done);
        journal.append(events::SweepDone{});
    }
    const JournalRecovery recovery = readJournal(journalPath);
    EXPECT_EQ(recovery.badLines, 0);
    EXPECT_EQ(recovery.runsCompleted, 1);

    Results results;
    results.experiment = experimentFromJson(experiment);
    results.runs.push_back(fromEvents(started, done));
    const std::string resultsPath = pathOf("at-limit-results.json");
    writeResultsJson(resultsPath, results);
    EXPECT_EQ(readResultsJson(resultsPath), results);
}

TEST(JsonLimits, ADeepResultsFileIsRefusedAndADeepBandwidthCacheReadsAsNotMeasured) {
    const std::string results = writeFile("deep-results.json", nestedArrays(100000));
    EXPECT_THAT(message([&] { readResultsJson(results); }), HasSubstr(results + ": nested deeper than 68"));
    const std::string cache = writeFile("deep-cache.json", R"({"schema": 1, "entries": )" + nestedArrays(100000) + "}");
    EXPECT_FALSE(analysis::readCachedBandwidth(cache, {"cpu", 2, "triad"}));
}
