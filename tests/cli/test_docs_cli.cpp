// The manual page and the bash completion that `oversub-cli docs` prints (and
// the build installs) against the program itself: every subcommand and option
// its --help lists, every knob of the table with its help, range and default,
// and the completion, sourced into bash, offers subcommands and choice values.

#include "run_cli.h"

#include "knobs/knob_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

using oversub::test::runCli;
using oversub::test::runProgram;

namespace {

// Lines of CLI11's help below `heading` ("Subcommands:", "Options:") up to the next blank line.
std::vector<std::string> helpSection(const std::string& help, const std::string& heading) {
    std::vector<std::string> lines;
    std::istringstream in(help);
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line.empty() || (line.front() != ' ' && !line.starts_with(heading))) inside = false;
        if (line.starts_with(heading)) inside = true;
        else if (inside) lines.push_back(line);
    }
    return lines;
}

// The subcommand paths --help lists, depth first: "run", "knobs", "knobs resolve", ...
void collectCommands(const std::string& path, std::vector<std::string>& out) {
    std::vector<std::string> args;
    std::istringstream words(path);
    for (std::string w; words >> w;) args.push_back(w);
    args.push_back("--help");
    const auto r = runCli(args);
    ASSERT_EQ(r.exitStatus, 0) << path << ": " << r.err;
    for (const auto& line : helpSection(r.out, "Subcommands:")) {
        std::istringstream first(line);
        std::string name;
        if (!(first >> name)) continue;
        const std::string sub = path.empty() ? name : path + " " + name;
        out.push_back(sub);
        collectCommands(sub, out);
    }
}

// "--workers" as man(7) writes an option: "\-\-workers".
std::string roffFlag(const std::string& flag) {
    std::string out;
    for (char c : flag) out += c == '-' ? std::string("\\-") : std::string(1, c);
    return out;
}

// The --long options of a command's --help, e.g. {"--json", "--all"}.
std::vector<std::string> helpOptions(const std::string& path) {
    std::vector<std::string> args;
    std::istringstream words(path);
    for (std::string w; words >> w;) args.push_back(w);
    args.push_back("--help");
    const std::string help = runCli(args).out;
    std::vector<std::string> flags;
    std::istringstream in(help);
    std::string line;
    while (std::getline(in, line)) {
        const size_t start = line.find_first_not_of(' ');
        if (start == std::string::npos || start == 0 || line.compare(start, 1, "-") != 0) continue;
        // "  -h,--help   Print ..." or "  --workers INT[,...]   ...": the names before the first space.
        std::string names = line.substr(start, line.find(' ', start) - start);
        std::istringstream parts(names);
        for (std::string name; std::getline(parts, name, ',');)
            if (name.starts_with("--")) flags.push_back(name);
    }
    return flags;
}

// What the completion offers for the words typed so far (the last one is completed).
std::vector<std::string> complete(const std::string& script, const std::vector<std::string>& words) {
    std::string setup = script + "\nCOMP_WORDS=(";
    for (const auto& w : words) setup += " '" + w + "'";
    setup += " )\nCOMP_CWORD=" + std::to_string(words.size() - 1) +
             "\n_oversub_cli 2>/dev/null\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
    const auto r = runProgram("/bin/bash", {"--norc", "--noprofile", "-s"}, setup);
    EXPECT_EQ(r.exitStatus, 0) << r.err;
    std::vector<std::string> offered;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) offered.push_back(line);
    return offered;
}

bool offers(const std::vector<std::string>& offered, const std::string& word) {
    return std::find(offered.begin(), offered.end(), word) != offered.end();
}

} // namespace

TEST(DocsCli, ManPageHasEverySubcommandAndOptionOfTheHelp) {
    const auto man = runCli({"docs", "man"});
    ASSERT_EQ(man.exitStatus, 0) << man.err;
    EXPECT_TRUE(man.out.starts_with(".TH \"OVERSUB-CLI\" \"1\"")) << man.out.substr(0, 80);
    std::vector<std::string> commands;
    collectCommands("", commands);
    ASSERT_GE(commands.size(), 10u); // topology, place, kernel, run, sweep, ..., knobs resolve
    for (const auto& path : commands) {
        EXPECT_NE(man.out.find(".SS \"" + path + "\"\n"), std::string::npos) << "no section for " << path;
        for (const auto& flag : helpOptions(path))
            EXPECT_NE(man.out.find("\\fB" + roffFlag(flag) + "\\fR"), std::string::npos)
                << path << " " << flag << " is not in the manual page";
    }
    EXPECT_EQ(man.out.find(".SS \"docs"), std::string::npos) << "the hidden docs command is documented";
}

TEST(DocsCli, ManPageHasEveryKnobWithHelpRangeAndDefault) {
    const auto man = runCli({"docs", "man"}).out;
    ASSERT_NE(man.find(".SH KNOBS"), std::string::npos);
    for (const auto& k : oversub::knobTable()) {
        const std::string flag = "\\fB" + roffFlag(k.flag()) + "\\fR";
        if (k.hidden) {
            EXPECT_EQ(man.find(flag), std::string::npos) << k.name << " is test-only";
            continue;
        }
        const size_t at = man.find(".TP\n" + flag, man.find(".SH KNOBS")); // commands have their own --size, --rate
        ASSERT_NE(at, std::string::npos) << k.name;
        const std::string entry = man.substr(at, man.find(".TP", at + 3) - at);
        EXPECT_NE(entry.find(std::string(k.help.substr(1))), std::string::npos) << k.name << ": help";
        if (k.kind != oversub::KnobKind::Text) {
            EXPECT_NE(entry.find("Allowed: " + k.allowedText()), std::string::npos) << k.name << ": range";
        }
        if (!k.defaultValue.empty()) {
            EXPECT_NE(entry.find("Default: " + std::string(k.defaultValue)), std::string::npos) << k.name;
        }
    }
}

TEST(DocsCli, CompletionOffersSubcommandsKnobFlagsAndChoices) {
    const auto r = runCli({"docs", "bash-completion"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const std::string& script = r.out;
    std::vector<std::string> commands;
    collectCommands("", commands);
    for (const auto& path : commands) {
        // The last word of the path, completed after the words before it.
        std::vector<std::string> words{"oversub-cli"};
        std::istringstream in(path);
        for (std::string w; in >> w;) words.push_back(w);
        const std::string last = words.back();
        words.back() = last.substr(0, 1);
        EXPECT_TRUE(offers(complete(script, words), last)) << "subcommand " << path;
        words.back() = last;
        words.push_back("--");
        const auto flags = complete(script, words);
        for (const auto& flag : helpOptions(path)) EXPECT_TRUE(offers(flags, flag)) << path << " " << flag;
    }
    for (const auto& k : oversub::knobTable()) {
        if (k.hidden) continue;
        EXPECT_TRUE(offers(complete(script, {"oversub-cli", "sweep", k.flag().substr(0, 4)}), k.flag())) << k.name;
        if (k.kind != oversub::KnobKind::Choice) continue;
        const auto values = complete(script, {"oversub-cli", "sweep", k.flag(), ""});
        EXPECT_EQ(values.size(), k.choices.size()) << k.name;
        for (const auto& choice : k.choices)
            EXPECT_TRUE(offers(values, std::string(choice))) << k.name << " " << choice;
        // A sweep list: the value after the comma, the list kept.
        const std::string first(k.choices.front()), second(k.choices.back());
        EXPECT_TRUE(offers(complete(script, {"oversub-cli", "run", k.flag(), first + "," + second.substr(0, 1)}),
                           first + "," + second))
            << k.name;
    }
    EXPECT_FALSE(offers(complete(script, {"oversub-cli", "d"}), "docs")) << "the hidden docs command is offered";
}

TEST(DocsCli, WindowManPageTakesEveryOptionOfTheWindowsHelp) {
    // What QCommandLineParser prints, shortened: wrapped descriptions, a value name, an argument.
    const std::string help = "Usage: /usr/bin/oversub [options] [file]\n"
                             "Oversub: run experiments and watch every core.\n"
                             "\n"
                             "Options:\n"
                             "  -h, --help             Displays help on commandline options.\n"
                             "  --experiment <FILE>    Open this experiment file.\n"
                             "  --synthetic <DESC>     Show a what-if machine (hwloc synthetic\n"
                             "                         description) with the placement preview.\n"
                             "\n"
                             "Arguments:\n"
                             "  file                   An experiment or a recorded event stream.\n";
    const auto r = runCli({"docs", "window-man", "-"}, help);
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    EXPECT_TRUE(r.out.starts_with(".TH \"OVERSUB\" \"1\""));
    EXPECT_NE(r.out.find("oversub \\- run experiments and watch every core\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(".SH SYNOPSIS\noversub [options] [file]\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\\fB\\-\\-experiment\\fR \\fIFILE\\fR\nOpen this experiment file."), std::string::npos);
    EXPECT_NE(r.out.find("Show a what-if machine (hwloc synthetic description) with the placement preview."),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find(".SH ARGUMENTS\n.TP\n\\fIfile\\fR\nAn experiment"), std::string::npos) << r.out;
    EXPECT_EQ(runCli({"docs", "window-man", "/nonexistent/help.txt"}).exitStatus, 2);
}
