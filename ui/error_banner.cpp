#include "error_banner.h"

#include "ui_palette.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace oversub::ui {

ErrorBanner::ErrorBanner(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("errorBanner"));
    setAutoFillBackground(true);
    QPalette pal = palette();
    const UiPalette colours = UiPalette::fromPalette(pal);
    pal.setColor(QPalette::Window, colours.color(ColorRole::Banner));
    pal.setColor(QPalette::WindowText, colours.color(ColorRole::Text));
    setPalette(pal);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    text_ = new QLabel(this);
    text_->setWordWrap(true);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("\u2715"));
    close->setToolTip(tr("Dismiss"));
    close->setAutoRaise(true);
    connect(close, &QToolButton::clicked, this, &ErrorBanner::clear);
    layout->addWidget(text_, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    setVisible(false);
}

void ErrorBanner::showMessage(const QString& message) {
    text_->setText(message);
    setVisible(true);
}

void ErrorBanner::clear() {
    text_->clear();
    setVisible(false);
}

QString ErrorBanner::message() const { return isHidden() ? QString() : text_->text(); }

} // namespace oversub::ui
