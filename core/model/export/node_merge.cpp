#include "export/node_merge.h"

#include <cctype>

namespace oversub {

namespace {

// "3: {...}" (srun --label) -> "{...}"; anything else as it is.
std::string_view withoutTaskLabel(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
    if (i == 0 || i + 1 >= line.size() || line[i] != ':') return line;
    ++i;
    while (i < line.size() && line[i] == ' ') ++i;
    return line.substr(i);
}

bool isBlank(std::string_view line) {
    for (char c : line)
        if (!std::isspace(static_cast<unsigned char>(c))) return false;
    return true;
}

} // namespace

std::map<int, double> MergedNode::meanBusy() const {
    std::map<int, double> mean;
    for (const auto& [pu, sum] : busySum) mean[pu] = samples > 0 ? sum / samples : 0;
    return mean;
}

std::string nodeNameOfSource(const std::string& source) {
    if (source == "-") return "stdin";
    std::string name = source.substr(source.find_last_of('/') + 1);
    if (const size_t dot = name.find('.'); dot != std::string::npos && dot > 0) name.resize(dot);
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
    if (name.empty()) name = "input";
    return name.substr(0, 64);
}

MergedNode& NodeMerge::node(const std::string& name, const std::string& source) {
    for (auto& n : nodes_)
        if (n.name == name) return n;
    MergedNode n;
    n.name = name;
    n.source = source;
    nodes_.push_back(std::move(n));
    return nodes_.back();
}

std::optional<events::Event> NodeMerge::addLine(std::string_view line, const std::string& source, size_t lineNumber,
                                                bool lastLine) {
    if (isBlank(line)) return std::nullopt;
    const std::string where = source + " line " + std::to_string(lineNumber) + ": ";
    const std::string_view text = withoutTaskLabel(line);
    if (text.front() != '{') {
        // Not an event at all: srun's or slurmstepd's own words in the same output.
        if (skipped_.empty()) firstSkipped_ = where + std::string(text.substr(0, 120));
        skipped_.push_back(where);
        return std::nullopt;
    }
    events::Event event;
    try {
        event = events::parseEventLine(text);
    } catch (const events::SchemaMismatchError& e) {
        throw events::EventParseError(where + e.what());
    } catch (const events::EventParseError& e) {
        // A watch killed while writing leaves its last line cut: said, not fatal.
        if (lastLine) {
            tornLines_.push_back(where + "cut off (" + e.what() + ")");
            return std::nullopt;
        }
        throw events::EventParseError(where + e.what());
    }
    if (std::holds_alternative<events::Hello>(event)) return std::nullopt; // the schema was checked by the parse
    if (auto* info = std::get_if<events::NodeInfo>(&event)) {
        TopologyInfo topology;
        try {
            topology = topology::topologyInfoFromJson(info->topology);
        } catch (const std::exception& e) {
            throw events::EventParseError(where + "node " + info->node + ": " + e.what());
        }
        MergedNode& n = node(info->node, source);
        if (n.topology && !(*n.topology == topology))
            throw events::EventParseError(where + "node " + info->node +
                                          " was already described with another machine (two nodes of one name?)");
        n.topology = std::move(topology);
        n.job = info->job;
        inputNode_[source] = info->node;
        return event;
    }
    auto* sample = std::get_if<events::Sample>(&event);
    if (!sample) {
        ++otherEvents_;
        return std::nullopt;
    }
    if (sample->node.empty()) {
        const auto own = inputNode_.find(source);
        sample->node = own != inputNode_.end() ? own->second : nodeNameOfSource(source);
    }
    MergedNode& n = node(sample->node, source);
    const auto& snapshot = sample->snapshot;
    if (n.samples == 0) {
        n.firstSeconds = snapshot.tSeconds;
        n.firstInterval = snapshot.intervalSeconds;
    }
    n.lastSeconds = snapshot.tSeconds;
    ++n.samples;
    for (const auto& cpu : snapshot.cpus) n.busySum[cpu.cpu] += cpu.busy();
    return event;
}

nlohmann::ordered_json mergedViewJson(const NodeMerge& merge) {
    nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
    for (const MergedNode& n : merge.nodes()) {
        std::map<int, nlohmann::ordered_json> byPackage;
        for (const auto& [pu, busy] : n.meanBusy()) {
            const PuInfo* info = n.topology ? n.topology->puByOsIndex(pu) : nullptr;
            const int package = info ? info->packageIndex : -1;
            if (!byPackage.count(package)) byPackage[package] = nlohmann::ordered_json::array();
            byPackage[package].push_back({{"pu", pu}, {"busy", busy}});
        }
        nlohmann::ordered_json packages = nlohmann::ordered_json::array();
        for (auto& [package, pus] : byPackage) packages.push_back({{"package", package}, {"pus", std::move(pus)}});
        nodes.push_back({{"node", n.name},
                         {"job", n.job},
                         {"source", n.source},
                         {"samples", n.samples},
                         {"span_s", n.samples > 0 ? n.spanSeconds() : 0.0},
                         {"packages", n.topology ? n.topology->packages : 0},
                         {"cores", n.topology ? n.topology->cores : 0},
                         {"pus", n.topology ? n.topology->puCount() : static_cast<int>(n.busySum.size())},
                         {"packages_busy", std::move(packages)}});
    }
    return {{"nodes", std::move(nodes)}};
}

} // namespace oversub
