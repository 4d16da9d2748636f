// parseCpuList: the three spellings users write (taskset lists, hex masks,
// hwloc locations), and one clear InputError for each kind of bad text.

#include "topology/cpu_list.h"
#include "topology/topology_info.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using oversub::CpuSet;
using oversub::InputError;
using oversub::parseCpuList;
using oversub::parsePlainCpuList;
using oversub::topology::TopologyInfo;
using oversub::topology::uniformTopologyInfo;

namespace {

const TopologyInfo& twoPuMachine() { // like the 2-vCPU build box: 2 cores x 1 PU
    static const TopologyInfo machine = uniformTopologyInfo(1, 1, 2, 1);
    return machine;
}

const TopologyInfo& twoPackageMachine() { // pack:2 core:8 pu:2 = 32 PUs
    static const TopologyInfo machine = uniformTopologyInfo(2, 1, 8, 2);
    return machine;
}

// One package, 2 cores x 2 PUs, numbered like "pu:2(indexes=0,2,1,3)": the
// SMT siblings of core 0 are P#0 and P#2.
TopologyInfo interleavedMachine() {
    TopologyInfo machine;
    machine.source = "test: interleaved";
    machine.packages = 1;
    machine.numaNodes = 1;
    machine.cores = 2;
    machine.pus = {{0, 0, 0, 0, 0}, {2, 1, 0, 0, 0}, {1, 2, 1, 0, 0}, {3, 3, 1, 0, 0}};
    machine.allowed = machine.allPus();
    return machine;
}

// OS indices with a hole: PUs 0-1,4-5.
TopologyInfo holeyMachine() {
    TopologyInfo machine;
    machine.source = "test: holey";
    machine.packages = 1;
    machine.numaNodes = 1;
    machine.cores = 4;
    machine.pus = {{0, 0, 0, 0, 0}, {1, 1, 1, 0, 0}, {4, 2, 2, 0, 0}, {5, 3, 3, 0, 0}};
    machine.allowed = machine.allPus();
    return machine;
}

std::string list(const CpuSet& s) { return s.toList(); }

} // namespace

TEST(CpuList, TasksetLists) {
    const auto& m = twoPackageMachine();
    EXPECT_EQ(list(parseCpuList("0-3,8", m)), "0-3,8");
    EXPECT_EQ(list(parseCpuList("0-15:2", m)), "0,2,4,6,8,10,12,14");
    EXPECT_EQ(list(parseCpuList("1-31:10", m)), "1,11,21,31");
    EXPECT_EQ(list(parseCpuList("7", m)), "7");
    EXPECT_EQ(list(parseCpuList(" 0 , 1 ", m)), "0-1");
    EXPECT_EQ(list(parseCpuList("3,2,1,1", m)), "1-3");
    EXPECT_EQ(list(parseCpuList("007", m)), "7");
    EXPECT_EQ(list(parseCpuList("0-31", m)), "0-31");
}

TEST(CpuList, HexMasks) {
    const auto& m = twoPackageMachine();
    EXPECT_EQ(list(parseCpuList("0xff", m)), "0-7");
    EXPECT_EQ(list(parseCpuList("0XF0", m)), "4-7");
    EXPECT_EQ(list(parseCpuList("0x80000001", m)), "0,31");
    EXPECT_EQ(list(parseCpuList("0x00000003", m)), "0-1");
    // 32-bit groups, most significant first, as /proc and hwloc print them.
    EXPECT_EQ(list(parsePlainCpuList("0x3,0xffffffff")), "0-33");
    EXPECT_EQ(list(parsePlainCpuList("0x00000100,0x00000001")), "0,40");
    EXPECT_EQ(list(parsePlainCpuList("0x1,00000000,00000000")), "64");
    EXPECT_EQ(list(parsePlainCpuList("0x1,0")), "32");
    EXPECT_EQ(list(parsePlainCpuList("0x10000000000000000000000001")), "0,100"); // taskset's long form
}

TEST(CpuList, HwlocLocations) {
    const auto& m = twoPackageMachine();
    EXPECT_EQ(list(parseCpuList("core:0-1", m)), "0-3");
    EXPECT_EQ(list(parseCpuList("pu:even", m)),
              CpuSet::fromVector({0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30}).toList());
    EXPECT_EQ(parseCpuList("pu:odd", m).count(), 16);
    EXPECT_TRUE(parseCpuList("pu:odd", m).contains(31));
    EXPECT_EQ(list(parseCpuList("package:1.core:0", m)), "16-17");
    EXPECT_EQ(list(parseCpuList("package:1.core:7.pu:1", m)), "31");
    EXPECT_EQ(list(parseCpuList("numa:0", m)), "0-15");
    EXPECT_EQ(list(parseCpuList("numa:1", m)), "16-31");
    EXPECT_EQ(list(parseCpuList("all", m)), "0-31");
    EXPECT_EQ(list(parseCpuList("ALL", m)), "0-31");
    EXPECT_EQ(list(parseCpuList("machine:0", m)), "0-31");
    EXPECT_EQ(list(parseCpuList("core:all", m)), "0-31");
    EXPECT_EQ(list(parseCpuList("socket:1", m)), "16-31");
    EXPECT_EQ(list(parseCpuList("pack:0.core:2-6:2", m)), "4-5,8-9,12-13");
    EXPECT_EQ(list(parseCpuList("package:1.pu:even", m)), "16,18,20,22,24,26,28,30");
    EXPECT_EQ(list(parseCpuList("core:even.pu:0", m)), "0,4,8,12,16,20,24,28");
    // Mixed items, separated by spaces or commas.
    EXPECT_EQ(list(parseCpuList("core:0 pu:7", m)), "0-1,7");
    EXPECT_EQ(list(parseCpuList("30,core:0", m)), "0-1,30");
}

TEST(CpuList, LocationsUseLogicalIndicesNumbersUseOsIndices) {
    const TopologyInfo m = interleavedMachine();
    EXPECT_EQ(list(parseCpuList("pu:1", m)), "2"); // L#1 is P#2
    EXPECT_EQ(list(parseCpuList("1", m)), "1"); // P#1
    EXPECT_EQ(list(parseCpuList("core:0", m)), "0,2"); // SMT siblings P#0 and P#2
    EXPECT_EQ(list(parseCpuList("core:1", m)), "1,3");
    EXPECT_EQ(list(parseCpuList("pu:0-1", m)), "0,2");
    EXPECT_EQ(list(parseCpuList("core:1.pu:0", m)), "1");
}

TEST(CpuList, HolesInTheMachineAreNamed) {
    const TopologyInfo m = holeyMachine();
    EXPECT_EQ(list(parseCpuList("0-1,4-5", m)), "0-1,4-5");
    EXPECT_EQ(list(parseCpuList("0x33", m)), "0-1,4-5");
    try {
        parseCpuList("0-5", m);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "cpus: '0-5': cpus 2-3 are not on this machine (PUs 0-1,4-5)");
    }
    try {
        parseCpuList("3", m, "worker 2 cpus");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "worker 2 cpus: cpu 3 is not on this machine (PUs 0-1,4-5)");
        EXPECT_EQ(e.field(), "worker 2 cpus");
    }
}

TEST(CpuList, TheIssueExampleMessage) {
    try {
        parseCpuList("9", twoPuMachine());
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "cpus: cpu 9 is not on this machine (PUs 0-1)");
    }
}

struct BadList {
    const char* text;
    const char* mentions; // the offending text the message must name
};

// At least 25 malformed or out-of-range lists on the 2-PU machine: each is an
// InputError (not a crash, not another exception) naming the field and the text.
TEST(CpuList, MalformedListsAreInputErrorsNamingTheText) {
    const BadList cases[] = {
        {"", "empty"},
        {"   ", "empty"},
        {"9", "cpu 9"},
        {"2", "cpu 2"},
        {"0-9", "'0-9'"},
        {"3-1", "'3-1'"},
        {"-1", "'-1'"},
        {"abc", "'abc'"},
        {"0,,1", "'0,,1'"},
        {"0,", "'0,'"},
        {",0", "',0'"},
        {"0-", "'0-'"},
        {"0-1:0", "'0-1:0'"},
        {"0-1:", "'0-1:'"},
        {"1.5", "'1.5'"},
        {"0x", "'0x'"},
        {"0xg", "'0xg'"},
        {"0x0", "'0x0'"},
        {"0x4", "'0x4'"},
        {"0x1,0x123456789", "'0x123456789'"},
        {"0x1 2", "'0x1 2'"},
        {"core:5", "'core:5'"},
        {"pu:9", "'pu:9'"},
        {"package:1.core:0", "'package:1.core:0'"},
        {"socket:0.core:7", "'socket:0.core:7'"},
        {"cache:0", "'cache'"},
        {"core:x", "'x'"},
        {"core:", "'core:'"},
        {"core:1-0", "'1-0'"},
        {"core:0.", "'core:0.'"},
        {".core:0", "'.core:0'"},
        {"99999999999999999999", "cpu 99999999999999999999"},
        {"0-99999999999999999999", "'0-99999999999999999999'"},
        {"core:99999999999999999999", "'core:99999999999999999999'"},
        {"0-1:99999999999999999999x", "'0-1:99999999999999999999x'"},
        {"\x01", "'\\x01'"},
        {"1 + 1", "'+'"},
        {"0;1", "'0;1'"},
        {"pu:even:2", "'even:2'"},
    };
    ASSERT_GE(std::size(cases), 25u);
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string("text: '") + c.text + "'");
        try {
            parseCpuList(c.text, twoPuMachine(), "cpus");
            ADD_FAILURE() << "accepted";
        } catch (const InputError& e) {
            const std::string message = e.what();
            EXPECT_EQ(e.field(), "cpus");
            EXPECT_EQ(message.rfind("cpus: ", 0), 0u) << message;
            EXPECT_NE(message.find(c.mentions), std::string::npos) << message;
            EXPECT_NE(message.find("PUs 0-1"), std::string::npos) << message; // the allowed range
            EXPECT_EQ(message.find('\n'), std::string::npos) << message; // one line
        }
    }
}

TEST(CpuList, PlainListsNeedNoMachine) {
    EXPECT_EQ(list(parsePlainCpuList("0-3,8")), "0-3,8");
    EXPECT_EQ(list(parsePlainCpuList("65535")), "65535");
    EXPECT_THROW(parsePlainCpuList("65536"), InputError);
    try {
        parsePlainCpuList("core:0", "mask");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("'core:0' needs the machine's topology"), std::string::npos) << e.what();
        EXPECT_EQ(e.field(), "mask");
    }
    EXPECT_THROW(parsePlainCpuList("all"), InputError);
}

TEST(CpuList, HugeInputsAreRefusedNotExpanded) {
    // Over the length limit.
    EXPECT_THROW(parsePlainCpuList(std::string(oversub::kMaxCpuListChars + 1, '1')), InputError);
    // Under it, but asking for billions of PU visits.
    std::string strided;
    while (strided.size() + 11 < oversub::kMaxCpuListChars) strided += "0-65535:2,";
    strided += "0";
    try {
        parsePlainCpuList(strided);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("too much work"), std::string::npos) << e.what();
    }
    // A mask longer than any machine.
    EXPECT_THROW(parsePlainCpuList("0x1" + std::string(20000, '0')), InputError);
    // Many location items on a 512-PU machine stay within budget or are refused.
    const TopologyInfo big = uniformTopologyInfo(2, 4, 32, 2);
    std::string words;
    for (int i = 0; i < 100; ++i) words += "pu:all ";
    EXPECT_EQ(parseCpuList(words, big).count(), 512);
    std::string tooMany;
    while (tooMany.size() + 16 < oversub::kMaxCpuListChars) tooMany += "pu:all.pu:even ";
    EXPECT_THROW(parseCpuList(tooMany, big), InputError);
}

// Random junk over the grammar's alphabet: every outcome is a set of machine
// PUs or an InputError, never another exception or a crash.
TEST(CpuList, RandomTextIsParsedOrRefused) {
    const std::string alphabet = "0123456789,-:x.acoreupkgnmvdl \t";
    std::mt19937 random(2024);
    std::uniform_int_distribution<size_t> letter(0, alphabet.size() - 1);
    std::uniform_int_distribution<int> length(0, 24);
    const auto& m = twoPackageMachine();
    int accepted = 0;
    for (int trial = 0; trial < 5000; ++trial) {
        std::string text;
        for (int i = length(random); i > 0; --i) text += alphabet[letter(random)];
        try {
            const CpuSet s = parseCpuList(text, m);
            EXPECT_FALSE(s.empty()) << text;
            EXPECT_TRUE(s.isSubsetOf(m.allPus())) << text;
            ++accepted;
        } catch (const InputError&) {}
    }
    EXPECT_GT(accepted, 0);
}

TEST(CpuList, SemicolonSeparatedListsOnePerWorker) {
    const auto& m = twoPackageMachine();
    const auto lists = oversub::parseCpuLists("0-3;core:5; 0x30000", m);
    ASSERT_EQ(lists.size(), 3u);
    EXPECT_EQ(list(lists[0]), "0-3");
    EXPECT_EQ(list(lists[1]), "10-11");
    EXPECT_EQ(list(lists[2]), "16-17");
    EXPECT_EQ(oversub::parseCpuLists("all", m).size(), 1u);
    try {
        oversub::parseCpuLists("0;;1", m, "cpus");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("empty"), std::string::npos) << e.what();
    }
    EXPECT_THROW(oversub::parseCpuLists("0;99", m), InputError);
}
