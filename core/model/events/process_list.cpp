#include "events/process_list.h"

#include "events/json_fields.h"

#include <algorithm>
#include <cctype>

namespace oversub::sampler {
namespace {

std::string lowered(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

std::string ProcessListEntry::displayText() const { return cmdline.empty() ? "[" + name + "]" : cmdline; }

std::vector<ProcessListEntry> filterProcesses(const std::vector<ProcessListEntry>& all, const std::string& filter) {
    const auto first = filter.find_first_not_of(" \t");
    if (first == std::string::npos) return all;
    const auto last = filter.find_last_not_of(" \t");
    const std::string needle = lowered(filter.substr(first, last - first + 1));
    std::vector<ProcessListEntry> kept;
    for (const auto& e : all)
        if (std::to_string(e.pid).find(needle) != std::string::npos ||
            lowered(e.name).find(needle) != std::string::npos || lowered(e.cmdline).find(needle) != std::string::npos)
            kept.push_back(e);
    return kept;
}

} // namespace oversub::sampler

namespace oversub::events {

OrderedJson processListToJson(const std::vector<sampler::ProcessListEntry>& processes) {
    OrderedJson list = OrderedJson::array();
    for (const auto& p : processes)
        list.push_back({{"pid", p.pid}, {"ppid", p.ppid}, {"name", p.name}, {"cmdline", p.cmdline}, {"threads", p.threads}});
    return {{"processes", list}};
}

std::vector<sampler::ProcessListEntry> processListFromJson(const Json& j) {
    const Fields f(j, "process list");
    std::vector<sampler::ProcessListEntry> processes;
    for (const auto& item : f.array("processes")) {
        const Fields p(item, "processes[]");
        processes.push_back({p.integer("pid"), p.integer("ppid"), p.text("name"), p.text("cmdline"), p.integer("threads")});
    }
    return processes;
}

} // namespace oversub::events
