#pragma once
// Test helper: a scripted engine for the window (tests/ui/fake_engine.sh)
// fed with canned answers written by core's own writers, so the window's
// reading of the stream is tested against the real format.

#include "events/event.h"
#include "experiment/experiment.h"
#include "placement/placement.h"
#include "topology/topology_info.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtGlobal>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace oversub::testing {

class FakeEngine {
public:
    FakeEngine() {
        const QString script = dir_.filePath(QStringLiteral("fake-oversub-cli"));
        QFile::copy(QStringLiteral(OVERSUB_SOURCE_DIR "/tests/ui/fake_engine.sh"), script);
        QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv("OVERSUB_ENGINE", script.toLocal8Bit());
        qputenv("OVERSUB_FAKE_DIR", dir_.path().toLocal8Bit());
        const TopologyInfo machine = topology::uniformTopologyInfo(1, 1, 2, 1);
        setTopology(machine);
        setPlacement(place({2, 1, AffinityPolicy::Scatter, {}}, machine), machine);
        setRunEvents(twoWorkerRun());
        setMode("ok");
    }
    ~FakeEngine() {
        qunsetenv("OVERSUB_ENGINE");
        qunsetenv("OVERSUB_FAKE_DIR");
    }

    void setTopology(const TopologyInfo& info) { write("topology.json", topology::toJson(info).dump()); }
    // What `place --json` prints: core's placement document, plus the
    // machine it was placed on (app/cli/cmd_place.cpp adds that key).
    void setPlacement(const Placement& placement, const TopologyInfo& machine) {
        nlohmann::json document = toJson(placement);
        document["machine"] = machine.source;
        write("place.json", document.dump());
    }
    void setMode(const std::string& mode) { write("run_mode", mode); }
    void setWatchEvents(const std::vector<events::Event>& events) { write("watch.jsonl", lines(events)); }
    void setRunEvents(const std::vector<events::Event>& events) { write("run.jsonl", lines(events)); }
    void setRawRunStream(const std::string& text) { write("run.jsonl", text); }
    // `run` / `sweep` keep argv.txt and last_experiment.json (the experiment
    // the window gave the engine, read from its --experiment, a pipe on stdin).
    void keepArguments() { write("keep_arguments", ""); }
    QString calls() const {
        QFile f(dir_.filePath(QStringLiteral("calls.txt")));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }
    QString path(const char* name) const { return dir_.filePath(QString::fromLatin1(name)); }

    static events::Sample sample(int run, double t, std::vector<double> busy) {
        events::Sample s;
        s.run = run;
        s.snapshot.tSeconds = t;
        s.snapshot.intervalSeconds = 0.1;
        for (size_t i = 0; i < busy.size(); ++i) {
            sampler::CpuShare c;
            c.cpu = static_cast<int>(i);
            c.user = busy[i];
            c.idle = 1 - busy[i];
            s.snapshot.cpus.push_back(c);
        }
        return s;
    }

    // A complete 2-worker run of 4 tasks, as the engine streams it.
    static std::vector<events::Event> twoWorkerRun(int workers = 2, double wallSeconds = 0.5, int runIndex = 0) {
        Experiment experiment = defaults();
        experiment.workers = workers;
        experiment.tasks = 4;
        std::vector<events::Event> out;
        out.push_back(events::Hello{events::kSchemaVersion, "fake-engine"});
        out.push_back(events::SweepStarted{toJson(experiment), nlohmann::json::object(), 1, 1});
        events::RunStarted started;
        started.run = runIndex;
        started.experiment = toJson(experiment);
        out.push_back(started);
        for (int w = 0; w < workers; ++w)
            out.push_back(events::WorkerReady{
                runIndex, w, 1000 + w, {1000 + w}, std::to_string(w % 2), std::to_string(w % 2), 0.01});
        auto s = sample(runIndex, 0.1, {0.9, 0.8});
        s.snapshot.threads.push_back({1000, 1000, 0, 0, 'R', 0.9, 0, 0.9, 0.05});
        s.snapshot.threads.push_back({1001, 1001, 1, 1, 'R', 0.8, 0, 0.8, 0.0});
        out.push_back(s);
        for (int t = 0; t < 4; ++t)
            out.push_back(events::TaskDone{runIndex, t % workers, t, 0.02 + 0.1 * (t / workers),
                                           0.11 + 0.1 * (t / workers), 0.0, 0.09});
        events::RunDone done;
        done.run = runIndex;
        done.wallSeconds = wallSeconds;
        done.phases = {
            .spawnSeconds = 0.002, .computeSeconds = 0.36, .collectSeconds = 0.001, .teardownSeconds = 0.003};
        for (int w = 0; w < workers; ++w) {
            events::WorkerStats ws;
            ws.worker = w;
            ws.pid = 1000 + w;
            ws.cpuset = std::to_string(w % 2);
            ws.tasks = 4 / workers;
            done.workers.push_back(ws);
        }
        done.gflops = 40;
        done.findings.push_back({"good-scaling", "info", "2 workers ran 1.9x faster than 1", nlohmann::json::object()});
        out.push_back(done);
        out.push_back(events::Progress{1, 1, wallSeconds, 0});
        out.push_back(events::SweepDone{events::RunStatus::Ok, 1, 0, wallSeconds, nlohmann::json()});
        return out;
    }

private:
    static std::string lines(const std::vector<events::Event>& events) {
        std::string text;
        for (const auto& e : events) text += events::toJsonLine(e) + "\n";
        return text;
    }
    void write(const char* name, const std::string& text) {
        QFile f(dir_.filePath(QString::fromLatin1(name)));
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(text.data(), static_cast<qint64>(text.size()));
    }
    QTemporaryDir dir_;
};

} // namespace oversub::testing
