#pragma once
// One `oversub-cli run` or `sweep` invocation at a time: writes the
// experiment to a private temporary file, starts the engine with
// `--events -`, feeds every event to the RunStore (the same collector the
// CLI's exports use) and re-emits what the window shows live. Cancel sends
// SIGTERM and SIGKILL one second later; whatever happens, ended() comes.
// Each invocation also gets a journal (`--journal FILE`, journal_files.h):
// removed when the invocation ends normally (done or cancelled), kept while
// the window lives after an engine crash and removed on the window's clean
// end, so only a crash of the window leaves it behind for the next start.

#include "engine/engine_process.h"
#include "events/event.h"
#include "experiment/experiment.h"
#include "journal_files.h"

#include <QObject>

#include <memory>

namespace oversub::ui {

class RunStore;

class RunSession : public QObject {
    Q_OBJECT
public:
    enum class Kind { Run, Sweep };

    explicit RunSession(RunStore* store, QObject* parent = nullptr);
    ~RunSession() override;

    // Where invocations keep their journals (default: journalDirectory());
    // empty: no journal.
    void setJournalDirectory(const QString& directory) { journalDirectory_ = directory; }
    QString journalDirectory() const { return journalDirectory_; }
    // The recording of the current (or last) invocation's event stream
    // (engine/recordings.h); empty when none.
    QString recordingPath() const { return recordingPath_; }
    // The journal of the current (or last, if it crashed) invocation; empty when none.
    QString journalPath() const { return journal_ ? journal_->path() : QString(); }

    // Returns false (and emits ended with the reason) when it could not start.
    bool start(Kind kind, const Experiment& experiment);
    // Sweeps a built-in teaching preset by name (`sweep --preset NAME`), so
    // the engine checks the preset's claims and its sweep_done summary
    // carries `preset.verdicts` and `preset.lesson`. `experiment` is the
    // preset's experiment, used for the progress estimate only.
    bool startPreset(const QString& presetName, const Experiment& experiment);
    void cancel();
    bool isRunning() const { return engine_.isRunning(); }
    Kind kind() const { return kind_; }
    EngineProcess& engine() { return engine_; }

signals:
    void progressed(double fraction, const QString& text); // 0..1 of the invocation
    void runStarted(const oversub::events::RunStarted& event);
    void workerReady(const oversub::events::WorkerReady& event);
    void sample(const oversub::events::Sample& event);
    void workerError(const oversub::events::Error& event);
    void runStored(int storeIndex);
    void sweepFinished(const oversub::events::SweepDone& event); // last line, with its summary
    void ended(const oversub::ui::EngineEnd& end);

private:
    void updateProgress();
    void prepare(Kind kind, const Experiment& experiment);
    QStringList withJournal(QStringList arguments);

    RunStore* store_;
    EngineProcess engine_;
    QString journalDirectory_;
    QString recordingPath_;
    std::unique_ptr<SessionJournal> journal_;
    Kind kind_ = Kind::Run;
    int runsTotal_ = 1, runsDone_ = 0;
    int64_t tasksPerRun_ = 1, tasksDone_ = 0;
    bool cancelRequested_ = false;
};

} // namespace oversub::ui
