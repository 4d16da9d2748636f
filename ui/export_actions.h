#pragma once
// File > Export: any chart (or the heat map) or the whole window to PNG,
// the run table and the sample series to CSV, the experiment with its
// results to JSON. CSV and JSON go through core's writers (the CLI's --csv
// and --out use the same ones); every file is written atomically. Each
// export reports what it saved, or why not, and returns whether it did.

#include "experiment/experiment.h"

#include <QObject>
#include <QSize>
#include <QString>

#include <functional>

class QMenu;
class QTabWidget;
class QWidget;

namespace oversub::ui {

class ChartPanel;
class HeatMapView;
class RunStore;
class SampleHistory;

class ExportActions : public QObject {
    Q_OBJECT
public:
    struct Sources {
        QWidget* window = nullptr; // the window PNG, and the dialogs' parent
        QTabWidget* chartTabs = nullptr; // "the current chart"
        HeatMapView* heatMap = nullptr;
        const RunStore* store = nullptr;
        const SampleHistory* samples = nullptr;
        std::function<Experiment()> experiment; // what the results are of
    };
    explicit ExportActions(Sources sources, QObject* parent = nullptr);

    // The Export submenu's entries, with Ctrl+E and Ctrl+Shift+E.
    void fillMenu(QMenu* menu);

    bool exportChartPng(ChartPanel* chart, const QString& path, const QSize& size);
    bool exportCurrentChartPng(const QString& path, const QSize& size); // a chart or the heat map
    bool exportWindowPng(const QString& path);
    bool exportRunTableCsv(const QString& path);
    bool exportSamplesCsv(const QString& path);
    bool exportResultsJson(const QString& path);

    // Asks for the size, then the file, and exports `chart` (null: the current tab).
    void askExportChart(ChartPanel* chart);
    // Asks for a file (adding `suffix` when missing) and calls `write` with it.
    void askPathAndExport(const QString& title, const QString& filter, const QString& suffix,
                          const std::function<void(const QString&)>& write);

signals:
    void statusChanged(const QString& text);
    void problem(const QString& text);

private:
    ChartPanel* currentChart() const;
    // Runs `write`, reporting "Saved PATH" + `detail` or "Could not export the WHAT: why".
    bool report(const QString& what, const QString& path, const QString& detail, const std::function<void()>& write);

    Sources sources_;
};

} // namespace oversub::ui
