#pragma once
// Machine > Connect to a server...: asks for [user@]host[:port] and, when
// oversub-cli is not on that host's PATH, its path there; the answer is
// checked as --remote and --remote-engine are (engine/engine_target.h), and
// a bad one is named in the dialog, which stays open.

#include "engine/engine_target.h"

#include <QDialog>

#include <optional>

class QLabel;
class QLineEdit;

namespace oversub::ui {

class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectDialog(const std::optional<RemoteEngine>& current, QWidget* parent = nullptr);

    // Valid once accepted.
    const RemoteEngine& remote() const { return remote_; }

    // What the fields would give: the remote, or the reason in `error` (field, value, what is allowed).
    static std::optional<RemoteEngine> parseFields(const QString& host, const QString& enginePath, QString* error);

private:
    void tryAccept();

    QLineEdit* host_;
    QLineEdit* enginePath_;
    QLabel* error_;
    RemoteEngine remote_;
};

} // namespace oversub::ui
