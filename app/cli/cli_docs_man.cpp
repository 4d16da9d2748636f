// oversub-cli(1) from the command tree and the knob table, and oversub(1)
// from the window's own --help text (cli_docs.h).

#include "cli_docs.h"

#include "knobs/knob_table.h"
#include "presets/preset_library.h"
#include "util/exit_code.h"

#include <map>
#include <sstream>

namespace oversub::cli::docs {

namespace {

// What each exit status means (util/exit_code.h), for EXIT STATUS.
struct ExitDoc {
    ExitCode code;
    const char* meaning;
};
constexpr ExitDoc kExitDocs[] = {
    {ExitCode::Ok, "every run succeeded"},
    {ExitCode::RunFailed, "a run failed for a reason not listed below"},
    {ExitCode::BadInput, "a flag, experiment file or value was refused; nothing started"},
    {ExitCode::WorkerCrashed, "a worker was killed by a signal or exited non-zero"},
    {ExitCode::TimedOut, "a run overran --timeout"},
    {ExitCode::Cancelled, "cancelled (SIGINT or SIGTERM)"},
    {ExitCode::OutOfMemory, "refused by the memory preflight"},
    {ExitCode::IoError, "an output file could not be written"},
};

std::string header(const std::string& title) {
    return ".TH \"" + title + "\" \"1\" \"\" \"oversub " OVERSUB_VERSION "\" \"User Commands\"\n";
}

// An option or flag name in bold with its dashes as minus signs ("\-\-workers").
std::string bold(const std::string& name) {
    std::string out = "\\fB";
    for (char c : name) out += c == '-' ? std::string("\\-") : std::string(1, c);
    return out + "\\fR";
}

std::string italic(const std::string& text) { return "\\fI" + roffText(text) + "\\fR"; }

std::string optionHead(const OptionDoc& o) {
    if (o.positional) return italic(o.names.front());
    std::string head;
    for (const auto& name : o.names) head += (head.empty() ? "" : ", ") + bold(name);
    if (!o.valueName.empty()) head += " " + italic(o.valueName);
    return head;
}

std::string sentence(std::string text) {
    if (!text.empty() && text.back() != '.') text += '.';
    if (!text.empty() && text.front() >= 'a' && text.front() <= 'z') text.front() = char(text.front() - 'a' + 'A');
    return text;
}

void writeOption(std::ostream& out, const OptionDoc& o) {
    std::string text = sentence(o.description);
    if (o.required) text += " Required.";
    if (!o.defaultValue.empty()) text += " Default: " + o.defaultValue + ".";
    out << ".TP\n" << optionHead(o) << '\n' << roffText(text) << '\n';
}

std::string usage(const CommandDoc& c) {
    std::string line = "\\fBoversub\\-cli " + c.path + "\\fR";
    if (!c.subcommands.empty()) line += " [\\fICOMMAND\\fR]";
    bool anyOption = false;
    for (const auto& o : c.options) anyOption = anyOption || !o.positional;
    if (anyOption) line += " [\\fIOPTIONS\\fR]";
    for (const auto& o : c.options)
        if (o.positional) line += o.required ? " " + italic(o.names.front()) : " [" + italic(o.names.front()) + "]";
    return line;
}

void writeCommand(std::ostream& out, const CommandDoc& c) {
    out << ".SS \"" << c.path << "\"\n" << usage(c) << "\n.PP\n" << roffText(sentence(c.description)) << '\n';
    if (!c.subcommands.empty()) {
        std::string list;
        for (const auto& s : c.subcommands) list += (list.empty() ? "" : ", ") + bold(s);
        out << "Subcommands: " << list << ".\n";
    }
    bool knobs = false;
    for (const auto& o : c.options) {
        if (!o.knob.empty()) {
            knobs = true;
            continue;
        }
        if (o.names.back() == "--help") continue; // every command has it; DESCRIPTION says so once
        writeOption(out, o);
    }
    if (knobs)
        out << ".TP\n\\fIknob flags\\fR\nEvery knob flag of KNOBS below, e.g. " << bold("--workers") << " 4; a list ("
            << bold("--workers") << " 1,2,4) sweeps the knob.\n";
}

// `valueName`: as the commands' --help shows the knob's flag ("INT[,...]").
void writeKnob(std::ostream& out, const Knob& k, const std::string& valueName) {
    const std::string head = bold(k.flag()) + " " + italic(valueName);
    std::string text = sentence(std::string(k.help));
    if (k.kind != KnobKind::Text) text += " Allowed: " + k.allowedText() + ".";
    if (!k.defaultValue.empty())
        text += " Default: " + std::string(k.defaultValue) + (k.unit.empty() ? "" : " " + std::string(k.unit)) + ".";
    else if (!k.unit.empty()) text += " Unit: " + std::string(k.unit) + ".";
    if (k.sweepable) text += " A list a,b,c sweeps it.";
    text += " Experiment file key: " + std::string(k.name) + ".";
    out << ".TP\n" << head << '\n' << roffText(text) << '\n';
}

} // namespace

std::string manPage(const CLI::App& root) {
    std::ostringstream out;
    std::string summary = root.get_description();
    if (summary.starts_with("oversub-cli: ")) summary.erase(0, 13);
    while (!summary.empty() && summary.back() == '.') summary.pop_back();
    out << header("OVERSUB-CLI") << ".SH NAME\noversub\\-cli \\- " << roffText(summary) << '\n';
    out << ".SH SYNOPSIS\n\\fBoversub\\-cli\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n";
    out << ".SH DESCRIPTION\n"
           "oversub\\-cli is Oversub's engine without the window: it runs experiments for real in pinned child "
           "processes (a numeric kernel or your own program, swept over workers, threads, placement and data "
           "delivery), samples every CPU and worker thread while they run, and explains what happened. "
           "The window, \\fBoversub\\fR(1), starts it and reads its event stream, so anything the window shows "
           "can be reproduced here.\n.PP\n"
           "Every knob of an experiment is a flag of the commands that run one and a key of the experiment "
           "file (\\fB\\-\\-experiment\\fR \\fIFILE\\fR). Each command accepts \\fB\\-h\\fR, \\fB\\-\\-help\\fR.\n";
    out << ".SH OPTIONS\n";
    for (const auto& o : rootCommand(root).options) writeOption(out, o);
    out << ".SH COMMANDS\n";
    for (const auto& c : walkCommands(root)) writeCommand(out, c);

    std::map<std::string, std::string> valueNames; // knob -> value name of its flag
    for (const auto& c : walkCommands(root))
        for (const auto& o : c.options)
            if (!o.knob.empty()) valueNames[o.knob] = o.valueName;
    out << ".SH KNOBS\nThe knobs of an experiment, by the section of the window's panel they sit in.\n";
    std::string_view group;
    for (const auto& k : knobTable()) {
        if (k.hidden) continue; // test-only
        if (k.group != group) {
            group = k.group;
            out << ".SS \"" << roffText(std::string(group)) << "\"\n";
        }
        const auto name = valueNames.find(std::string(k.name));
        writeKnob(out, k, name != valueNames.end() ? name->second : std::string(toString(k.kind)));
    }
    out << ".SH PRESETS\nTeaching presets, for \\fB\\-\\-preset\\fR \\fINAME\\fR and \\fBoversub\\-cli presets\\fR "
           "\\fINAME\\fR:\n";
    for (const auto& p : presets::builtinPresets()) out << ".TP\n" << bold(p.name) << '\n' << roffText(p.title) << '\n';
    out << ".SH EXIT STATUS\n";
    for (const auto& e : kExitDocs) out << ".TP\n\\fB" << toInt(e.code) << "\\fR\n" << sentence(e.meaning) << '\n';
    out << ".PP\nA failed run does not stop the others of a sweep (\\fB\\-\\-fail\\-fast\\fR does); the status is "
           "the first failed run's.\n";
    out << ".SH ENVIRONMENT\n"
           ".TP\n\\fBOVERSUB_RESOURCES\\fR\nFolder that replaces the installed resources (scripts and presets) "
           "for the {resources} placeholder; a preset that runs a program from it needs "
           "\\fB\\-\\-allow\\-command\\fR.\n"
           ".TP\n\\fBOVERSUB_PYTHON\\fR\nThe Python that {python} names; else /usr/bin/python3, else python3 on "
           "PATH, whichever imports NumPy.\n"
           ".TP\n\\fBOPENBLAS_NUM_THREADS\\fR, \\fBOPENBLAS_CORETYPE\\fR\nSet by oversub\\-cli itself when it "
           "restarts once before running workers; the results record both.\n";
    out << ".SH FILES\n"
           ".TP\n\\fI../libexec/oversub/\\fR (beside the binary's folder)\nThe programs Oversub builds, for the "
           "{programs} placeholder: oversub\\-mpi\\-omp, the MPI preset's program (when built with MPI).\n"
           ".TP\n\\fI../share/oversub/\\fR (beside the binary's folder)\nThe teaching scripts "
           "(scripts/pool_matmul.py) and presets; in a build tree, the source tree's resources/.\n";
    out << ".SH EXAMPLES\n.nf\n"
           "oversub\\-cli topology\n"
           "oversub\\-cli run \\-\\-workers 2 \\-\\-affinity single \\-\\-out r.json\n"
           "oversub\\-cli sweep \\-\\-workers 1,2,4 \\-\\-threads 1,2 \\-\\-repeat 3\n"
           "oversub\\-cli run \\-\\-preset inherited\\-affinity\n"
           "oversub\\-cli run \\-\\-command 'python3 my.py {workers}' \\-\\-workers 1,2\n"
           "oversub\\-cli watch \\-\\-pid 1234\n"
           ".fi\n";
    out << ".SH SEE ALSO\n\\fBoversub\\fR(1), \\fBlstopo\\fR(1), \\fBtaskset\\fR(1), \\fBhtop\\fR(1)\n";
    return out.str();
}

std::string windowManPage(const std::string& helpText) {
    std::istringstream in(helpText);
    std::string line, usageLine, summary, section;
    std::vector<std::pair<std::string, std::string>> options, arguments; // (names, description)
    while (std::getline(in, line)) {
        if (line.starts_with("Usage: ")) {
            usageLine = line.substr(7);
            usageLine = "oversub" + usageLine.substr(std::min(usageLine.find(' '), usageLine.size()));
            continue;
        }
        if (line.empty()) continue;
        if (line.front() != ' ') {
            if (line.back() == ':') section = line.substr(0, line.size() - 1);
            else if (section.empty() && summary.empty()) summary = line;
            continue;
        }
        auto& list = section == "Arguments" ? arguments : options;
        const size_t start = line.find_first_not_of(' ');
        const bool startsEntry = start == 2;
        if (startsEntry) {
            const size_t gap = line.find("  ", start);
            std::string names = line.substr(start, gap == std::string::npos ? std::string::npos : gap - start);
            std::string text;
            if (gap != std::string::npos) {
                const size_t textStart = line.find_first_not_of(' ', gap);
                if (textStart != std::string::npos) text = line.substr(textStart);
            }
            list.emplace_back(names, text);
        } else if (!list.empty() && start != std::string::npos) {
            list.back().second += (list.back().second.empty() ? "" : " ") + line.substr(start);
        }
    }
    if (summary.starts_with("Oversub: ")) summary.erase(0, 9);
    while (!summary.empty() && summary.back() == '.') summary.pop_back();

    auto head = [](const std::string& names) {
        // "-h, --help" and "--experiment <FILE>": names bold, the value italic.
        std::string out, word;
        std::istringstream words(names);
        while (words >> word) {
            if (!out.empty()) out += ' ';
            if (word.front() == '<')
                out += italic(word.substr(1, word.find('>') - 1)) + word.substr(word.find('>') + 1);
            else if (word.front() == '-') out += bold(word);
            else out += italic(word);
        }
        return out;
    };
    std::ostringstream out;
    out << header("OVERSUB") << ".SH NAME\noversub \\- " << roffText(summary) << '\n';
    out << ".SH SYNOPSIS\n" << roffText(usageLine) << '\n';
    out << ".SH DESCRIPTION\n"
           "\\fBoversub\\fR is Oversub's window, a desktop lab for the question why parallel numeric code got "
           "slower when processes or threads were added. Pick a workload, its size, the number of worker "
           "processes, BLAS threads per worker, how data reaches the workers and where they may run; Oversub "
           "runs the experiment for real in pinned child processes, shows what every core and worker thread "
           "does while it runs, then explains what happened and exports charts and data.\n.PP\n"
           "The window never runs workers itself: it starts \\fBoversub\\-cli\\fR(1) and reads its event "
           "stream, so anything it shows can be reproduced on the command line. The knobs of its panel, their "
           "ranges and defaults are those of KNOBS in \\fBoversub\\-cli\\fR(1).\n";
    if (!arguments.empty()) {
        out << ".SH ARGUMENTS\n";
        for (const auto& [names, text] : arguments) out << ".TP\n" << italic(names) << '\n' << roffText(text) << '\n';
    }
    out << ".SH OPTIONS\n";
    for (const auto& [names, text] : options) out << ".TP\n" << head(names) << '\n' << roffText(text) << '\n';
    out << ".SH ENVIRONMENT\n"
           ".TP\n\\fBOVERSUB_ENGINE\\fR\nThe oversub\\-cli to start; else the one beside the window, else the "
           "one on PATH.\n"
           ".TP\n\\fBQT_QPA_PLATFORM\\fR\n\\fBoffscreen\\fR runs the window without a display, e.g. for "
           "\\fB\\-\\-screenshot\\fR in a script.\n";
    out << ".SH EXAMPLES\n.nf\n"
           "oversub \\-\\-experiment exp.json \\-\\-run \\-\\-screenshot out.png \\-\\-quit\\-after\\-run\n"
           "oversub \\-\\-synthetic \"pack:8 core:32 pu:2\" \\-\\-experiment exp.json\n"
           ".fi\n";
    out << ".SH SEE ALSO\n\\fBoversub\\-cli\\fR(1), \\fBlstopo\\fR(1), \\fBhtop\\fR(1)\n";
    return out.str();
}

} // namespace oversub::cli::docs
