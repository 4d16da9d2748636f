// The one decision on programs and the fault knob from files and presets
// (experiment/file_trust.h).

#include "experiment/file_trust.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

using namespace oversub;

namespace {

Experiment withCommands(std::string top, std::vector<std::string> swept) {
    Experiment e = defaults();
    e.command = std::move(top);
    if (!swept.empty()) e.sweep.axes.push_back({"command", std::move(swept)});
    return e;
}

} // namespace

TEST(FileTrust, CommandsOfListsTheCommandAndEverySweptOneOnce) {
    EXPECT_TRUE(commandsOf(defaults()).empty());
    const auto e = withCommands("a", {"b", "a", "c", ""});
    EXPECT_EQ(commandsOf(e), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(FileTrust, EveryProgramNeedsConsentTypedOrTrusted) {
    const auto e = withCommands("", {"a", "b"});
    try {
        requireCommandConsent(e, {}, "f.json");
        FAIL() << "accepted";
    } catch (const InputError& error) {
        EXPECT_EQ(error.field(), "command");
        EXPECT_NE(std::string(error.what()).find("f.json"), std::string::npos) << error.what();
    }
    // One of two typed is not enough; typed and trusted together are.
    EXPECT_THROW(requireCommandConsent(e, {false, {"a"}, {}}, "f.json"), InputError);
    EXPECT_NO_THROW(requireCommandConsent(e, {false, {"a"}, {"b"}}, "f.json"));
    EXPECT_NO_THROW(requireCommandConsent(e, {true, {}, {}}, "f.json"));
    EXPECT_NO_THROW(requireCommandConsent(defaults(), {}, "f.json"));
}

TEST(FileTrust, FaultFromAFileOrASweepIsRefused) {
    EXPECT_NO_THROW(refuseFaultFrom(defaults(), "f.json"));
    Experiment e = defaults();
    e.fault = "segv";
    EXPECT_THROW(refuseFaultFrom(e, "f.json"), InputError);
    Experiment swept = defaults();
    swept.sweep.axes.push_back({"fault", {"segv", "exit"}});
    try {
        refuseFaultFrom(swept, "f.json");
        FAIL() << "accepted";
    } catch (const InputError& error) {
        EXPECT_EQ(error.field(), "fault");
    }
}
