#pragma once
// `oversub-cli merge`: the streams of `oversub-cli watch --job` (one per node,
// or several nodes mixed in one input, as srun writes all its tasks' lines
// to one output) told apart by node and put together into one view with a
// node level above packages: each node's machine (from its node event), its
// samples and how busy each of its PUs was.
//
// Lines are given one at a time. A line srun prefixed with its task number
// (`srun --label`: "3: {...}") is read without the prefix. A sample without
// a node tag belongs to the input's own node: the one its node event named,
// else one named after the input (a plain `watch --events` file), so old
// recordings merge too. Events of other kinds (a run's) are counted and left
// out of the view.

#include "events/event.h"
#include "topology/topology_info.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oversub {

struct MergedNode {
    std::string name;
    std::string job; // "" outside a job
    std::string source; // the input it was first seen in
    std::optional<TopologyInfo> topology; // from its node event; nullopt without one
    int samples = 0;
    double firstSeconds = 0, lastSeconds = 0; // t_s of its first and last sample
    std::map<int, double> busySum; // PU (OS index) -> sum of its busy share over the samples

    // PU -> mean busy share (0..1) over the samples.
    std::map<int, double> meanBusy() const;
    // Seconds its samples cover: the first one's interval included.
    double spanSeconds() const { return lastSeconds - firstSeconds + firstInterval; }
    double firstInterval = 0;
};

class NodeMerge {
public:
    // One line of `source` (a path, or "-"), `lineNumber` from 1; `lastLine`
    // when nothing follows it in its input. Blank lines are skipped, and so
    // are lines that are not JSON objects (srun's and slurmstepd's messages in
    // the same output: skippedLines()) and a last line that does not parse
    // (a watch killed mid-line: tornLines()). Returns the event as merged (a
    // sample tagged with its node), or nullopt for a line left out. Throws
    // events::EventParseError "SOURCE line N: ..." for any other line that is
    // not an event, for another schema, and for a node named twice with
    // different machines.
    std::optional<events::Event> addLine(std::string_view line, const std::string& source, size_t lineNumber,
                                         bool lastLine = false);

    // Nodes in the order they were first seen.
    const std::vector<MergedNode>& nodes() const { return nodes_; }
    // Lines of other kinds (run events) that were not part of the view.
    size_t otherEvents() const { return otherEvents_; }
    // "SOURCE line N: " of each line that was not JSON, and the first one's text.
    const std::vector<std::string>& skippedLines() const { return skipped_; }
    const std::string& firstSkippedLine() const { return firstSkipped_; }
    // "SOURCE line N: cut off (...)" of each cut last line.
    const std::vector<std::string>& tornLines() const { return tornLines_; }

private:
    MergedNode& node(const std::string& name, const std::string& source);

    std::vector<MergedNode> nodes_;
    std::map<std::string, std::string> inputNode_; // source -> the node its node event named
    size_t otherEvents_ = 0;
    std::vector<std::string> skipped_, tornLines_;
    std::string firstSkipped_;
};

// The node name of a plain stream: its file's name without folders and
// extension, characters a node name may not hold replaced by '_' ("-" reads
// "stdin").
std::string nodeNameOfSource(const std::string& source);

// The view as JSON: {"nodes": [{"node", "job", "source", "samples", "span_s",
// "packages", "cores", "pus", "packages_busy": [{"package", "pus": [{"pu",
// "busy"}]}]}]}; PUs without a package (no topology) go under package -1.
nlohmann::ordered_json mergedViewJson(const NodeMerge& merge);

} // namespace oversub
