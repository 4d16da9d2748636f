#include "watch_screen.h"

#include "util/fd_io.h"
#include "util/output_file.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <variant>

namespace oversub::cli {
namespace {

// ANSI (ECMA-48) sequences every terminal emulator understands.
constexpr std::string_view kHome = "\x1b[H";
constexpr std::string_view kClearScreen = "\x1b[2J";
constexpr std::string_view kClearToLineEnd = "\x1b[K";
constexpr std::string_view kClearToScreenEnd = "\x1b[J";
constexpr std::string_view kHideCursor = "\x1b[?25l";
constexpr std::string_view kShowCursor = "\x1b[?25h";

// The wall-clock time now, "03:41:07".
std::string clockNow() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
    localtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, "%H:%M:%S", &local);
    return text;
}

// False when the reader has gone (EPIPE); throws on any other failure.
bool writeStdout(std::string_view bytes) {
    std::cout.flush(); // nothing printed earlier may come after it
    if (writeAll(STDOUT_FILENO, bytes)) return true;
    if (errno == EPIPE) return false;
    throw OutputError(outputProblem("watch", "stdout", std::string("cannot write (") + std::strerror(errno) + ")"));
}

class ScreenSink : public watch::WatchSink {
public:
    int hangupFd() const override { return STDOUT_FILENO; }

    bool emit(const events::Event& event) override {
        const auto* sample = std::get_if<events::Sample>(&event);
        if (!sample) return true;
        for (const auto& process : sample->newProcesses) names_[process.pid] = process.name;
        return show(*sample, clockNow());
    }

protected:
    virtual bool show(const events::Sample& sample, const std::string& clock) = 0;
    ProcessNames names_;
};

class PlainLines final : public ScreenSink {
    bool show(const events::Sample& sample, const std::string& clock) override {
        return writeStdout(watchPlainLine(sample, clock) + '\n');
    }
};

class RedrawnTable final : public ScreenSink {
public:
    ~RedrawnTable() override {
        // Below the last table, the cursor back: the shell prompt (or the
        // end-of-watch message) starts on a line of its own.
        if (drawn_) {
            std::string restore("\n");
            restore += kShowCursor;
            (void)writeAll(STDOUT_FILENO, restore);
        }
    }

private:
    bool show(const events::Sample& sample, const std::string& clock) override {
        TerminalSize size;
        winsize window{};
        if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &window) == 0 && window.ws_row > 0 && window.ws_col > 0)
            size = {window.ws_row, window.ws_col};
        // Each line is overwritten and its rest cleared, then everything
        // below: no blank screen between two frames, so no flicker. The last
        // line ends without a newline, so a full-height table never scrolls.
        std::string frame;
        if (!drawn_) {
            frame += kHideCursor;
            frame += kClearScreen;
        }
        frame += kHome;
        const auto lines = watchTableLines(sample, names_, clock, size);
        for (size_t i = 0; i < lines.size(); ++i) {
            if (i > 0) frame += '\n';
            frame += lines[i];
            frame += kClearToLineEnd;
        }
        frame += kClearToScreenEnd;
        drawn_ = true;
        return writeStdout(frame);
    }

    bool drawn_ = false;
};

} // namespace

std::unique_ptr<watch::WatchSink> makeScreenSink() {
    // A dumb terminal (an editor's shell buffer) prints escape codes as text.
    const char* term = std::getenv("TERM");
    if (::isatty(STDOUT_FILENO) && !(term && std::string_view(term) == "dumb")) return std::make_unique<RedrawnTable>();
    return std::make_unique<PlainLines>();
}

} // namespace oversub::cli
