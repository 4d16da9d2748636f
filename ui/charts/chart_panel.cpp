#include "charts/chart_panel.h"

#include "ui_palette.h"

#include <QContextMenuEvent>
#include <QLegend>
#include <QMenu>
#include <QPainter>

namespace oversub::ui {

ChartPanel::ChartPanel(const QString& title, QWidget* parent) : QChartView(new QChart, parent), title_(title) {
    setRenderHint(QPainter::Antialiasing);
    setObjectName(title);
    chart()->setTitle(title);
    chart()->legend()->setAlignment(Qt::AlignBottom);
    chart()->setMargins(QMargins(4, 4, 4, 4));
    chart()->setAnimationOptions(QChart::NoAnimation);
    setMinimumSize(260, 200);
    applyTheme();
}

void ChartPanel::applyTheme() {
    const bool dark = UiPalette::fromPalette(palette()).scheme() == Scheme::Dark;
    chart()->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart()->setBackgroundRoundness(0);
    QFont legendFont = font();
    chart()->legend()->setFont(legendFont);
    QFont titleFont = font();
    titleFont.setBold(true);
    chart()->setTitleFont(titleFont);
}

void ChartPanel::changeEvent(QEvent* event) {
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyTheme();
        restyle();
    }
}

void ChartPanel::setPlaceholder(const QString& text) {
    placeholder_ = text;
    viewport()->update();
}

void ChartPanel::paintEvent(QPaintEvent* event) {
    QChartView::paintEvent(event);
    if (placeholder_.isEmpty()) return;
    QPainter painter(viewport());
    painter.setPen(UiPalette::fromPalette(palette()).color(ColorRole::TextDim));
    painter.drawText(chart()->plotArea(), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
}

void ChartPanel::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    menu.addAction(tr("Export PNG..."), this, [this] { emit exportRequested(this); });
    menu.exec(event->globalPos());
}

} // namespace oversub::ui
