#include "error_banner.h"

#include <QLabel>

namespace oversub::ui {

ErrorBanner::ErrorBanner(QWidget* parent)
    : BannerStrip(QStringLiteral("errorBanner"), tr("Dismiss"), ColorRole::Banner, parent) {}

void ErrorBanner::showMessage(const QString& message) {
    setStripText(message, Qt::PlainText);
    setVisible(true);
}

void ErrorBanner::addMessage(const QString& message) {
    const QString before = this->message();
    if (before.split(QLatin1Char('\n')).contains(message)) return;
    showMessage(before.isEmpty() ? message : before + QLatin1Char('\n') + message);
}

void ErrorBanner::clear() {
    setStripText(QString(), Qt::PlainText);
    setVisible(false);
}

QString ErrorBanner::message() const { return isHidden() ? QString() : label()->text(); }

} // namespace oversub::ui
