#pragma once
// Common frame of the window's charts: a QChartView themed after the system
// palette (dark or light), readable legend, and a right-click menu that
// exports the chart to PNG.

#include <QChartView>

namespace oversub::ui {

class ChartPanel : public QChartView {
    Q_OBJECT
public:
    explicit ChartPanel(const QString& title, QWidget* parent = nullptr);
    QString title() const { return title_; }
    // "A chart with nothing measured yet" text shown over the plot area.
    void setPlaceholder(const QString& text);

signals:
    void exportRequested(oversub::ui::ChartPanel* panel);

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;
    void applyTheme();
    // After a theme change (which resets every series' pen): charts put
    // their role colours and line styles back here.
    virtual void restyle() {}

private:
    QString title_;
    QString placeholder_;
};

} // namespace oversub::ui
