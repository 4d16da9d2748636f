#pragma once
// A throwaway sshd on 127.0.0.1 for the remote-engine tests: host and user
// keys made in a temporary folder, a free high port, the current user
// allowed in with the user key only, and an ssh_config naming it
// `kSshTestHost`, which the window's ssh reads through
// OVERSUB_SSH_OPTIONS="-F <config>". sshd runs in the foreground as the
// test's child and is killed with its folder when the object goes.

#include <QDir>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace oversub::ui::test {

inline constexpr const char* kSshTestHost = "oversub-test";
inline constexpr const char* kSshd = "/usr/sbin/sshd";

class SshServer {
public:
    SshServer() {
        if (!dir_.isValid() || !QFile::exists(QLatin1String(kSshd))) return;
        for (const char* key : {"host_key", "user_key"})
            if (QProcess::execute(QStringLiteral("ssh-keygen"),
                                  {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                   QStringLiteral("-N"), QString(), QStringLiteral("-f"), path(key)}) != 0)
                return;
        QFile::copy(path("user_key.pub"), path("authorized_keys"));
        port_ = freePort();
        const QString user = QString::fromLocal8Bit(::getpwuid(::getuid())->pw_name);
        write("sshd_config", QStringLiteral("Port %1\nListenAddress 127.0.0.1\nHostKey %2\nAuthorizedKeysFile %3\n"
                                            "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
                                            "StrictModes no\nPermitRootLogin prohibit-password\nAllowUsers %4\n"
                                            "PidFile %5\nLogLevel ERROR\n")
                                 .arg(port_)
                                 .arg(path("host_key"), path("authorized_keys"), user, path("sshd.pid")));
        write("ssh_config", QStringLiteral("Host %1\n  HostName 127.0.0.1\n  Port %2\n  User %3\n  IdentityFile %4\n"
                                           "  IdentitiesOnly yes\n  UserKnownHostsFile %5\n"
                                           "  StrictHostKeyChecking no\n  LogLevel ERROR\n")
                                .arg(QLatin1String(kSshTestHost))
                                .arg(port_)
                                .arg(user, path("user_key"), path("known_hosts")));
        if (::getuid() == 0) QDir().mkpath(QStringLiteral("/run/sshd")); // its privilege separation folder
        sshd_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        sshd_.start(QLatin1String(kSshd), {QStringLiteral("-D"), QStringLiteral("-f"), path("sshd_config")});
        if (!sshd_.waitForStarted(5000)) return;
        for (int attempt = 0; attempt < 200 && !ready_; ++attempt) {
            ready_ = accepts(port_);
            if (!ready_) QTest::qWait(25);
        }
    }
    ~SshServer() {
        if (sshd_.state() != QProcess::NotRunning) {
            sshd_.kill();
            sshd_.waitForFinished(5000);
        }
    }
    SshServer(const SshServer&) = delete;
    SshServer& operator=(const SshServer&) = delete;

    bool isReady() const { return ready_; }
    qint64 pid() const { return sshd_.processId(); }
    // For OVERSUB_SSH_OPTIONS.
    QString sshOptions() const { return QStringLiteral("-F ") + path("ssh_config"); }

    // A port the kernel just gave out; closed on return, so free a moment later.
    static quint16 freePort() {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address = loopback(0);
        socklen_t length = sizeof address;
        quint16 port = 0;
        if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
            port = ntohs(address.sin_port);
        ::close(fd);
        return port;
    }

private:
    QString path(const char* name) const { return dir_.filePath(QLatin1String(name)); }
    void write(const char* name, const QString& text) const {
        QFile f(path(name));
        if (f.open(QIODevice::WriteOnly)) f.write(text.toUtf8());
    }
    static sockaddr_in loopback(quint16 port) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return address;
    }
    static bool accepts(quint16 port) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const sockaddr_in address = loopback(port);
        const bool connected = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
        ::close(fd);
        return connected;
    }

    QTemporaryDir dir_;
    QProcess sshd_;
    quint16 port_ = 0;
    bool ready_ = false;
};

} // namespace oversub::ui::test
