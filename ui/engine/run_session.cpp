#include "engine/run_session.h"

#include "engine/recordings.h"

#include "experiment/file_trust.h"
#include "models/run_store.h"

namespace oversub::ui {
namespace {

bool runsACommand(const Experiment& experiment) { return !commandsOf(experiment).empty(); }

} // namespace

RunSession::RunSession(RunStore* store, QObject* parent)
    : QObject(parent), store_(store), journalDirectory_(oversub::ui::journalDirectory()) {
    EventDecoder& events = engine_.events();
    connect(&events, &EventDecoder::hello, this, [this](const events::Hello& e) { store_->add(e); });
    connect(&events, &EventDecoder::sweepStarted, this, [this](const events::SweepStarted& e) {
        store_->add(e);
        runsTotal_ = std::max(1, e.runsTotal);
        updateProgress();
    });
    connect(&events, &EventDecoder::runStarted, this, [this](const events::RunStarted& e) {
        store_->add(e);
        tasksDone_ = 0;
        if (e.experiment.is_object() && e.experiment.contains("tasks") && e.experiment["tasks"].is_number_integer())
            tasksPerRun_ = std::max<int64_t>(1, e.experiment["tasks"].get<int64_t>());
        emit runStarted(e);
        updateProgress();
    });
    connect(&events, &EventDecoder::workerReady, this, [this](const events::WorkerReady& e) {
        store_->add(e);
        emit workerReady(e);
    });
    connect(&events, &EventDecoder::sample, this, [this](const events::Sample& e) { emit sample(e); });
    connect(&events, &EventDecoder::taskDone, this, [this](const events::TaskDone& e) {
        store_->add(e);
        ++tasksDone_;
        updateProgress();
    });
    connect(&events, &EventDecoder::runDone, this, [this](const events::RunDone& e) {
        const size_t before = store_->runs().size();
        store_->add(e);
        ++runsDone_;
        tasksDone_ = 0;
        updateProgress();
        if (store_->runs().size() > before) {
            const int index = static_cast<int>(store_->runs().size()) - 1;
            store_->setRecording(index, recordingPath_, e.run);
            emit runStored(index);
        }
    });
    connect(&events, &EventDecoder::error, this, [this](const events::Error& e) {
        store_->add(e);
        emit workerError(e);
    });
    connect(&events, &EventDecoder::progress, this, [this](const events::Progress& e) {
        store_->add(e);
        runsTotal_ = std::max(1, e.runsTotal);
        runsDone_ = e.runsDone;
        updateProgress();
    });
    connect(&events, &EventDecoder::sweepDone, this, [this](const events::SweepDone& e) {
        store_->add(e);
        emit sweepFinished(e);
    });
    connect(&engine_, &EngineProcess::finished, this, [this](const EngineEnd& end) {
        EngineEnd out = end;
        if (cancelRequested_) out.cancelled = true;
        // A normal end keeps nothing; after an engine crash the journal
        // stays until the window ends cleanly (or the next invocation).
        if (out.ok || out.cancelled) journal_.reset();
        emit ended(out);
    });
}

// The window's clean end: the journal is removed (members, in reverse order),
// then the engine is stopped by its own destructor.
RunSession::~RunSession() { engine_.disconnect(this); }

QStringList RunSession::withJournal(QStringList arguments) {
    journal_.reset(); // an earlier invocation's journal: its runs are in the table
    if (journalDirectory_.isEmpty()) return arguments;
    journal_ = std::make_unique<SessionJournal>(journalDirectory_);
    if (!journal_->path().isEmpty()) arguments << QStringLiteral("--journal") << journal_->path();
    return arguments;
}

void RunSession::prepare(Kind kind, const Experiment& experiment) {
    kind_ = kind;
    runsTotal_ = 1;
    runsDone_ = 0;
    tasksDone_ = 0;
    tasksPerRun_ = std::max<int64_t>(1, experiment.tasks);
    cancelRequested_ = false;
    // Recorded for replay, beside the journals.
    recordingPath_.clear();
    if (const QString directory = recordingsDirectory(journalDirectory_); !directory.isEmpty()) {
        pruneRecordings(directory, kKeptRecordings - 1);
        recordingPath_ = newRecordingPath(directory);
    }
    engine_.setRecordingFile(recordingPath_);
}

bool RunSession::start(Kind kind, const Experiment& experiment) {
    prepare(kind, experiment);
    Experiment toRun = experiment;
    if (kind == Kind::Run) toRun.sweep = {};
    // The engine takes the test-only fault knob from its flag, never from a file.
    const std::string fault = toRun.fault;
    toRun.fault.clear();
    // The experiment goes to the engine's stdin: no temporary folder that a
    // killed window would leave in /tmp.
    const QByteArray experimentJson = QByteArray::fromStdString(experimentFileText(toRun));
    store_->beginInvocation();
    updateProgress();
    QStringList arguments{kind == Kind::Run ? QStringLiteral("run") : QStringLiteral("sweep"),
                          QStringLiteral("--experiment"), QStringLiteral("/dev/stdin"), QStringLiteral("--events"),
                          QStringLiteral("-")};
    // The engine refuses a command read from a file unless told it is
    // wanted: the window only holds commands typed in it or allowed when
    // their file was opened (MainWindow::consentToCommandOf).
    if (runsACommand(toRun)) arguments << QStringLiteral("--allow-command");
    if (!fault.empty()) arguments << QStringLiteral("--fault") << QString::fromStdString(fault);
    return engine_.start(withJournal(arguments), EngineProcess::Output::Events, experimentJson);
}

bool RunSession::startPreset(const QString& presetName, const Experiment& experiment) {
    prepare(Kind::Sweep, experiment);
    store_->beginInvocation();
    updateProgress();
    return engine_.start(withJournal({QStringLiteral("sweep"), QStringLiteral("--preset"), presetName,
                                      QStringLiteral("--events"), QStringLiteral("-")}),
                         EngineProcess::Output::Events);
}

void RunSession::cancel() {
    if (!engine_.isRunning()) return;
    cancelRequested_ = true;
    engine_.stop();
}

void RunSession::updateProgress() {
    const double inRun = std::min(1.0, static_cast<double>(tasksDone_) / static_cast<double>(tasksPerRun_));
    const double fraction = std::min(1.0, (runsDone_ + inRun) / runsTotal_);
    emit progressed(fraction, runsTotal_ > 1
                                  ? tr("run %1 of %2").arg(std::min(runsDone_ + 1, runsTotal_)).arg(runsTotal_)
                                  : tr("%1 of %2 tasks").arg(tasksDone_).arg(tasksPerRun_));
}

} // namespace oversub::ui
