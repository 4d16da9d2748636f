#pragma once
// Following a running program: `oversub-cli watch --pid PID --rate R
// --findings --events -` as a child process. The engine adds every descendant
// that appears later (new Pool workers, their threads) through /proc; this
// class turns its samples into snapshots and counts what the last one held.
// When the watch ends (the tree exited, or Detach: SIGTERM, which the engine
// answers with its last lines) the engine's check of the tree's affinity
// arrives as watchDone. The program itself is left alone.

#include "engine/engine_process.h"
#include "events/event_kinds.h"
#include "events/event_watch.h"

#include <QObject>
#include <QString>

namespace oversub::ui {

class AttachSession : public QObject {
    Q_OBJECT
public:
    explicit AttachSession(QObject* parent = nullptr);

    // Starts watching `pid` (stopping an earlier watch first). Returns false,
    // and emits ended(), when no engine is found.
    bool attach(int pid, double rateHz);
    void detach();
    bool isAttached() const { return engine_.isRunning(); }
    int pid() const { return pid_; }
    // Distinct processes and threads in the last sample (0 before the first).
    int processCount() const { return processCount_; }
    int threadCount() const { return threadCount_; }
    EngineProcess& engine() { return engine_; }

signals:
    // One tick of the tree; its newProcesses name the processes it shows first.
    void sample(const oversub::events::Sample& sample);
    void treeChanged(int processes, int threads); // when the counts differ from the last sample
    // What was attached and the findings about it, just before ended().
    void watchDone(const oversub::events::WatchDone& done);
    // The watch ended: detached on request, the tree exited, or the engine
    // failed (end.message says why; the engine's stderr names the pid).
    void ended(const oversub::ui::EngineEnd& end, bool detachRequested);

private:
    EngineProcess engine_;
    int pid_ = 0;
    int processCount_ = 0;
    int threadCount_ = 0;
    bool detachRequested_ = false;
};

} // namespace oversub::ui
