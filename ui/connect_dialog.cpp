#include "connect_dialog.h"

#include "util/input_error.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace oversub::ui {
namespace {
constexpr int kMinimumWidthChars = 64;
} // namespace

ConnectDialog::ConnectDialog(const std::optional<RemoteEngine>& current, QWidget* parent)
    : QDialog(parent), host_(new QLineEdit), enginePath_(new QLineEdit), error_(new QLabel) {
    setWindowTitle(tr("Connect to a server"));
    host_->setObjectName(QStringLiteral("connectHost"));
    host_->setPlaceholderText(tr("alice@lab1.example.org or lab1:2222"));
    enginePath_->setObjectName(QStringLiteral("connectEnginePath"));
    enginePath_->setPlaceholderText(tr("oversub-cli (on the host's PATH)"));
    if (current) {
        host_->setText(current->describe());
        enginePath_->setText(current->enginePath);
    }
    error_->setObjectName(QStringLiteral("connectError"));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    error_->hide();
    auto* explanation = new QLabel(tr("Oversub starts oversub-cli on the host through your ssh (its keys, agent "
                                      "and ~/.ssh/config). It never asks for a password."));
    explanation->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("&Host:"), host_);
    form->addRow(tr("&Engine on the host:"), enginePath_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::tryAccept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Wide enough for a host name and the placeholder without wrapping every word.
    setMinimumWidth(fontMetrics().averageCharWidth() * kMinimumWidthChars);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(error_);
    layout->addWidget(buttons);
}

std::optional<RemoteEngine> ConnectDialog::parseFields(const QString& host, const QString& enginePath, QString* error) {
    try {
        RemoteEngine remote = parseRemote(host.trimmed());
        if (!enginePath.trimmed().isEmpty()) remote.enginePath = enginePath.trimmed();
        return remote;
    } catch (const InputError& e) {
        // Named as the dialog names the field, not as the command line does.
        if (error)
            *error =
                tr("Host: '%1' is not allowed (allowed: %2)").arg(host.trimmed(), QString::fromStdString(e.allowed()));
        return std::nullopt;
    }
}

void ConnectDialog::tryAccept() {
    QString error;
    const auto remote = parseFields(host_->text(), enginePath_->text(), &error);
    if (!remote) {
        error_->setText(error);
        error_->show();
        host_->setFocus();
        return;
    }
    remote_ = *remote;
    accept();
}

} // namespace oversub::ui
