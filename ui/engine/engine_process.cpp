#include "engine/engine_process.h"

#include "analysis/launch_affinity.h"
#include "engine/engine_path.h"
#include "engine/engine_target.h"

#include <QProcessEnvironment>

#include <unistd.h>

namespace oversub::ui {
namespace {
constexpr qsizetype kStderrKeepBytes = qsizetype{64} * 1024; // enough for the last messages
}

EngineProcess::EngineProcess(QObject* parent) : QObject(parent) {
    killTimer_.setSingleShot(true);
    connect(&killTimer_, &QTimer::timeout, this, [this] {
        if (process_ && process_->state() != QProcess::NotRunning) process_->kill();
    });
}

EngineProcess::~EngineProcess() {
    if (!process_) return;
    process_->disconnect(this);
    if (process_->state() != QProcess::NotRunning) {
        process_->terminate();
        if (!process_->waitForFinished(1000)) {
            process_->kill();
            process_->waitForFinished(1000);
        }
    }
}

bool EngineProcess::isRunning() const { return process_ && process_->state() != QProcess::NotRunning; }

void EngineProcess::retire() {
    if (!process_) return;
    QProcess* old = process_;
    process_ = nullptr;
    killTimer_.stop();
    old->disconnect(this);
    if (old->state() == QProcess::NotRunning) {
        old->deleteLater();
        return;
    }
    // Reaped when it ends; nothing of it reaches this object any more.
    connect(old, &QProcess::finished, old, &QObject::deleteLater);
    old->kill();
}

bool EngineProcess::start(const QStringList& arguments, Output output, const QByteArray& input) {
    retire();
    enginePath_ = resolveEnginePath();
    arguments_ = arguments;
    output_ = output;
    document_.clear();
    stderr_.clear();
    decoder_.reset();
    stopRequested_ = false;
    finishedEmitted_ = false;
    closeRecording();
    if (!recordingPath_.isEmpty() && output == Output::Events) {
        recording_ = std::make_unique<QFile>(recordingPath_);
        if (!recording_->open(QIODevice::WriteOnly | QIODevice::Truncate)) recording_.reset();
    }
    recordingPath_.clear();
    if (enginePath_.isEmpty() && !remoteEngine()) {
        finish({false, false, engineNotFoundMessage()});
        return false;
    }
    const EngineCommand command = engineCommand(enginePath_, arguments);
    process_ = new QProcess(this);
    process_->setProgram(command.program);
    process_->setArguments(command.arguments);
    process_->setProcessChannelMode(QProcess::SeparateChannels);
    // The engine's parent is this window; its advice names the window's launcher.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(analysis::kLauncherPidVariable), QString::number(::getppid()));
    process_->setProcessEnvironment(environment);
    connect(process_, &QProcess::readyReadStandardOutput, this, &EngineProcess::onReadyStdout);
    connect(process_, &QProcess::readyReadStandardError, this, [this] {
        stderr_ += process_->readAllStandardError();
        if (stderr_.size() > kStderrKeepBytes) stderr_ = stderr_.right(kStderrKeepBytes);
    });
    connect(process_, &QProcess::finished, this, &EngineProcess::onFinished);
    connect(process_, &QProcess::errorOccurred, this, &EngineProcess::onErrorOccurred);
    if (input.isEmpty()) {
        process_->start(QIODevice::ReadOnly);
        return true;
    }
    process_->start(QIODevice::ReadWrite);
    process_->write(input);
    process_->closeWriteChannel(); // written out once started, then EOF
    return true;
}

void EngineProcess::stop(int killAfterMs) {
    if (!isRunning()) return;
    stopRequested_ = true;
    process_->terminate();
    killTimer_.start(killAfterMs);
}

void EngineProcess::closeRecording() {
    if (recording_) recording_->close();
    recording_.reset();
}

void EngineProcess::onReadyStdout() {
    const QByteArray chunk = process_->readAllStandardOutput();
    if (recording_ && !chunk.isEmpty() && recording_->write(chunk) != chunk.size())
        closeRecording(); // disk full: give up
    if (output_ == Output::Document) document_ += chunk;
    else decoder_.feed(chunk);
}

void EngineProcess::onFinished(int exitCode, QProcess::ExitStatus status) {
    killTimer_.stop();
    onReadyStdout();
    stderr_ += process_->readAllStandardError();
    if (output_ == Output::Events) decoder_.finish();
    const EngineEnd end = describeEngineEnd(exitCode, status, stopRequested_, stderrText());
    if (end.ok && output_ == Output::Document) emit documentReady(document_);
    finish(end);
}

void EngineProcess::onErrorOccurred(QProcess::ProcessError error) {
    // Crashes arrive through finished(); only a failed start ends here.
    if (error != QProcess::FailedToStart) return;
    killTimer_.stop();
    finish({false, false, tr("could not start the engine %1: %2").arg(enginePath_, process_->errorString())});
}

void EngineProcess::finish(const EngineEnd& end) {
    if (finishedEmitted_) return;
    closeRecording();
    finishedEmitted_ = true;
    emit finished(end);
}

} // namespace oversub::ui
