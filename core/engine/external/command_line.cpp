#include "external/command_line.h"

#include "external/python_finder.h"
#include "external/resources_dir.h"
#include "util/input_error.h"

#include <algorithm>
#include <cctype>

namespace oversub {

namespace {

bool isNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string allowedPlaceholders() {
    std::string out;
    for (const auto& name : commandPlaceholders()) out += (out.empty() ? "" : ", ") + ("{" + name + "}");
    return out + "; write {{ and }} for literal braces";
}

std::string valueOf(const std::string& name, const Experiment& e) {
    if (name == "workers") return std::to_string(e.workers);
    if (name == "threads") return std::to_string(e.threads);
    if (name == "size") return std::to_string(e.size);
    if (name == "iterations") return std::to_string(e.iterations);
    if (name == "tasks") return std::to_string(e.tasks);
    if (name == "seed") return std::to_string(e.seed);
    if (name == "python") return external::pythonWithNumpy(); // searched once, throws when none has NumPy
    if (name == "programs") return programsDir();
    return resourcesDir(); // "resources"
}

} // namespace

const std::vector<std::string>& commandPlaceholders() {
    static const std::vector<std::string> names{"workers", "threads",   "size",   "iterations", "tasks",
                                                "seed",    "resources", "python", "programs"};
    return names;
}

std::vector<std::string> splitCommandLine(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            if (inWord) words.push_back(std::move(word)), word.clear();
            inWord = false;
            continue;
        }
        inWord = true;
        if (c == '\\') {
            if (i + 1 == text.size())
                throw InputError("command", std::string(text), "a command line that does not end in a lone backslash");
            word += text[++i];
        } else if (c == '\'') {
            const size_t close = text.find('\'', i + 1);
            if (close == std::string_view::npos)
                throw InputError("command", std::string(text),
                                 "balanced quotes: the single quote at character " + std::to_string(i + 1) +
                                     " is never closed");
            word.append(text.substr(i + 1, close - i - 1));
            i = close;
        } else if (c == '"') {
            size_t j = i + 1;
            for (; j < text.size() && text[j] != '"'; ++j) {
                if (text[j] == '\\' && j + 1 < text.size() &&
                    std::string_view("\"\\$`\n").find(text[j + 1]) != std::string_view::npos)
                    ++j;
                word += text[j];
            }
            if (j >= text.size())
                throw InputError("command", std::string(text),
                                 "balanced quotes: the double quote at character " + std::to_string(i + 1) +
                                     " is never closed");
            i = j;
        } else {
            word += c;
        }
    }
    if (inWord) words.push_back(std::move(word));
    return words;
}

std::string substitutePlaceholders(std::string_view word, const Experiment& experiment) {
    const auto& names = commandPlaceholders();
    std::string out;
    for (size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        if ((c == '{' || c == '}') && i + 1 < word.size() && word[i + 1] == c) {
            out += c; // {{ or }}: a literal brace
            ++i;
            continue;
        }
        if (c != '{') {
            out += c;
            continue;
        }
        size_t end = i + 1;
        while (end < word.size() && isNameChar(word[end])) ++end;
        if (end == i + 1 || end >= word.size() || word[end] != '}') {
            out += c; // not {name}: an ordinary brace
            continue;
        }
        const std::string name(word.substr(i + 1, end - i - 1));
        if (std::find(names.begin(), names.end(), name) == names.end())
            throw InputError("command", "{" + name + "}", allowedPlaceholders());
        out += valueOf(name, experiment);
        i = end;
    }
    return out;
}

std::vector<std::string> commandArgv(const Experiment& experiment) {
    std::vector<std::string> argv;
    for (const auto& word : splitCommandLine(experiment.command))
        argv.push_back(substitutePlaceholders(word, experiment));
    if (argv.empty() || argv.front().empty())
        throw InputError("command", experiment.command, "a program to run, e.g. 'python3 script.py {workers}'");
    return argv;
}

std::string quotedCommandLine(const std::vector<std::string>& argv) {
    std::string line;
    for (const auto& arg : argv) {
        if (!line.empty()) line += ' ';
        const bool plain = !arg.empty() && std::all_of(arg.begin(), arg.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) ||
                   std::string_view("_-./=:,+@%").find(c) != std::string_view::npos;
        });
        if (plain) {
            line += arg;
            continue;
        }
        line += '\'';
        for (char c : arg) line += c == '\'' ? std::string("'\\''") : std::string(1, c);
        line += '\'';
    }
    return line;
}

} // namespace oversub
