// `oversub-cli watch` for a person and `oversub-cli --version`: piped,
// watch prints one plain line a sample with no escape codes; on a terminal
// (a pseudo-terminal here) it redraws a per-PU table in place that fits the
// terminal, and Ctrl+C shows the cursor again and exits 0 (a TERM=dumb
// terminal gets the plain lines); with --events the JSON lines go where they
// went and nothing else is printed; --version names OpenBLAS and hwloc in
// "name: value" lines.

#include "run_cli.h"
#include "temp_dir_test.h"

#include "events/event.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using oversub::test::runCli;
using testing::HasSubstr;
namespace events = oversub::events;

namespace {

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

// oversub-cli on a pseudo-terminal of `rows` x `columns` that is its
// controlling terminal, as a shell would start it in the foreground.
struct OnTerminal {
    pid_t pid = -1;
    int master = -1;
};

OnTerminal startOnTerminal(const std::vector<std::string>& args, int rows, int columns, const char* term = "xterm") {
    winsize size{};
    size.ws_row = static_cast<unsigned short>(rows);
    size.ws_col = static_cast<unsigned short>(columns);
    std::vector<std::string> argvText{OVERSUB_CLI_PATH};
    argvText.insert(argvText.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argvText) argv.push_back(a.data());
    argv.push_back(nullptr);
    OnTerminal t;
    t.pid = ::forkpty(&t.master, nullptr, nullptr, &size);
    if (t.pid == 0) {
        // Ctrl+C must reach it as SIGINT, whatever the test runner set.
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::signal(SIGINT, SIG_DFL);
        ::setenv("TERM", term, 1);
        ::execv(OVERSUB_CLI_PATH, argv.data());
        ::_exit(127);
    }
    if (t.pid < 0) throw std::runtime_error("forkpty");
    return t;
}

// Reads the terminal until `done(output)` or until it closes (EIO once the
// program has exited) or `seconds` pass.
template <typename Done>
void readTerminal(int master, std::string& output, double seconds, Done done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    char buffer[4096];
    while (!done(output) && std::chrono::steady_clock::now() < deadline) {
        pollfd p{master, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const ssize_t n = ::read(master, buffer, sizeof buffer);
        if (n <= 0) return;
        output.append(buffer, static_cast<size_t>(n));
    }
}

// Exit status, or -1 after `seconds` (then it is killed).
int waitForExit(pid_t pid, double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        ::usleep(10'000);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return -1;
}

class WatchEventsFile : public oversub::test::TempDirTest {};

} // namespace

TEST(WatchReadableCli, PipedPrintsOnePlainLineASample) {
    const auto r = runCli({"watch", "--rate", "20", "--duration", "0.5"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "no escape codes on a pipe";
    const auto lines = splitLines(r.out);
    ASSERT_GE(lines.size(), 2u) << r.out;
    // A line per sample: each its own time since the start, each complete.
    const std::regex sampleLine(
        R"(time=\d\d:\d\d:\d\d t_s=(\d+\.\d\d) busy=\d+\.\d%( pu\d+=\d+\.\d%)+)"
        R"(|time=\d\d:\d\d:\d\d t_s=(\d+\.\d\d) busy=\d+\.\d% pus=\d+ min=\d+\.\d% max=\d+\.\d% busiest_pu=\d+)");
    double previous = -1;
    for (const auto& line : lines) {
        std::smatch match;
        ASSERT_TRUE(std::regex_match(line, match, sampleLine)) << line;
        const double t = std::stod(match[1].matched ? match[1].str() : match[3].str());
        EXPECT_GT(t, previous) << line;
        previous = t;
    }
}

TEST_F(WatchEventsFile, EventsStayJsonLinesAndNothingElseIsPrinted) {
    const auto r = runCli({"watch", "--rate", "20", "--duration", "0.3", "--events", path("w.jsonl")});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    EXPECT_EQ(r.out, "") << "no table beside the events";
    const auto lines = splitLines(oversub::test::readWholeFile(path("w.jsonl")));
    ASSERT_GE(lines.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<events::Hello>(events::parseEventLine(lines[0])));
    for (size_t i = 1; i < lines.size(); ++i)
        EXPECT_TRUE(std::holds_alternative<events::Sample>(events::parseEventLine(lines[i]))) << lines[i];

    const auto toStdout = runCli({"watch", "--rate", "20", "--duration", "0.3", "--events", "-"});
    ASSERT_EQ(toStdout.exitStatus, 0) << toStdout.err;
    const auto streamed = splitLines(toStdout.out);
    ASSERT_GE(streamed.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<events::Hello>(events::parseEventLine(streamed[0])));
    EXPECT_EQ(toStdout.out.find('\x1b'), std::string::npos);
}

TEST(WatchReadableCli, TerminalTableIsRedrawnInPlaceAndCtrlCRestoresTheCursor) {
    constexpr int kRows = 12;
    OnTerminal t = startOnTerminal({"watch", "--rate", "20"}, kRows, 100);
    std::string output;
    // Three frames: each starts with the cursor sent home.
    readTerminal(t.master, output, 30, [](const std::string& o) { return count(o, "\x1b[H") >= 3; });
    ASSERT_GE(count(output, "\x1b[H"), 3u) << output;
    const char ctrlC = 3;
    ASSERT_EQ(::write(t.master, &ctrlC, 1), 1);
    readTerminal(t.master, output, 30, [](const std::string&) { return false; }); // until it closes
    const int status = waitForExit(t.pid, 30);
    ::close(t.master);
    EXPECT_EQ(status, 0) << "Ctrl+C ends the watch cleanly";

    EXPECT_THAT(output, HasSubstr("\x1b[?25l")) << "the cursor is hidden while the table is shown";
    const size_t lastFrame = output.rfind("\x1b[H");
    const size_t cursorShown = output.rfind("\x1b[?25h");
    ASSERT_NE(cursorShown, std::string::npos) << "the cursor is shown again";
    EXPECT_GT(cursorShown, lastFrame);
    // The last frame: the header, the column titles, a row per PU, no more
    // lines than the terminal has.
    const std::string frame = output.substr(lastFrame, cursorShown - lastFrame);
    EXPECT_THAT(frame, HasSubstr("oversub-cli watch  "));
    EXPECT_THAT(frame, HasSubstr("   PU   busy   user"));
    EXPECT_LE(count(frame, "\n"), static_cast<size_t>(kRows)) << frame;
}

TEST(WatchReadableCli, VersionNamesOpenblasAndHwloc) {
    const auto r = runCli({"--version"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto lines = splitLines(r.out);
    ASSERT_GE(lines.size(), 5u) << r.out;
    EXPECT_EQ(lines[0], std::string("oversub-cli: ") + OVERSUB_VERSION);
    for (const auto& line : lines) EXPECT_TRUE(std::regex_match(line, std::regex("[a-z][a-z -]*: .+"))) << line;
    EXPECT_THAT(r.out, HasSubstr("\nopenblas: OpenBLAS "));
    EXPECT_THAT(r.out, HasSubstr("\nopenblas core: "));
    EXPECT_TRUE(std::regex_search(r.out, std::regex("\nhwloc: [0-9]+\\.[0-9]+"))) << r.out;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("\nhwloc compiled: [0-9]+\\.[0-9]+.* \\(API [0-9]+\\.[0-9]+\\)")))
        << r.out;
    // The kernels' instruction set, as the build chose it (OVERSUB_ENGINE_ARCH).
    const std::string arch = OVERSUB_ENGINE_ARCH;
    EXPECT_THAT(r.out,
                HasSubstr("\nkernels built for: " + (arch.empty() ? "the compiler's default" : "-march=" + arch)));
}

TEST(WatchReadableCli, DumbTerminalGetsPlainLines) {
    OnTerminal t = startOnTerminal({"watch", "--rate", "20", "--duration", "0.3"}, 12, 100, "dumb");
    std::string output;
    readTerminal(t.master, output, 30, [](const std::string&) { return false; }); // until it closes
    const int status = waitForExit(t.pid, 30);
    ::close(t.master);
    EXPECT_EQ(status, 0);
    EXPECT_THAT(output, HasSubstr("time="));
    EXPECT_EQ(output.find('\x1b'), std::string::npos) << "TERM=dumb shows escape codes as text";
}
