#pragma once
// Where the window's engine runs: here (the oversub-cli engine_path.h
// finds), or on another machine through the system's ssh client, with the
// user's keys, agent and ~/.ssh/config (no password is ever asked for or
// stored: BatchMode). The window speaks to a remote engine exactly as to a
// local one: the same arguments, the experiment on stdin, the event stream
// on stdout. Stopping the local ssh closes the connection; the remote
// engine then meets a closed stdout (EPIPE) and stops its run cleanly.

#include <QString>
#include <QStringList>

#include <optional>

namespace oversub::ui {

inline constexpr int kSshConnectTimeoutSeconds = 10;
// ssh's own exit status when it could not connect or lost the connection
// (ssh(1)); the remote shell's when a command is not found.
inline constexpr int kSshFailedStatus = 255;
inline constexpr int kCommandNotFoundStatus = 127;

struct RemoteEngine {
    QString destination; // "[user@]host", as ssh takes it
    int port = 0; // 0: ssh's own choice (~/.ssh/config, else 22)
    QString enginePath = QStringLiteral("oversub-cli"); // on the host: a name on its PATH, or a path
    // Extra ssh options, from $OVERSUB_SSH_OPTIONS (e.g. "-F /path/ssh_config").
    QStringList sshOptions;
    QString describe() const; // "user@host:2222"
};

// "[user@]host[:port]" (an IPv6 address in brackets: "[::1]:2222"). Throws
// InputError naming --remote, the value and what is allowed.
RemoteEngine parseRemote(const QString& text);

// The engine every EngineProcess of this window starts from now on; nullopt: this machine.
void setRemoteEngine(std::optional<RemoteEngine> remote);
const std::optional<RemoteEngine>& remoteEngine();

struct EngineCommand {
    QString program;
    QStringList arguments;
};

// What to start so that `oversub-cli arguments...` runs where the engine is:
// the local engine itself, or ssh with the remote command line quoted for
// the remote shell. `localEnginePath` is used only for a local engine.
EngineCommand engineCommand(const QString& localEnginePath, const QStringList& arguments);

// One word for a POSIX shell: 'text', with each ' written '\''.
QString shellQuote(const QString& text);

} // namespace oversub::ui
