// Results as CSV: one row a run, every knob and every result a column.
// Numbers use the shortest text that reads back to the same double, so the
// CSV and the JSON hold exactly the same numbers.

#include "export/csv_writer.h"
#include "export/results.h"

#include "knobs/knob_table.h"
#include "util/atomic_file.h"

#include <cmath>

namespace oversub {

namespace {

std::string number(double value) { return std::isfinite(value) ? formatDouble(value) : std::string(); }

template <typename Get>
std::string perWorker(const RunRecord& r, Get get) {
    std::string out;
    for (size_t i = 0; i < r.done.workers.size(); ++i) {
        if (i) out += ';';
        out += get(r.done.workers[i]);
    }
    return out;
}

std::vector<std::string> rowOf(const RunRecord& r) {
    std::vector<std::string> row = {std::to_string(r.run), std::to_string(r.point), r.label,
                                    std::to_string(r.repetition), r.warmup ? "true" : "false"};
    for (const auto& k : knobTable()) row.push_back(getKnob(r.experiment, k.name));
    const auto& d = r.done;
    double cpu = 0, runqWait = 0;
    uint64_t involuntary = 0, voluntary = 0;
    int64_t tasks = 0;
    for (const auto& w : d.workers) {
        cpu += w.cpuSeconds;
        runqWait += w.runqWaitSeconds;
        involuntary += w.involuntaryCtxSwitches;
        voluntary += w.voluntaryCtxSwitches;
        tasks += w.tasks;
    }
    std::string findings, errors;
    for (const auto& f : d.findings) findings += (findings.empty() ? "" : ";") + f.id;
    for (const auto& e : r.errors) errors += (errors.empty() ? "" : "; ") + e.message;
    const std::vector<std::string> results = {
        std::string(events::toString(d.status)),
        number(d.wallSeconds),
        number(d.timedSeconds()),
        number(d.phases.prepareSeconds),
        number(d.phases.spawnSeconds),
        number(d.phases.deliverySeconds),
        number(d.phases.computeSeconds),
        number(d.phases.collectSeconds),
        number(d.phases.waitSeconds),
        number(d.phases.teardownSeconds),
        number(d.gflops),
        number(d.gbps),
        d.fitsIn.empty() ? std::string() : std::to_string(d.workingSetBytes),
        d.fitsIn,
        number(d.checksum),
        std::to_string(tasks),
        number(cpu),
        std::to_string(involuntary),
        std::to_string(voluntary),
        number(runqWait),
        perWorker(r, [](const events::WorkerStats& w) { return w.cpuset; }),
        perWorker(r, [](const events::WorkerStats& w) { return std::to_string(w.tasks); }),
        findings,
        errors,
    };
    row.insert(row.end(), results.begin(), results.end());
    // External command runs: how the program ended, its tree's CPU time and
    // the thread variables it got (NAME=value;...). Empty for built-in runs.
    std::string env;
    if (d.command)
        for (const auto& [name, value] : d.command->threadEnv) env += (env.empty() ? "" : ";") + name + "=" + value;
    const std::vector<std::string> command = {
        d.command && d.command->exitStatus ? std::to_string(*d.command->exitStatus) : std::string(),
        d.command ? d.command->signal : std::string(),
        d.command ? number(d.command->cpuSeconds) : std::string(),
        env,
    };
    row.insert(row.end(), command.begin(), command.end());
    return row;
}

} // namespace

std::vector<std::string> resultsCsvHeader() {
    std::vector<std::string> header = {"run", "point", "label", "repetition", "is_warmup"};
    for (const auto& k : knobTable()) header.emplace_back(k.name);
    for (const char* name : {"status",
                             "wall_s",
                             "timed_s",
                             "prepare_s",
                             "spawn_s",
                             "delivery_s",
                             "compute_s",
                             "collect_s",
                             "wait_s",
                             "teardown_s",
                             "gflops",
                             "gbps",
                             "working_set_bytes",
                             "fits_in",
                             "checksum",
                             "tasks_done",
                             "cpu_s",
                             "involuntary_ctx_switches",
                             "voluntary_ctx_switches",
                             "runq_wait_s",
                             "worker_cpusets",
                             "worker_tasks",
                             "findings",
                             "errors",
                             "command_exit_status",
                             "command_signal",
                             "command_cpu_s",
                             "command_thread_env"})
        header.emplace_back(name);
    return header;
}

std::string resultsCsv(const Results& results) {
    std::string out = csv::row(resultsCsvHeader());
    for (const auto& r : results.runs) out += csv::row(rowOf(r));
    return out;
}

void writeResultsCsv(const std::string& path, const Results& results) {
    writeFileAtomically(path, resultsCsv(results));
}

} // namespace oversub
