// `oversub-cli merge INPUT... [--events FILE|-] [--json]`: puts the streams of
// `oversub-cli watch --job` (one file per node, or srun's one output holding
// every node's lines) together into one view with a node level above
// packages (export/node_merge.h): per node its machine, its samples and how
// busy each PU was, as a table, or as JSON with --json. --events also writes
// the merged stream: one hello, every node event, then the samples of all
// inputs, each tagged with its node, in the order of their t_s (each node's
// seconds since its own watch started; the nodes' clocks are not compared).
// `-` reads stdin (srun ... | oversub-cli merge -). The merged stream goes to
// stdout as it is read (a live srun pipeline), or to a file written whole at
// the end (util/atomic_file.h), so a bad input line leaves no half file.

#include "command_registry.h"
#include "run_output.h"

#include "events/event.h"
#include "export/node_merge.h"
#include "util/atomic_file.h"
#include "util/exit_code.h"
#include "util/input_error.h"
#include "util/json_limits.h"
#include "util/output_file.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace oversub::cli {
namespace {

struct MergeArgs {
    std::vector<std::string> inputs;
    std::string eventsPath;
    bool json = false;
};

// One input, read a line ahead so the inputs can be merged by time. Only a
// regular file or a pipe (stdin, a shell's <(...)): a directory or a device
// (/dev/zero never ends) is refused by name, and no line may pass the JSON
// size limit, so no input makes merge read without end.
class Input {
public:
    explicit Input(const std::string& path) : path_(path) {
        if (path == "-") return;
        std::error_code ec;
        const auto type = std::filesystem::status(path, ec).type();
        if (ec || (type != std::filesystem::file_type::regular && type != std::filesystem::file_type::fifo))
            throw InputError(path, "is not a readable file or pipe (a watch --job stream, or - for stdin)");
        file_.open(path, std::ios::binary);
        if (!file_) throw InputError(path, "cannot be opened for reading (a watch --job stream, or - for stdin)");
    }
    const std::string& path() const { return path_; }

    // The next event of this input for the merge, or nullopt at its end.
    const std::optional<events::Event>& peek(NodeMerge& merge) {
        std::string line;
        while (!next_ && readLine(line)) {
            try {
                next_ = merge.addLine(line, path_, lineNumber_, atEnd());
            } catch (const events::EventParseError& e) {
                throw InputError(path_, e.what());
            }
        }
        return next_;
    }
    void pop() { next_.reset(); }

private:
    std::istream& in() { return path_ == "-" ? std::cin : file_; }

    bool atEnd() { return in().rdbuf()->sgetc() == std::char_traits<char>::eof(); }

    // The next line without its newline; false at the end. Stops reading a
    // line that passes kMaxJsonBytes and refuses it.
    bool readLine(std::string& line) {
        line.clear();
        std::streambuf& bytes = *in().rdbuf(); // byte by byte without a sentry each time
        int c = bytes.sbumpc();
        if (c == std::char_traits<char>::eof()) return false;
        for (; c != std::char_traits<char>::eof() && c != '\n'; c = bytes.sbumpc()) {
            if (line.size() == kMaxJsonBytes)
                throw InputError(path_, "line " + std::to_string(lineNumber_ + 1) + " is longer than " +
                                            std::to_string(kMaxJsonBytes) + " bytes");
            line.push_back(static_cast<char>(c));
        }
        ++lineNumber_;
        return true;
    }

    std::string path_;
    std::ifstream file_;
    size_t lineNumber_ = 0;
    std::optional<events::Event> next_;
};

// Samples go out by t_s; a node event before everything else of its input.
double orderKey(const events::Event& event) {
    const auto* sample = std::get_if<events::Sample>(&event);
    return sample ? sample->snapshot.tSeconds : -1;
}

constexpr size_t kPusPerLine = 8;

// "1 package", "2 packages".
std::string counted(const nlohmann::ordered_json& count, const std::string& unit) {
    const int n = count.get<int>();
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

std::string percentText(double share) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(0) << share * 100 << '%';
    return out.str();
}

void printView(const NodeMerge& merge, std::ostream& out) {
    const nlohmann::ordered_json view = mergedViewJson(merge);
    int pus = 0;
    for (const auto& node : view["nodes"]) pus += node["pus"].get<int>();
    out << view["nodes"].size() << " node" << (view["nodes"].size() == 1 ? "" : "s") << ", " << pus << " PUs\n";
    for (const auto& node : view["nodes"]) {
        out << "node " << node["node"].get<std::string>();
        if (!node["job"].get<std::string>().empty()) out << " (job " << node["job"].get<std::string>() << ")";
        out << ": " << counted(node["packages"], "package") << ", " << counted(node["cores"], "core") << ", "
            << counted(node["pus"], "PU") << "; " << counted(node["samples"], "sample") << " over " << std::fixed
            << std::setprecision(2) << node["span_s"].get<double>() << " s, from " << node["source"].get<std::string>()
            << '\n';
        // Mean busy share of every PU, package by package, kPusPerLine a line.
        for (const auto& package : node["packages_busy"]) {
            const int index = package["package"].get<int>();
            const std::string head =
                "  " + (index >= 0 ? "package " + std::to_string(index) : std::string("PUs")) + ":";
            size_t onLine = 0;
            for (const auto& pu : package["pus"]) {
                if (onLine == kPusPerLine) out << '\n', onLine = 0;
                out << (onLine == 0 ? (&pu == &package["pus"].front() ? head : std::string(head.size(), ' ')) : "")
                    << "  PU " << pu["pu"].get<int>() << ' ' << std::setw(4) << percentText(pu["busy"].get<double>());
                ++onLine;
            }
            out << '\n';
        }
    }
}

int mergeCommand(const MergeArgs& args) {
    int stdinInputs = 0;
    for (const auto& path : args.inputs) stdinInputs += path == "-";
    if (stdinInputs > 1) throw InputError("INPUT", "-", "stdin once");
    const bool toFile = !args.eventsPath.empty() && args.eventsPath != "-";
    if (toFile) checkOutputPath("--events", args.eventsPath, OutputWrite::Replace);
    std::vector<std::unique_ptr<Input>> inputs;
    for (const auto& path : args.inputs) inputs.push_back(std::make_unique<Input>(path));

    std::unique_ptr<EventsOutput> stream; // --events -
    std::string whole; // --events FILE
    auto write = [&](const std::string& line) {
        if (toFile) whole += line + '\n';
        else if (stream && !stream->writeLine(line)) stream.reset(); // the reader went: the view is still printed
    };
    if (args.eventsPath == "-") stream = std::make_unique<EventsOutput>("-");
    write(events::toJsonLine(
        events::Hello{events::kSchemaVersion, std::string("oversub-cli ") + OVERSUB_VERSION + " merge"}));
    NodeMerge merge;
    for (;;) {
        Input* first = nullptr;
        for (auto& input : inputs)
            if (const auto& next = input->peek(merge);
                next && (!first || orderKey(*next) < orderKey(*first->peek(merge))))
                first = input.get();
        if (!first) break;
        if (toFile || stream) write(events::toJsonLine(*first->peek(merge)));
        first->pop();
    }
    if (merge.nodes().empty()) throw InputError("INPUT", "no sample or node event in any input (watch --job streams)");
    if (!merge.skippedLines().empty())
        std::cerr << "oversub-cli merge: " << merge.skippedLines().size()
                  << " line(s) that are not events were skipped, the first: " << merge.firstSkippedLine()
                  << " (srun --error=FILE keeps them out of the stream)\n";
    for (const auto& torn : merge.tornLines()) std::cerr << "oversub-cli merge: skipped " << torn << '\n';
    if (toFile) writeFileAtomically(args.eventsPath, whole); // OutputError -> exit 7
    std::ostream& text = args.eventsPath == "-" ? std::cerr : std::cout;
    if (args.json) text << mergedViewJson(merge).dump(2) << '\n';
    else printView(merge, text);
    return toInt(ExitCode::Ok);
}

const RegisterCommand registration{
    "merge", 42, [](CLI::App& app) -> std::function<int()> {
        auto args = std::make_shared<MergeArgs>();
        auto* sub = app.add_subcommand(
            "merge", "Put the streams of watch --job (one per node, or srun's output of all nodes) together: one "
                     "view with a node level above packages, and with --events the merged stream");
        sub->add_option("inputs", args->inputs, "watch --job streams (files, or - for stdin)")->required();
        sub->add_option("--events", args->eventsPath,
                        "Also write the merged stream: a hello, every node event, the samples by time, each tagged "
                        "with its node (to a file, or - for stdout; the view then goes to stderr)");
        sub->add_flag("--json", args->json, "Print the view as JSON instead of the table");
        return [args] { return mergeCommand(*args); };
    }};

} // namespace
} // namespace oversub::cli
