#include "error_banner.h"

#include <QLabel>

namespace oversub::ui {

ErrorBanner::ErrorBanner(QWidget* parent)
    : BannerStrip(QStringLiteral("errorBanner"), tr("Dismiss"), ColorRole::Banner, parent) {}

void ErrorBanner::showMessage(const QString& message) {
    setStripText(message, Qt::PlainText);
    setVisible(true);
}

void ErrorBanner::clear() {
    setStripText(QString(), Qt::PlainText);
    setVisible(false);
}

QString ErrorBanner::message() const { return isHidden() ? QString() : label()->text(); }

} // namespace oversub::ui
