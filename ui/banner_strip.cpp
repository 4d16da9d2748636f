#include "banner_strip.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>

#include <algorithm>

namespace oversub::ui {
namespace {
constexpr int kMinCapPx = 120; // a small window still shows a few lines before scrolling
}

BannerStrip::BannerStrip(const QString& objectName, const QString& closeToolTip, std::optional<ColorRole> background,
                         QWidget* parent)
    : QWidget(parent), background_(background) {
    setObjectName(objectName);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    text_ = new QLabel;
    text_->setObjectName(objectName + QStringLiteral("Text"));
    text_->setWordWrap(true);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // The strip paints its own background; the scroll area stays transparent.
    scroll_ = new QScrollArea(this);
    scroll_->setFrameShape(QFrame::NoFrame);
    scroll_->setWidgetResizable(true);
    scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll_->setWidget(text_);
    scroll_->viewport()->setAutoFillBackground(false);
    text_->setAutoFillBackground(false);
    scroll_->viewport()->installEventFilter(this);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("\u2715"));
    close->setToolTip(closeToolTip);
    close->setAutoRaise(true);
    connect(close, &QToolButton::clicked, this, [this] { dismiss(); });
    layout->addWidget(scroll_, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setVisible(false);
}

void BannerStrip::dismiss() { setVisible(false); }

void BannerStrip::setStripText(const QString& text, Qt::TextFormat format) {
    text_->setTextFormat(format);
    text_->setText(text);
    fitHeight();
}

int BannerStrip::textHeightNeeded() const {
    const int width = std::max(50, scroll_->viewport()->width());
    const int height = text_->heightForWidth(width); // -1 for a label that does not wrap (empty)
    return std::max(0, height >= 0 ? height : text_->sizeHint().height());
}

int BannerStrip::maxTextHeight() const {
    const QWidget* top = window();
    return std::max(kMinCapPx, (top && top != this ? top->height() : 600) / 3);
}

void BannerStrip::fitHeight() {
    const int wanted = std::min(textHeightNeeded(), maxTextHeight());
    if (scroll_->height() != wanted || scroll_->minimumHeight() != wanted) scroll_->setFixedHeight(wanted);
}

bool BannerStrip::eventFilter(QObject* watched, QEvent* event) {
    // A new width re-wraps the text: fit the height again.
    // A taller or shorter window moves the cap.
    if (event->type() == QEvent::Resize && (watched == scroll_->viewport() || watched == window())) fitHeight();
    return QWidget::eventFilter(watched, event);
}

void BannerStrip::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (window() != this) window()->installEventFilter(this);
    fitHeight();
}

void BannerStrip::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QPalette& pal = palette();
    painter.fillRect(rect(), background_ ? UiPalette::fromPalette(pal).color(*background_)
                                         : pal.color(QPalette::AlternateBase));
}

} // namespace oversub::ui
