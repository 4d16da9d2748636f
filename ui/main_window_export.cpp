// Exports: any chart or the whole window to PNG, the run table and the
// sample series to CSV, the experiment with its results to JSON. CSV and
// JSON go through core's writers (the CLI's --csv/--out use the same ones);
// every file is written atomically.
#include "main_window.h"

#include "live_view.h"

#include "charts/chart_export.h"
#include "charts/chart_panel.h"
#include "charts/heat_map.h"
#include "error_banner.h"
#include "util/atomic_file.h"
#include "export/results.h"
#include "models/run_store.h"
#include "panel/knob_panel.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QTabWidget>

namespace oversub::ui {

ChartPanel* MainWindow::currentChart() const { return qobject_cast<ChartPanel*>(chartTabs_->currentWidget()); }

bool MainWindow::exportChartPng(ChartPanel* chart, const QString& path, const QSize& size) {
    try {
        savePng(renderChart(chart, size), path);
        statusText_->setText(tr("Saved %1 (%2x%3)").arg(path).arg(size.width()).arg(size.height()));
        return true;
    } catch (const std::exception& e) {
        showProblem(tr("Could not export the chart: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

bool MainWindow::exportWindowPng(const QString& path) {
    // Settle pending layouts first (a banner that just grew with its text),
    // so the file shows what the screen will.
    for (int pass = 0; pass < 3; ++pass) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
    try {
        savePng(renderWidget(this), path);
        statusText_->setText(tr("Saved %1").arg(path));
        return true;
    } catch (const std::exception& e) {
        showProblem(tr("Could not export the window: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

bool MainWindow::exportRunTableCsv(const QString& path) {
    try {
        writeResultsCsv(path.toStdString(), store_->results(panel_->experiment()));
        statusText_->setText(tr("Saved %1").arg(path));
        return true;
    } catch (const std::exception& e) {
        showProblem(tr("Could not export the run table: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

bool MainWindow::exportSamplesCsv(const QString& path) {
    try {
        writeFileAtomically(path.toStdString(), live_->history().toCsv());
        statusText_->setText(tr("Saved %1").arg(path));
        return true;
    } catch (const std::exception& e) {
        showProblem(tr("Could not export the samples: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

bool MainWindow::exportResultsJson(const QString& path) {
    try {
        writeResultsJson(path.toStdString(), store_->results(panel_->isSweepValid() ? panel_->sweepExperiment()
                                                                                     : panel_->experiment()));
        statusText_->setText(tr("Saved %1").arg(path));
        return true;
    } catch (const std::exception& e) {
        showProblem(tr("Could not export the results: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

void MainWindow::askPathAndExport(const QString& title, const QString& filter, const QString& suffix,
                                  const std::function<void(const QString&)>& write) {
    QString path = QFileDialog::getSaveFileName(this, title, QString(), filter);
    if (path.isEmpty()) return;
    if (!path.endsWith(suffix, Qt::CaseInsensitive)) path += suffix;
    write(path);
}

bool MainWindow::exportCurrentChartPng(const QString& path, const QSize& size) {
    if (ChartPanel* chart = currentChart()) return exportChartPng(chart, path, size);
    if (chartTabs_->currentWidget() != heatMap_) return false;
    try {
        savePng(heatMap_->renderImage(size), path);
        statusText_->setText(tr("Saved %1 (%2x%3)").arg(path).arg(size.width()).arg(size.height()));
        return true;
    } catch (const std::exception& e) {
        showProblem(tr("Could not export the heat map: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

void MainWindow::askExportChart(ChartPanel* chart) {
    // Ctrl+E exports the current tab, the heat map included.
    QWidget* target = chart ? static_cast<QWidget*>(chart) : chartTabs_->currentWidget();
    if (!target || (!chart && !currentChart() && target != heatMap_)) return;
    const QString title = chart ? chart->title() : chartTabs_->tabText(chartTabs_->currentIndex());
    QDialog dialog(this);
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
