#include "events/process_list.h"

#include "events/field_table.h"

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
namespace {

// The list as a struct, so its one array has a table entry like any other.
struct ProcessList {
    std::vector<sampler::ProcessListEntry> processes;
};

constexpr std::tuple kEntryFields{
    field("pid", &sampler::ProcessListEntry::pid),         field("ppid", &sampler::ProcessListEntry::ppid),
    field("name", &sampler::ProcessListEntry::name),       field("cmdline", &sampler::ProcessListEntry::cmdline),
    field("threads", &sampler::ProcessListEntry::threads),
};

constexpr std::tuple kProcessListFields{
    arrayField("processes", &ProcessList::processes, kEntryFields, "processes[]"),
};

} // namespace

OrderedJson processListToJson(const std::vector<sampler::ProcessListEntry>& processes) {
    return tableJson(kProcessListFields, ProcessList{processes});
}

std::vector<sampler::ProcessListEntry> processListFromJson(const Json& j) {
    return readTable<ProcessList>(j, "process list", kProcessListFields).processes;
}

} // namespace oversub::events
