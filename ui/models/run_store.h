#pragma once
// Every run the window has seen in this session, fed event by event through
// core's ResultsCollector (so the window's exports are the CLI's exports),
// the same way live from the engine or from a saved .jsonl event file (like
// Tracy's Worker). Keeps each run's task intervals for the timeline.

#include "events/event.h"
#include "export/results.h"

#include <QObject>

#include <map>
#include <memory>
#include <vector>

namespace oversub::ui {

struct StoredRun {
    RunRecord record; // knobs, status, wall, phases, workers, findings, errors
    std::vector<events::TaskDone> tasks; // in arrival order
    int invocation = 0; // which run/sweep invocation of the session
    // Where its invocation's event stream was recorded, and its run index
    // there (for replay); empty / -1 when not recorded.
    QString recordingPath;
    int recordedRun = -1;
};

class RunStore : public QObject {
    Q_OBJECT
public:
    explicit RunStore(QObject* parent = nullptr);
    ~RunStore() override;

    // Starts a new run/sweep invocation: run indices of its events restart at 0.
    void beginInvocation();
    void add(const events::Event& event);
    // Reads a saved event stream (oversub-cli ... --events FILE) as one
    // invocation. Returns the number of runs added; throws std::runtime_error
    // naming the line when the file cannot be read or parsed.
    int loadEventFile(const QString& path);
    // Adds the runs of recovered results (core's journal reader) as one
    // invocation, as if they had just arrived; its machine record becomes
    // the store's. Journals keep no task_done, so these runs have no task
    // intervals. Returns the store index of the first run added.
    int addRecovered(const Results& results);
    void clear();
    // Notes where run `index` was recorded (RunSession does, once it is stored).
    void setRecording(int index, const QString& path, int run);

    const std::vector<StoredRun>& runs() const { return runs_; }
    // Everything for the JSON/CSV writers: `experiment` and the machine of
    // the last invocation, every run of the session (re-numbered in order).
    Results results(const Experiment& experiment) const;
    // Findings about the whole last invocation (from its sweep_done summary).
    const nlohmann::json& machine() const { return machine_; }

signals:
    void runAboutToBeAdded(int index); // models call beginInsertRows here
    void runAdded(int index);
    void aboutToClear();
    void cleared();

private:
    std::unique_ptr<ResultsCollector> collector_;
    std::map<int, std::vector<events::TaskDone>> pendingTasks_; // by invocation-local run
    std::vector<StoredRun> runs_;
    nlohmann::json machine_;
    int invocation_ = 0;
};

} // namespace oversub::ui
