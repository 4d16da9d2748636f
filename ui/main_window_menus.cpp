// The window's actions: menus, toolbar, shortcuts, about and shortcut help.
#include "main_window.h"

#include "connect_dialog.h"
#include "engine/recordings.h"
#include "journal_files.h"

#include "attach_controller.h"
#include "export_actions.h"
#include "models/run_store.h"
#include "presets_controller.h"
#include "results_view.h"
#include "run_controller.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

namespace oversub::ui {

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open experiment..."), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open experiment"), QString(),
                                                          tr("Experiments (*.json);;All files (*)"));
        if (!path.isEmpty()) openExperimentFile(path);
    });
    file->addAction(tr("&Save experiment..."), QKeySequence::Save, this, [this] {
        exports_->askPathAndExport(tr("Save experiment"), tr("Experiments (*.json)"), QStringLiteral(".json"),
                                   [this](const QString& path) { saveExperimentTo(path); });
    });
    file->addAction(tr("Open recorded &events..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open an event stream"), QString(),
                                                          tr("Event streams (*.jsonl);;All files (*)"));
        if (path.isEmpty()) return;
        try {
            const int added = store_->loadEventFile(path);
            if (added > 0) results_->selectLatest();
            statusBar()->showMessage(tr("Runs read from %1: %2").arg(path).arg(added), 5000);
        } catch (const std::exception& e) {
            showProblem(tr("Could not read the events: %1").arg(QString::fromUtf8(e.what())));
        }
    });
    file->addAction(tr("&Replay a recording..."), QKeySequence(QStringLiteral("Ctrl+R")), this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Replay a recording"), recordingsDirectory(journalDirectory()),
                                         tr("Event streams (*.jsonl);;All files (*)"));
        if (!path.isEmpty()) openReplay(path, -1);
    });
    file->addAction(tr("&Compare two recordings..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Compare: the first recording (A)"),
                                                          recordingsDirectory(journalDirectory()),
                                                          tr("Event streams (*.jsonl);;All files (*)"));
        if (!path.isEmpty()) openCompare(path, -1, QString(), -1);
    });
    file->addSeparator();
    exports_->fillMenu(file->addMenu(tr("&Export")));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(runs_->runAction());
    run->addAction(runs_->sweepAction());
    run->addAction(runs_->cancelAction());
    run->addSeparator();
    run->addAction(attach_->attachAction());
    run->addAction(attach_->detachAction());
    run->addSeparator();
    run->addAction(tr("C&lear run table"), this, [this] {
        if (runs_->isRunning()) return;
        store_->clear();
        results_->clear();
    });

    QMenu* machine = menuBar()->addMenu(tr("&Machine"));
    machine->setObjectName(QStringLiteral("machineMenu"));
    QAction* connectAction = machine->addAction(tr("&Connect to a server..."), this, [this] {
        ConnectDialog dialog(remoteEngine(), this);
        if (dialog.exec() == QDialog::Accepted && !useMachine(dialog.remote()))
            showProblem(tr("Connect: not while a run goes on or a process is attached"));
    });
    QAction* localAction = machine->addAction(tr("&Use this machine"), this, [this] {
        if (!useMachine(std::nullopt))
            showProblem(tr("Use this machine: not while a run goes on or a process is attached"));
    });
    // A what-if machine runs nothing, here or there.
    connect(machine, &QMenu::aboutToShow, this, [this, connectAction, localAction] {
        connectAction->setEnabled(!isWhatIf());
        localAction->setEnabled(!isWhatIf() && remoteEngine().has_value());
    });

    QMenu* presetsMenu = menuBar()->addMenu(tr("&Presets"));
    presetsMenu->setObjectName(QStringLiteral("presetsMenu"));
    presets_->fillMenu(presetsMenu);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    // In the order of the chart tabs.
    const QStringList names{tr("&Load chart"), tr("&Wall time chart"), tr("S&peedup chart"), tr("&Timeline chart"),
                            tr("&Heat map")};
    for (int i = 0; i < names.size(); ++i)
        view->addAction(names[i], QKeySequence(QStringLiteral("Alt+%1").arg(i + 1)), this,
                        [this, i] { chartTabs_->setCurrentIndex(i); });
    view->addSeparator();
    QAction* panelToggle = view->addAction(tr("&Configuration panel"));
    panelToggle->setCheckable(true);
    panelToggle->setChecked(true);
    connect(panelToggle, &QAction::toggled, this, [this](bool on) { topSplitter_->widget(0)->setVisible(on); });
    QAction* bottomToggle = view->addAction(tr("&Run table and findings"));
    bottomToggle->setCheckable(true);
    bottomToggle->setChecked(true);
    connect(bottomToggle, &QAction::toggled, this, [this](bool on) { results_->tables()->setVisible(on); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    help->addAction(tr("&About Oversub"), this, &MainWindow::showAbout);

    QToolBar* toolbar = addToolBar(tr("Run"));
    toolbar->setObjectName(QStringLiteral("runToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(runs_->runAction());
    toolbar->addAction(runs_->sweepAction());
    toolbar->addAction(runs_->cancelAction());
    toolbar->addSeparator();
    toolbar->addAction(attach_->attachAction());
    toolbar->addAction(attach_->detachAction());
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Oversub"),
                       tr("<b>Oversub %1</b><p>Why does parallel numeric code get slower when processes or "
                          "threads are added? Oversub runs the experiment for real in pinned worker processes "
                          "(through <tt>oversub-cli</tt>) and shows every core and worker thread live.</p>")
                           .arg(QStringLiteral(OVERSUB_VERSION)));
}

void MainWindow::showShortcuts() {
    QMessageBox::information(
        this, tr("Keyboard shortcuts"),
        tr("<table>"
           "<tr><td><b>F5</b></td><td>run the experiment</td></tr>"
           "<tr><td><b>F6</b></td><td>sweep workers x threads</td></tr>"
           "<tr><td><b>Esc</b></td><td>cancel the run, or detach</td></tr>"
           "<tr><td><b>Ctrl+T</b></td><td>attach to a running process</td></tr>"
           "<tr><td><b>Ctrl+Shift+T</b></td><td>detach from it (it keeps running)</td></tr>"
           "<tr><td><b>Ctrl+O</b></td><td>open an experiment</td></tr>"
           "<tr><td><b>Ctrl+S</b></td><td>save the experiment</td></tr>"
           "<tr><td><b>Ctrl+E</b></td><td>export the current chart to PNG</td></tr>"
           "<tr><td><b>Ctrl+Shift+E</b></td><td>export the window to PNG</td></tr>"
           "<tr><td><b>Alt+1..5</b></td><td>load, wall time, speedup, timeline chart, heat map</td></tr>"
           "</table>"));
}

} // namespace oversub::ui
