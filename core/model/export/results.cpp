// Results: built from events, written as JSON. The run fields reuse the
// event stream's own run_done and error writers and readers, so a results
// file and a stream spell every field the same way.

#include "export/results.h"

#include "events/json_fields.h"
#include "util/atomic_file.h"
#include "util/input_error.h"
#include "util/json_limits.h"

namespace oversub {

using nlohmann::json;
using nlohmann::ordered_json;

RunRecord fromEvents(const events::RunStarted& started, const events::RunDone& done,
                     const std::vector<events::Error>& errors) {
    RunRecord r;
    r.run = started.run;
    r.point = started.point;
    r.label = started.label;
    r.repetition = started.repetition;
    r.warmup = started.warmup;
    r.experiment = experimentFromJson(started.experiment);
    r.done = done;
    r.errors = errors;
    return r;
}

void ResultsCollector::add(const events::Event& event) {
    if (auto* s = std::get_if<events::SweepStarted>(&event)) {
        results_.experiment = experimentFromJson(s->experiment);
        results_.machine = s->machine;
        haveExperiment_ = true;
    } else if (auto* r = std::get_if<events::RunStarted>(&event)) {
        if (!haveExperiment_) { // a stream without sweep_started: the first run stands for it
            results_.experiment = experimentFromJson(r->experiment);
            haveExperiment_ = true;
        }
        if (results_.machine.is_null() && !r->machine.is_null()) results_.machine = r->machine;
        started_.push_back(*r);
    } else if (auto* e = std::get_if<events::Error>(&event)) {
        if (e->run >= 0) errors_.push_back(*e);
    } else if (auto* d = std::get_if<events::RunDone>(&event)) {
        for (size_t i = 0; i < started_.size(); ++i) {
            if (started_[i].run != d->run) continue;
            std::vector<events::Error> mine;
            std::erase_if(errors_, [&](const events::Error& x) {
                if (x.run != d->run) return false;
                mine.push_back(x);
                return true;
            });
            results_.runs.push_back(fromEvents(started_[i], *d, mine));
            started_.erase(started_.begin() + static_cast<long>(i));
            break;
        }
    } else if (auto* sd = std::get_if<events::SweepDone>(&event)) {
        results_.summary = sd->summary;
    }
}

ordered_json toJson(const RunRecord& r) {
    ordered_json j{{"run", r.run},       {"point", r.point},
                   {"label", r.label},   {"repetition", r.repetition},
                   {"warmup", r.warmup}, {"experiment", ordered_json(toJson(r.experiment))}};
    const ordered_json done = events::toJson(r.done); // named: items() must not outlive it
    for (const auto& [key, value] : done.items())
        if (key != "event" && key != "run") j[key] = value;
    ordered_json errors = ordered_json::array();
    for (const auto& e : r.errors) {
        ordered_json ej = events::toJson(e);
        ej.erase("event");
        errors.push_back(std::move(ej));
    }
    j["errors"] = errors;
    return j;
}

RunRecord runRecordFromJson(const json& j) {
    if (!j.is_object()) throw InputError("runs[]", "not an object", "a run record object");
    RunRecord r;
    try {
        const events::Fields f(j, "run");
        json done = j;
        done["event"] = "run_done";
        done.erase("experiment");
        r.done = events::runDoneFromJson(done);
        r.run = r.done.run;
        r.point = f.integerOr("point", 0);
        r.label = f.textOr("label", "");
        r.repetition = f.integerOr("repetition", 0);
        r.warmup = f.has("warmup") && f.boolean("warmup");
        if (f.has("errors"))
            for (const auto& e : f.array("errors")) {
                json ej = e;
                if (ej.is_object()) ej["event"] = "error";
                r.errors.push_back(events::errorFromJson(ej));
            }
    } catch (const events::EventParseError& e) {
        throw InputError("runs[]", e.what());
    }
    r.experiment = experimentFromJson(j.contains("experiment") ? j["experiment"] : json::object());
    return r;
}

ordered_json toJson(const Results& results) {
    ordered_json runs = ordered_json::array();
    for (const auto& r : results.runs) runs.push_back(toJson(r));
    ordered_json findings = ordered_json::array();
    for (const auto& f : results.findings) findings.push_back(events::toOrderedJson(f));
    return ordered_json{{"schema", kResultsSchema},
                        {"experiment", ordered_json(toJson(results.experiment))},
                        {"machine", ordered_json(results.machine)},
                        {"runs", runs},
                        {"findings", findings},
                        {"summary", ordered_json(results.summary)}};
}

Results resultsFromJson(const json& j) {
    if (!j.is_object()) throw InputError("results", "not an object", "a results object");
    if (!j.contains("schema") || j["schema"] != kResultsSchema)
        throw InputError("schema", j.contains("schema") ? j["schema"].dump() : "missing",
                         std::to_string(kResultsSchema));
    Results results;
    if (!j.contains("experiment")) throw InputError("experiment", "missing", "an experiment object");
    results.experiment = experimentFromJson(j["experiment"]);
    results.machine = j.value("machine", json());
    if (!j.contains("runs") || !j["runs"].is_array()) throw InputError("runs", "missing", "an array of runs");
    for (const auto& r : j["runs"]) results.runs.push_back(runRecordFromJson(r));
    if (j.contains("findings") && j["findings"].is_array())
        for (const auto& f : j["findings"]) {
            try {
                results.findings.push_back(events::findingFromEventJson(f));
            } catch (const events::EventParseError& e) {
                throw InputError("findings[]", e.what());
            }
        }
    results.summary = j.value("summary", json());
    return results;
}

void writeResultsJson(const std::string& path, const Results& results) {
    writeFileAtomically(path, toJson(results).dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

Results readResultsJson(const std::string& path) {
    // Runs carry their experiments a few levels down (json_limits.h).
    const json j =
        parseJsonLimited(readFileLimited(path, kMaxRecordFileBytes, "a results file"), path, kMaxRecordDepth);
    try {
        return resultsFromJson(j);
    } catch (const json::exception& e) {
        throw InputError(path, std::string("not valid JSON: ") + e.what());
    } catch (const InputError& e) {
        throw InputError(path, e.what());
    }
}

} // namespace oversub
