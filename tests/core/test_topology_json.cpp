// TopologyInfo <-> JSON: the window reads the machine from
// `oversub-cli topology --json`, so the round trip must be exact.

#include "machine/topology.h"
#include "topology/topology_info.h"
#include "util/input_error.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using oversub::InputError;
using oversub::topology::Topology;
using oversub::topology::TopologyInfo;
using oversub::topology::topologyInfoFromJson;

TEST(TopologyJson, RoundTripsExactly) {
    const std::string fixture =
        std::string(OVERSUB_SOURCE_DIR) + "/tests/core/fixtures/topology/two_packages_interleaved.xml";
    std::vector<TopologyInfo> machines = {
        Topology::fromSynthetic("pack:2 core:8 pu:2").info(),
        Topology::fromSynthetic("pack:4 numa:2 core:16 pu:2").info(),
        Topology::fromSynthetic("pack:2 numa:4 core:32 pu:2").info(),
        Topology::fromXml(fixture).info(),
        Topology::load().info(),
    };
    for (const auto& info : machines) {
        SCOPED_TRACE(info.source);
        const nlohmann::json json = oversub::topology::toJson(info);
        // Through text too, as the window receives it.
        const TopologyInfo back = topologyInfoFromJson(nlohmann::json::parse(json.dump()));
        EXPECT_EQ(back, info);
        EXPECT_EQ(toJson(back), json);
    }
}

TEST(TopologyJson, HasTheDocumentedKeys) {
    const TopologyInfo info = Topology::fromSynthetic("pack:2 core:8 pu:2").info();
    const nlohmann::json json = toJson(info);
    EXPECT_EQ(json["pus"], 32);
    EXPECT_EQ(json["cores"], 16);
    EXPECT_EQ(json["packages"], 2);
    EXPECT_EQ(json["numa_nodes"], 1);
    EXPECT_EQ(json["allowed"], "0-31");
    EXPECT_EQ(json["is_this_machine"], false);
    ASSERT_EQ(json["pu_list"].size(), 32u);
    EXPECT_EQ(json["pu_list"][17],
              (nlohmann::json{{"os", 17}, {"logical", 17}, {"core", 8}, {"package", 1}, {"numa", 0}}));
    // tree: package > core > pu (OS indices).
    ASSERT_EQ(json["tree"].size(), 2u);
    EXPECT_EQ(json["tree"][1]["package"], 1);
    ASSERT_EQ(json["tree"][1]["cores"].size(), 8u);
    EXPECT_EQ(json["tree"][1]["cores"][0]["core"], 8);
    EXPECT_EQ(json["tree"][1]["cores"][0]["pus"], (nlohmann::json{16, 17}));
}

TEST(TopologyJson, BrokenJsonIsAnInputError) {
    const nlohmann::json good = toJson(Topology::fromSynthetic("core:2 pu:2").info());
    auto expectRefused = [](const nlohmann::json& json, const std::string& mentions) {
        try {
            topologyInfoFromJson(json);
            ADD_FAILURE() << "accepted: " << json.dump();
        } catch (const InputError& e) {
            EXPECT_EQ(e.field(), "topology");
            EXPECT_NE(std::string(e.what()).find(mentions), std::string::npos) << e.what();
        }
    };
    nlohmann::json missing = good;
    missing.erase("pu_list");
    expectRefused(missing, "pu_list");
    nlohmann::json wrongType = good;
    wrongType["cores"] = "four";
    expectRefused(wrongType, "cores");
    nlohmann::json wrongCount = good;
    wrongCount["pus"] = 5;
    expectRefused(wrongCount, "pus 5");
    nlohmann::json badAllowed = good;
    badAllowed["allowed"] = "0-9";
    expectRefused(badAllowed, "allowed");
    nlohmann::json garbledAllowed = good;
    garbledAllowed["allowed"] = "0-x";
    expectRefused(garbledAllowed, "0-x");
    nlohmann::json repeated = good;
    repeated["pu_list"][1]["os"] = 0;
    expectRefused(repeated, "repeated");
    expectRefused(nlohmann::json::array(), "source");
}
