#include "engine/attach_session.h"

#include <set>

namespace oversub::ui {

AttachSession::AttachSession(QObject* parent) : QObject(parent) {
    connect(&engine_.events(), &EventDecoder::sample, this, [this](const events::Sample& event) {
        std::set<int> pids, tids;
        for (const auto& thread : event.snapshot.threads) {
            pids.insert(thread.pid);
            tids.insert(thread.tid);
        }
        const int processes = static_cast<int>(pids.size()), threads = static_cast<int>(tids.size());
        const bool changed = processes != processCount_ || threads != threadCount_;
        processCount_ = processes;
        threadCount_ = threads;
        emit sample(event);
        if (changed) emit treeChanged(processes, threads);
    });
    connect(&engine_.events(), &EventDecoder::watchDone, this, &AttachSession::watchDone);
    connect(&engine_, &EngineProcess::finished, this,
            [this](const EngineEnd& end) { emit ended(end, detachRequested_); });
}

bool AttachSession::attach(int pid, double rateHz) {
    if (engine_.isRunning()) detach();
    pid_ = pid;
    processCount_ = 0;
    threadCount_ = 0;
    detachRequested_ = false;
    return engine_.start({QStringLiteral("watch"), QStringLiteral("--pid"), QString::number(pid),
                          QStringLiteral("--rate"), QString::number(rateHz), QStringLiteral("--findings"),
                          QStringLiteral("--events"), QStringLiteral("-")},
                         EngineProcess::Output::Events);
}

void AttachSession::detach() {
    if (!engine_.isRunning()) return;
    detachRequested_ = true;
    engine_.stop();
}

} // namespace oversub::ui
