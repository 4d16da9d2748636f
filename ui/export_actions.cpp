#include "export_actions.h"

#include "charts/chart_export.h"
#include "charts/chart_panel.h"
#include "charts/heat_map.h"
#include "export/results.h"
#include "models/run_store.h"
#include "models/sample_history.h"
#include "util/atomic_file.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QKeySequence>
#include <QMenu>
#include <QSpinBox>
#include <QTabWidget>

namespace oversub::ui {
namespace {

QString sizeText(const QSize& size) { return QStringLiteral(" (%1x%2)").arg(size.width()).arg(size.height()); }

} // namespace

ExportActions::ExportActions(Sources sources, QObject* parent) : QObject(parent), sources_(std::move(sources)) {}

void ExportActions::fillMenu(QMenu* menu) {
    menu->addAction(tr("Current &chart to PNG..."), QKeySequence(QStringLiteral("Ctrl+E")), this,
                    [this] { askExportChart(nullptr); });
    menu->addAction(tr("&Window to PNG..."), QKeySequence(QStringLiteral("Ctrl+Shift+E")), this, [this] {
        askPathAndExport(tr("Export window"), tr("PNG images (*.png)"), QStringLiteral(".png"),
                         [this](const QString& path) { exportWindowPng(path); });
    });
    menu->addAction(tr("&Run table to CSV..."), this, [this] {
        askPathAndExport(tr("Export run table"), tr("CSV (*.csv)"), QStringLiteral(".csv"),
                         [this](const QString& path) { exportRunTableCsv(path); });
    });
    menu->addAction(tr("&Samples to CSV..."), this, [this] {
        askPathAndExport(tr("Export samples"), tr("CSV (*.csv)"), QStringLiteral(".csv"),
                         [this](const QString& path) { exportSamplesCsv(path); });
    });
    menu->addAction(tr("Experiment and results to &JSON..."), this, [this] {
        askPathAndExport(tr("Export results"), tr("JSON (*.json)"), QStringLiteral(".json"),
                         [this](const QString& path) { exportResultsJson(path); });
    });
}

bool ExportActions::report(const QString& what, const QString& path, const QString& detail,
                           const std::function<void()>& write) {
    try {
        write();
        emit statusChanged(tr("Saved %1%2").arg(path, detail));
        return true;
    } catch (const std::exception& e) {
        emit problem(tr("Could not export the %1: %2").arg(what, QString::fromUtf8(e.what())));
        return false;
    }
}

ChartPanel* ExportActions::currentChart() const {
    return qobject_cast<ChartPanel*>(sources_.chartTabs->currentWidget());
}

bool ExportActions::exportChartPng(ChartPanel* chart, const QString& path, const QSize& size) {
    return report(tr("chart"), path, sizeText(size), [&] { savePng(renderChart(chart, size), path); });
}

bool ExportActions::exportCurrentChartPng(const QString& path, const QSize& size) {
    if (ChartPanel* chart = currentChart()) return exportChartPng(chart, path, size);
    if (sources_.chartTabs->currentWidget() != sources_.heatMap) return false;
    return report(tr("heat map"), path, sizeText(size), [&] { savePng(sources_.heatMap->renderImage(size), path); });
}

bool ExportActions::exportWindowPng(const QString& path) {
    // Settle pending layouts first (a banner that just grew with its text),
    // so the file shows what the screen will.
    for (int pass = 0; pass < 3; ++pass) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
    return report(tr("window"), path, {}, [&] { savePng(renderWidget(sources_.window), path); });
}

bool ExportActions::exportRunTableCsv(const QString& path) {
    return report(tr("run table"), path, {},
                  [&] { writeResultsCsv(path.toStdString(), sources_.store->results(sources_.experiment())); });
}

bool ExportActions::exportSamplesCsv(const QString& path) {
    return report(tr("samples"), path, {}, [&] { writeFileAtomically(path.toStdString(), sources_.samples->toCsv()); });
}

bool ExportActions::exportResultsJson(const QString& path) {
    return report(tr("results"), path, {},
                  [&] { writeResultsJson(path.toStdString(), sources_.store->results(sources_.experiment())); });
}

void ExportActions::askPathAndExport(const QString& title, const QString& filter, const QString& suffix,
                                     const std::function<void(const QString&)>& write) {
    QString path = QFileDialog::getSaveFileName(sources_.window, title, QString(), filter);
    if (path.isEmpty()) return;
    if (!path.endsWith(suffix, Qt::CaseInsensitive)) path += suffix;
    write(path);
}

void ExportActions::askExportChart(ChartPanel* chart) {
    // Ctrl+E exports the current tab, the heat map included.
    QTabWidget* tabs = sources_.chartTabs;
    QWidget* target = chart ? static_cast<QWidget*>(chart) : tabs->currentWidget();
    if (!target || (!chart && !currentChart() && target != sources_.heatMap)) return;
    const QString title = chart ? chart->title() : tabs->tabText(tabs->currentIndex());
    QDialog dialog(sources_.window);
    dialog.setWindowTitle(tr("Export %1 to PNG").arg(title));
    auto* form = new QFormLayout(&dialog);
    auto* width = new QSpinBox(&dialog);
    auto* height = new QSpinBox(&dialog);
    width->setRange(200, 8000);
    height->setRange(150, 8000);
    width->setValue(std::max(800, target->width()));
    height->setValue(std::max(500, target->height()));
    width->setSuffix(tr(" px"));
    height->setSuffix(tr(" px"));
    form->addRow(tr("width"), width);
    form->addRow(tr("height"), height);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted) return;
    const QSize size(width->value(), height->value());
    askPathAndExport(tr("Export chart"), tr("PNG images (*.png)"), QStringLiteral(".png"), [&](const QString& path) {
        if (chart) exportChartPng(chart, path, size);
        else exportCurrentChartPng(path, size);
    });
}

} // namespace oversub::ui
