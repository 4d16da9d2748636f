// Facts about the knob table: every default fits its own range, names and
// flags follow one convention, and the validator accepts, normalises and
// rejects values with errors that name the knob, the value and the range.

#include "knobs/fault.h"
#include "knobs/knob_table.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

#include <set>

using namespace oversub;

TEST(KnobTable, EveryDefaultIsValidAndAlreadyNormalised) {
    for (const auto& k : knobTable()) {
        SCOPED_TRACE(std::string(k.name));
        EXPECT_EQ(validateValue(k, k.defaultValue), k.defaultValue);
        if (k.kind == KnobKind::Int || k.kind == KnobKind::Double) {
            const double d = std::stod(std::string(k.defaultValue));
            EXPECT_GE(d, k.min);
            EXPECT_LE(d, k.max);
            EXPECT_LE(k.min, k.max);
        }
        if (k.kind == KnobKind::Choice) {
            EXPECT_FALSE(k.choices.empty());
        }
    }
}

TEST(KnobTable, NamesAreUniqueSnakeCaseWithHelpAndGroup) {
    const std::set<std::string_view> groups{"Workload", "Parallelism", "Placement", "Data", "Run"};
    std::set<std::string_view> seen;
    for (const auto& k : knobTable()) {
        SCOPED_TRACE(std::string(k.name));
        EXPECT_TRUE(seen.insert(k.name).second);
        for (char c : k.name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_');
        EXPECT_FALSE(k.help.empty());
        EXPECT_EQ(k.help.find('\n'), std::string_view::npos);
        EXPECT_TRUE(groups.count(k.group));
    }
}

TEST(KnobTable, HoldsTheRequestedKnobsWithTheirRanges) {
    EXPECT_EQ(knob("workers").min, 1);
    EXPECT_EQ(knob("workers").max, 4096);
    EXPECT_EQ(knob("workers").defaultValue, "2");
    EXPECT_EQ(knob("threads").max, 1024);
    EXPECT_EQ(knob("rate").defaultValue, "10");
    EXPECT_EQ(knob("rate").max, 50);
    EXPECT_EQ(knob("timeout").kind, KnobKind::Double);
    EXPECT_EQ(knob("cpus").kind, KnobKind::CpuLists);
    EXPECT_EQ(knob("delivery").defaultValue, "generate"); // the default prepares nothing
    EXPECT_EQ(knob("affinity").defaultValue, "scatter");
    EXPECT_TRUE(knob("fault").hidden);
    EXPECT_FALSE(knob("command").hidden); // your own program: a knob like any other
    EXPECT_FALSE(knob("workers").hidden);
    EXPECT_TRUE(knob("workers").sweepable);
    EXPECT_FALSE(knob("repeat").sweepable);
    EXPECT_EQ(knob("delivery").choices.size(), 4u);
}

TEST(KnobTable, FlagReplacesUnderscoresWithDashes) {
    Knob k;
    k.name = "sample_rate";
    EXPECT_EQ(k.flag(), "--sample-rate");
    EXPECT_EQ(knob("workers").flag(), "--workers");
}

TEST(KnobTable, UnknownNameListsTheKnownOnes) {
    try {
        knob("wrokers");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "knob");
        EXPECT_EQ(e.value(), "wrokers");
        EXPECT_NE(e.allowed().find("workers"), std::string::npos);
        EXPECT_NE(e.allowed().find("delivery"), std::string::npos);
    }
    EXPECT_EQ(findKnob("nope"), nullptr);
}

TEST(ValidateValue, NormalisesGoodValues) {
    EXPECT_EQ(validateValue(knob("workers"), "007"), "7");
    EXPECT_EQ(validateValue(knob("workers"), " 4 "), "4");
    EXPECT_EQ(validateValue(knob("workers"), "+3"), "3");
    EXPECT_EQ(validateValue(knob("timeout"), "0.50"), "0.5");
    EXPECT_EQ(validateValue(knob("timeout"), "1e2"), "100");
    EXPECT_EQ(validateValue(knob("workload"), "GEMM"), "gemm");
    EXPECT_EQ(validateValue(knob("cpus"), "0-3, 8 ; 4-7"), "0-3,8;4-7");
    EXPECT_EQ(validateValue(knob("cpus"), "0x3;0xff,ffffffff"), "0x3;0xff,ffffffff");
    EXPECT_EQ(validateValue(knob("seed"), "4294967295"), "4294967295");
    EXPECT_EQ(validateValue(knob("fault"), "kill@worker=0,task=3"), "kill,task=3");
    Knob flag;
    flag.name = "keep_going";
    flag.kind = KnobKind::Bool;
    EXPECT_EQ(validateValue(flag, "Yes"), "true");
    EXPECT_EQ(validateValue(flag, "off"), "false");
    EXPECT_THROW(validateValue(flag, "maybe"), InputError);
}

TEST(ValidateValue, WorkersZeroNamesFieldValueAndRange) {
    try {
        validateValue(knob("workers"), "0");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "workers");
        EXPECT_EQ(e.value(), "0");
        EXPECT_EQ(e.allowed(), "1-4096");
        EXPECT_STREQ(e.what(), "workers: '0' is not allowed (allowed: 1-4096)");
    }
}

TEST(ValidateValue, RejectsBadValuesOfEveryKind) {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"workers", ""},
        {"workers", "4097"},
        {"workers", "2.5"},
        {"workers", "two"},
        {"workers", "-1"},
        {"workers", "1 2"},
        {"workers", "99999999999999999999999"},
        {"size", "0"},
        {"size", "65537"},
        {"threads", "1025"},
        {"rate", "0.5"},
        {"rate", "51"},
        {"rate", "nan"},
        {"rate", "inf"},
        {"timeout", "-1"},
        {"timeout", "86401"},
        {"timeout", "1e999"},
        {"seed", "4294967296"},
        {"workload", "fft"},
        {"delivery", "pickle"},
        {"affinity", ""},
        {"cpus", "0-"},
        {"cpus", "3-1"},
        {"cpus", "a"},
        {"cpus", "0;;1"},
        {"cpus", "0x"},
        {"cpus", "0,"},
        {"fault", "explode"},
        {"fault", "segv@worker=x"},
        {"fault", "segv@worker=1,task="},
        {"fault", "segv,task=1@worker=2"},
        {"fault", "segv@"},
    };
    for (const auto& [name, value] : bad) {
        SCOPED_TRACE(name + "=" + value);
        try {
            validateValue(knob(name), value);
            ADD_FAILURE() << "accepted";
        } catch (const InputError& e) {
            EXPECT_EQ(e.field(), name);
            EXPECT_EQ(e.value(), value);
            EXPECT_FALSE(e.allowed().empty());
        }
    }
}

TEST(Fault, ParsesTheGrammarAndFormatsBack) {
    EXPECT_FALSE(parseFault("").has_value());
    auto f = parseFault("kill@worker=1,task=3");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->kind, FaultKind::Kill);
    EXPECT_EQ(f->worker, 1);
    EXPECT_EQ(f->task, 3);
    auto g = parseFault("hang,task=2");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->kind, FaultKind::Hang);
    EXPECT_EQ(g->worker, 0);
    EXPECT_EQ(g->task, 2);
    auto h = parseFault("exit");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->task, -1);
    for (const char* text : {"segv", "kill@worker=1,task=3", "abort@worker=2", "stop,task=0", "exit"}) {
        auto spec = parseFault(text);
        ASSERT_TRUE(spec) << text;
        EXPECT_EQ(formatFault(*spec), text);
        EXPECT_EQ(parseFault(formatFault(*spec)), spec);
    }
    try {
        parseFault("boom@worker=1");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "fault");
        EXPECT_NE(e.allowed().find("segv|kill|abort|hang|stop|exit"), std::string::npos);
    }
}
