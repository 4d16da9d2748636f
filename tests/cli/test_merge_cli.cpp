// Two simulated nodes on this machine: `watch --job --node` streams merged by
// `oversub-cli merge` into one view that shows both nodes (JSON and table),
// the merged stream carrying both nodes' samples in time order, srun's
// labelled output read from stdin, and bad input named with nothing left
// behind.

#include "events/event.h"

#include "cli_process.h"
#include "process_temp_dir.h"
#include "run_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace oversub;
using testing::HasSubstr;

namespace {

std::string tempPath(const std::string& name) {
    static const test::ProcessTempDir dir("oversub-test-merge-");
    return dir.path() + "/" + name;
}

// One node's stream, 0.4 s of samples at 10 Hz, in a file of its own.
std::string watchNode(const std::string& node) {
    const std::string path = tempPath(node + ".jsonl");
    const auto r = test::runCli({"watch", "--node", node, "--duration", "0.4", "--events", path});
    if (r.exitStatus != 0) throw std::runtime_error("watch --node " + node + " failed: " + r.err);
    return path;
}

} // namespace

TEST(MergeCli, TwoNodesStreamsShowBothNodesWithTheirMachines) {
    const std::string a = watchNode("node-a"), b = watchNode("node-b");
    const auto r = test::runCli({"merge", a, b, "--json"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto view = nlohmann::json::parse(r.out);
    ASSERT_EQ(view["nodes"].size(), 2u) << r.out;
    std::set<std::string> names;
    for (const auto& node : view["nodes"]) {
        names.insert(node["node"].get<std::string>());
        EXPECT_EQ(node["pus"].get<int>(), static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN))) << node.dump();
        EXPECT_GE(node["samples"].get<int>(), 3) << node.dump();
        EXPECT_GE(node["packages_busy"].size(), 1u);
        EXPECT_EQ(node["packages_busy"][0]["package"], 0); // PUs under their package: the topology came along
    }
    EXPECT_EQ(names, (std::set<std::string>{"node-a", "node-b"}));

    const auto table = test::runCli({"merge", a, b});
    ASSERT_EQ(table.exitStatus, 0) << table.err;
    EXPECT_THAT(table.out, HasSubstr("2 nodes"));
    EXPECT_THAT(table.out, HasSubstr("node node-a: 1 package"));
    EXPECT_THAT(table.out, HasSubstr("node node-b: 1 package"));
}

TEST(MergeCli, TheMergedStreamHoldsBothNodesSamplesInTimeOrder) {
    const std::string a = watchNode("cn1"), b = watchNode("cn2");
    const std::string merged = tempPath("merged.jsonl");
    const auto r = test::runCli({"merge", a, b, "--events", merged});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto events = test::readEventsFile(merged);
    ASSERT_FALSE(events.empty());
    EXPECT_TRUE(std::holds_alternative<events::Hello>(events.front()));
    std::set<std::string> described, sampled;
    double lastT = -1;
    for (const auto& e : events) {
        if (const auto* node = std::get_if<events::NodeInfo>(&e)) described.insert(node->node);
        if (const auto* sample = std::get_if<events::Sample>(&e)) {
            EXPECT_TRUE(described.count(sample->node)) << "a sample of " << sample->node << " before its node line";
            sampled.insert(sample->node);
            EXPECT_GE(sample->snapshot.tSeconds, lastT);
            lastT = sample->snapshot.tSeconds;
        }
    }
    EXPECT_EQ(described, (std::set<std::string>{"cn1", "cn2"}));
    EXPECT_EQ(sampled, described);
}

TEST(MergeCli, SrunsLabelledOutputOfBothNodesIsReadFromStdin) {
    const std::string a = watchNode("n0"), b = watchNode("n1");
    // srun --label: every line of task T prefixed "T: ", the tasks' lines interleaved.
    std::istringstream first(test::readWholeFile(a)), second(test::readWholeFile(b));
    std::string mixed, line;
    for (bool more = true; more;) {
        more = false;
        if (std::getline(first, line)) mixed += "0: " + line + "\n", more = true;
        if (std::getline(second, line)) mixed += "1: " + line + "\n", more = true;
    }
    const auto r = test::runCli({"merge", "-", "--json"}, mixed);
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto view = nlohmann::json::parse(r.out);
    ASSERT_EQ(view["nodes"].size(), 2u);
    EXPECT_EQ(view["nodes"][0]["node"], "n0");
    EXPECT_EQ(view["nodes"][1]["node"], "n1");
    EXPECT_EQ(view["nodes"][1]["source"], "-");
}

TEST(MergeCli, BadInputIsNamedAndLeavesNoFileBehind) {
    const std::string a = watchNode("ok");
    const std::string broken = tempPath("broken.jsonl");
    {
        // A cut line with whole lines after it: not a watch killed mid-line.
        std::ofstream out(broken);
        out << test::readWholeFile(a) << "{\"event\":\"sample\",\"t_s\":\n" << test::readWholeFile(a);
    }
    const std::string merged = tempPath("never.jsonl");
    const auto r = test::runCli({"merge", a, broken, "--events", merged});
    EXPECT_EQ(r.exitStatus, 2);
    EXPECT_THAT(r.err, HasSubstr(broken));
    EXPECT_THAT(r.err, HasSubstr("line "));
    EXPECT_FALSE(std::filesystem::exists(merged)) << "a half merged stream was left behind";

    // A watch killed while writing its last line, and srun's words in the
    // same output (no --error): both said on stderr, the rest merged.
    const std::string killed = tempPath("killed.jsonl");
    {
        const std::string whole = test::readWholeFile(a);
        std::ofstream out(killed);
        out << "srun: error: ok: task 0: Killed\n" << whole << whole.substr(0, whole.size() - 40);
    }
    const auto tolerated = test::runCli({"merge", killed});
    EXPECT_EQ(tolerated.exitStatus, 0) << tolerated.err;
    EXPECT_THAT(tolerated.err, HasSubstr("1 line(s) that are not events were skipped"));
    EXPECT_THAT(tolerated.err, HasSubstr("cut off"));
    EXPECT_THAT(tolerated.out, HasSubstr("node ok:"));

    const auto missing = test::runCli({"merge", tempPath("no-such.jsonl")});
    EXPECT_EQ(missing.exitStatus, 2);
    EXPECT_THAT(missing.err, HasSubstr("no-such.jsonl"));
    // A folder or a device that never ends is refused by name before a byte is read.
    for (const std::string& notAStream : {std::filesystem::path(a).parent_path().string(), std::string("/dev/zero")}) {
        const auto refused = test::runCli({"merge", notAStream}, "", {}, 20000);
        EXPECT_EQ(refused.exitStatus, 2) << notAStream;
        EXPECT_THAT(refused.err, HasSubstr(notAStream + ": is not a readable file or pipe"));
    }
    const auto twice = test::runCli({"merge", "-", "-"}, "");
    EXPECT_EQ(twice.exitStatus, 2);
    EXPECT_THAT(twice.err, HasSubstr("stdin once"));
    const auto empty = test::runCli({"merge", "-"}, "\n");
    EXPECT_EQ(empty.exitStatus, 2);
    EXPECT_THAT(empty.err, HasSubstr("no sample or node event"));

    const auto badNode = test::runCli({"watch", "--node", "two words", "--duration", "0.1"});
    EXPECT_EQ(badNode.exitStatus, 2);
    EXPECT_THAT(badNode.err, HasSubstr("--node: 'two words' is not allowed"));
    EXPECT_EQ(badNode.out, ""); // refused before the stream began
}
