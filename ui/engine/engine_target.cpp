#include "engine/engine_target.h"

#include "util/input_error.h"

#include <QProcessEnvironment>
#include <QRegularExpression>

namespace oversub::ui {
namespace {

const char* const kSshOptionsVariable = "OVERSUB_SSH_OPTIONS";

std::optional<RemoteEngine>& current() {
    static std::optional<RemoteEngine> remote;
    return remote;
}

} // namespace

QString RemoteEngine::describe() const {
    return port > 0 ? QStringLiteral("%1:%2").arg(destination).arg(port) : destination;
}

RemoteEngine parseRemote(const QString& text) {
    // user@ (optional), then a host name, an IPv4 address or [IPv6], then :port (optional).
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(?:([A-Za-z0-9._-]+)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(\d{1,5}))?$)"));
    const auto match = pattern.match(text);
    const int port = match.captured(3).isEmpty() ? 0 : match.captured(3).toInt();
    if (!match.hasMatch() || port > 65535 || (!match.captured(3).isEmpty() && port == 0))
        throw InputError("--remote", text.toStdString(),
                         "[user@]host[:port], e.g. lab1, alice@lab1.example.org or alice@[::1]:2222 (port 1-65535)");
    RemoteEngine remote;
    QString host = match.captured(2);
    if (host.startsWith(QLatin1Char('['))) host = host.mid(1, host.size() - 2); // ssh takes an IPv6 address bare
    remote.destination = match.captured(1).isEmpty() ? host : match.captured(1) + QLatin1Char('@') + host;
    remote.port = port;
    const QString options = qEnvironmentVariable(kSshOptionsVariable);
    remote.sshOptions = options.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return remote;
}

void setRemoteEngine(std::optional<RemoteEngine> remote) { current() = std::move(remote); }

const std::optional<RemoteEngine>& remoteEngine() { return current(); }

QString shellQuote(const QString& text) {
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

EngineCommand engineCommand(const QString& localEnginePath, const QStringList& arguments) {
    const auto& remote = remoteEngine();
    if (!remote) return {localEnginePath, arguments};
    QStringList ssh{QStringLiteral("-T"), // no terminal: the stream stays bytes, not a tty's lines
                    QStringLiteral("-o"), QStringLiteral("BatchMode=yes"), // never a password prompt
                    QStringLiteral("-o"), QStringLiteral("ConnectTimeout=%1").arg(kSshConnectTimeoutSeconds),
                    // A connection that died unnoticed ends the run after about 15 s.
                    QStringLiteral("-o"), QStringLiteral("ServerAliveInterval=5"), QStringLiteral("-o"),
                    QStringLiteral("ServerAliveCountMax=3")};
    if (remote->port > 0) ssh << QStringLiteral("-p") << QString::number(remote->port);
    ssh << remote->sshOptions << QStringLiteral("--") << remote->destination;
    // ssh hands the remote shell one line: every word quoted for it.
    // A leading ~/ stays outside the quotes, so the remote shell expands it.
    const QString& path = remote->enginePath;
    QStringList line{path.startsWith(QLatin1String("~/")) ? QStringLiteral("~/") + shellQuote(path.mid(2))
                                                          : shellQuote(path)};
    for (const QString& argument : arguments) line << shellQuote(argument);
    ssh << line.join(QLatin1Char(' '));
    return {QStringLiteral("ssh"), ssh};
}

} // namespace oversub::ui
