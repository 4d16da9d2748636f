// Streams of several nodes merged into one view with a node level above
// packages (export/node_merge.h): two simulated nodes, a 512-PU one and a
// 2-PU one, mixed line by line in one input as srun --label writes them;
// plain watch streams named after their files; bad lines named by input and
// line; one node name with two machines refused.

#include "events/event.h"
#include "export/node_merge.h"

#include <gtest/gtest.h>

using namespace oversub;
using namespace oversub::events;
using oversub::topology::uniformTopologyInfo;

namespace {

std::string nodeLine(const std::string& name, const TopologyInfo& machine) {
    NodeInfo info;
    info.node = name;
    info.job = "4242";
    info.topology = topology::toJson(machine);
    return toJsonLine(info);
}

// A tick of `pus` PUs, PU p busy `busy(p)` of the interval.
template <typename Busy>
std::string sampleLine(const std::string& node, int pus, double t, Busy busy) {
    Sample s;
    s.node = node;
    s.snapshot.tSeconds = t;
    s.snapshot.intervalSeconds = 0.1;
    for (int p = 0; p < pus; ++p) {
        sampler::CpuShare cpu;
        cpu.cpu = p;
        cpu.user = busy(p);
        cpu.idle = 1 - cpu.user;
        s.snapshot.cpus.push_back(cpu);
    }
    return toJsonLine(s);
}

} // namespace

TEST(NodeMerge, TwoSimulatedNodesMixedInOneSrunOutputAreToldApart) {
    const TopologyInfo big = uniformTopologyInfo(2, 4, 32, 2); // 512 PUs, 256 a package
    const TopologyInfo small = uniformTopologyInfo(1, 1, 2, 1);
    // srun --label: each node's lines keep their order, the nodes' interleave.
    const std::vector<std::string> lines = {
        "0: " + toJsonLine(Hello{kSchemaVersion, "oversub-cli 0.1.0"}),
        "1: " + toJsonLine(Hello{kSchemaVersion, "oversub-cli 0.1.0"}),
        "1: " + nodeLine("small", small),
        "0: " + nodeLine("big", big),
        "0: " + sampleLine("big", 512, 0.1, [](int p) { return p < 256 ? 1.0 : 0.0; }), // package 0 busy
        "1: " + sampleLine("small", 2, 0.1, [](int p) { return p == 0 ? 0.5 : 0.0; }),
        "0: " + sampleLine("big", 512, 0.2, [](int p) { return p < 256 ? 0.5 : 0.0; }),
        "1: " + sampleLine("small", 2, 0.2, [](int p) { return p == 0 ? 1.0 : 0.0; }),
        "",
    };
    NodeMerge merge;
    for (size_t i = 0; i < lines.size(); ++i) merge.addLine(lines[i], "srun.out", i + 1);

    ASSERT_EQ(merge.nodes().size(), 2u);
    const MergedNode& first = merge.nodes()[0];
    const MergedNode& second = merge.nodes()[1];
    EXPECT_EQ(first.name, "small"); // in the order first seen
    EXPECT_EQ(second.name, "big");
    EXPECT_EQ(second.job, "4242");
    ASSERT_TRUE(second.topology);
    EXPECT_EQ(second.topology->puCount(), 512);
    EXPECT_EQ(second.samples, 2);
    EXPECT_NEAR(second.spanSeconds(), 0.2, 1e-9);
    EXPECT_DOUBLE_EQ(second.meanBusy().at(0), 0.75);
    EXPECT_DOUBLE_EQ(second.meanBusy().at(511), 0.0);
    EXPECT_DOUBLE_EQ(first.meanBusy().at(0), 0.75);

    // The node level above packages: big has two packages of 256 PUs each.
    const auto view = mergedViewJson(merge);
    ASSERT_EQ(view["nodes"].size(), 2u);
    const auto& bigView = view["nodes"][1];
    EXPECT_EQ(bigView["node"], "big");
    EXPECT_EQ(bigView["pus"], 512);
    EXPECT_EQ(bigView["packages"], 2);
    ASSERT_EQ(bigView["packages_busy"].size(), 2u);
    EXPECT_EQ(bigView["packages_busy"][1]["package"], 1);
    EXPECT_EQ(bigView["packages_busy"][1]["pus"].size(), 256u);
    EXPECT_EQ(bigView["packages_busy"][1]["pus"][0]["pu"], 256);
    EXPECT_DOUBLE_EQ(bigView["packages_busy"][0]["pus"][0]["busy"].get<double>(), 0.75);
    EXPECT_EQ(view["nodes"][0]["pus"], 2);
}

TEST(NodeMerge, PlainWatchStreamsAreNodesNamedAfterTheirFiles) {
    NodeMerge merge;
    auto untagged = [](int pus) { return sampleLine("", pus, 0.1, [](int) { return 0.25; }); };
    merge.addLine(untagged(2), "/data/run 1/cn007.jsonl", 1);
    const auto tagged = merge.addLine(untagged(2), "-", 1);
    ASSERT_EQ(merge.nodes().size(), 2u);
    EXPECT_EQ(merge.nodes()[0].name, "cn007");
    EXPECT_FALSE(merge.nodes()[0].topology);
    EXPECT_EQ(merge.nodes()[1].name, "stdin");
    // The merged stream tags every sample with its node.
    ASSERT_TRUE(tagged && std::holds_alternative<Sample>(*tagged));
    EXPECT_EQ(std::get<Sample>(*tagged).node, "stdin");
    EXPECT_EQ(nodeNameOfSource("odd name!.jsonl"), "odd_name_");
}

TEST(NodeMerge, AnUntaggedSampleBelongsToItsInputsNodeEvent) {
    NodeMerge merge;
    merge.addLine(nodeLine("cn001", uniformTopologyInfo(1, 1, 2, 1)), "a.jsonl", 2);
    merge.addLine(sampleLine("", 2, 0.1, [](int) { return 1.0; }), "a.jsonl", 3);
    ASSERT_EQ(merge.nodes().size(), 1u);
    EXPECT_EQ(merge.nodes()[0].samples, 1);
}

TEST(NodeMerge, ABadLineIsNamedByItsInputAndLine) {
    NodeMerge merge;
    try {
        merge.addLine("{\"event\":\"sample\",\"t_s\":", "cn003.jsonl", 17);
        FAIL() << "a cut line was accepted";
    } catch (const EventParseError& e) {
        EXPECT_NE(std::string(e.what()).find("cn003.jsonl line 17: "), std::string::npos) << e.what();
    }
    EXPECT_THROW(merge.addLine(R"({"event":"node","node":"bad name","topology":{}})", "x", 1), EventParseError);
    std::string badTag = sampleLine("cn1", 1, 0.1, [](int) { return 0.0; });
    badTag.replace(badTag.find("\"node\":\"cn1\""), 12, "\"node\":\"a/b\"");
    try {
        merge.addLine(badTag, "x", 2);
        FAIL() << "a node tag that is no node name was accepted: " << badTag;
    } catch (const EventParseError& e) {
        EXPECT_NE(std::string(e.what()).find("a node name of 1 to 64"), std::string::npos) << e.what();
    }
}

TEST(NodeMerge, OneNameWithTwoMachinesIsRefused) {
    NodeMerge merge;
    merge.addLine(nodeLine("cn001", uniformTopologyInfo(1, 1, 2, 1)), "a", 1);
    merge.addLine(nodeLine("cn001", uniformTopologyInfo(1, 1, 2, 1)), "b", 1); // the same machine again: fine
    try {
        merge.addLine(nodeLine("cn001", uniformTopologyInfo(2, 1, 4, 1)), "c", 1);
        FAIL() << "a second machine under one name was accepted";
    } catch (const EventParseError& e) {
        EXPECT_NE(std::string(e.what()).find("already described with another machine"), std::string::npos) << e.what();
    }
}

TEST(NodeMerge, RunEventsAreCountedAndLeftOut) {
    NodeMerge merge;
    EXPECT_FALSE(merge.addLine(toJsonLine(Progress{1, 2, 0.5, 0.5}), "a", 1));
    EXPECT_EQ(merge.otherEvents(), 1u);
    EXPECT_TRUE(merge.nodes().empty());
}

TEST(NodeMerge, SrunsOwnWordsAndACutLastLineAreSkippedAndSaid) {
    NodeMerge merge;
    merge.addLine(sampleLine("cn1", 2, 0.1, [](int) { return 0.5; }), "watch-cn1.jsonl", 1);
    // slurmstepd writes into the same --output when --error is not given.
    EXPECT_FALSE(merge.addLine("slurmstepd-cn1: error: *** STEP 10.0 ON cn1 CANCELLED ***", "watch-cn1.jsonl", 2));
    EXPECT_FALSE(merge.addLine("0: srun: error: cn1: task 0: Killed", "watch-cn1.jsonl", 3));
    ASSERT_EQ(merge.skippedLines().size(), 2u);
    EXPECT_NE(merge.firstSkippedLine().find("watch-cn1.jsonl line 2: slurmstepd-cn1"), std::string::npos);
    // A watch killed mid-line: its last line is cut, said and skipped...
    const std::string whole = sampleLine("cn1", 2, 0.2, [](int) { return 0.5; });
    EXPECT_FALSE(merge.addLine(whole.substr(0, whole.size() / 2), "watch-cn1.jsonl", 4, true));
    ASSERT_EQ(merge.tornLines().size(), 1u);
    EXPECT_NE(merge.tornLines()[0].find("watch-cn1.jsonl line 4: cut off"), std::string::npos);
    // ...but the same cut in the middle of an input is an error.
    EXPECT_THROW(merge.addLine(whole.substr(0, whole.size() / 2), "watch-cn1.jsonl", 4, false), EventParseError);
    EXPECT_EQ(merge.nodes()[0].samples, 1);
}
