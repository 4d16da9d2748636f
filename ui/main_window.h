#pragma once
// The window, in hotspot's style: it lays out and switches between parts
// that own their state, and routes what one part reports to the others.
//   LiveView           core view, load chart, gauge (live_view.h)
//   RunController      Run, Sweep, Cancel, progress, elapsed (run_controller.h)
//   ResultsView        run table, findings, workers, run charts, heat map (results_view.h)
//   PresetsController  Presets menu, story, verdicts (presets_controller.h)
//   AttachController   Attach to process..., Detach (attach_controller.h)
//   ExportActions      File > Export (export_actions.h)
//   RecoveryController journals a crash left behind (recovery_controller.h)
// The window itself keeps the layout, the menus, settings, the machine
// feed, experiment files (with the consent to run their programs) and the
// automation flags (--run --screenshot --quit-after-run). Tests reach a
// part with findChild<Part*>(): each part is one object of its type.

#include "command_consent.h"
#include "engine/engine_target.h"
#include "events/event_kinds.h"
#include "experiment/experiment.h"
#include "models/findings_model.h"
#include "startup_options.h"
#include "topology/topology_info.h"

#include <QMainWindow>
#include <QTimer>

#include <optional>

class QLabel;
class QSplitter;
class QTabWidget;

namespace oversub::ui {

class AttachController;
class ErrorBanner;
class ExportActions;
class KnobPanel;
class LiveView;
class MachineFeed;
class PresetBanner;
class PresetsController;
class RecoveryController;
class ResultsView;
class RunController;
class RunStore;
struct PlacementPreview;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const StartupOptions& options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads an experiment file into the panel; on error shows which field is
    // wrong and keeps the current experiment. Returns success.
    bool openExperimentFile(const QString& path);
    // Opens a recording in a replay window of its own; `run` >= 0 plays from
    // that run's start, else from the beginning. False (with the reason
    // shown) when the file is not a recording.
    bool openReplay(const QString& path, int run);
    // Opens two recorded runs side by side in a compare window (run -1: the
    // first measured run of that recording). An empty `otherPath` asks for
    // the recording file first. False (with the reason shown) when either
    // cannot be compared or the user cancels.
    bool openCompare(const QString& path, int run, QString otherPath, int otherRun);
    // The machine the window shows and runs on from now on: a server through
    // ssh (Machine > Connect to a server...), or this one (nullopt). The
    // topology is loaded again; the run table keeps its runs (each names its
    // machine). False while something runs or is attached, and for a what-if machine.
    bool useMachine(std::optional<RemoteEngine> remote);
    bool saveExperimentTo(const QString& path);
    // Loads a built-in teaching preset into the panel and shows its story and
    // question. While the panel still holds the preset unchanged, the sweep
    // runs it by name so that the engine checks its claims.
    bool loadPreset(const QString& name);

    // Runs (or sweeps) the panel's experiment; false when the panel is invalid,
    // something runs already or the machine is a what-if one.
    bool startRun();
    bool startSweep();

    // A finding's proposed changes, applied to the experiment of the run it
    // is about (the selected run; the panel's experiment when none is), put
    // in the panel and run. False when a change is refused or nothing ran.
    bool applyFix(const std::vector<KnobChangeText>& changes);

    // How "this experiment runs a program" is asked when a file is opened;
    // tests answer it directly. Null restores the dialog.
    void setCommandConsentAsker(CommandConsentAsker asker);

signals:
    void topologyShown();
    void runFinished(bool ok); // after every run/sweep invocation, ok or not
    void automationDone(int exitCode); // --quit-after-run: the exit status to use

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildLayout();
    void buildMenus();
    void buildStatusBar();
    void connectParts();
    void restoreSettings();
    void saveSettings();
    void onTopology(const TopologyInfo& info);
    void onPlacement(const PlacementPreview& preview);
    void onRunsFinished(bool ok);
    void warnAboutNarrowedAffinity(const std::vector<events::Finding>& findings);
    void updateActions();
    void requestPlacementPreview();
    void resumeLiveView();
    void showStatus(const QString& text);
    void showProblem(const QString& message);
    void showAbout();
    void showShortcuts();
    void runAutomation();
    void finishAutomation(bool ok);
    bool isWhatIf() const { return !options_.synthetic.isEmpty(); }
    void updateTitle();
    Experiment panelExperiment() const; // the sweep when it is valid, else the single run
    // Asks before an opened experiment may run its command; on refusal
    // clears it and returns the banner text (empty: nothing to say).
    QString consentToCommandOf(Experiment& experiment, const QString& path);

    StartupOptions options_;
    QString experimentPath_;
    QTimer previewTimer_; // debounces placement previews while typing
    bool automationPending_ = false;
    CommandConsentAsker consentAsker_ = askCommandConsentInDialog;

    // Parts (children of the window).
    MachineFeed* machine_ = nullptr;
    RunStore* store_ = nullptr;
    LiveView* live_ = nullptr;
    RunController* runs_ = nullptr;
    ResultsView* results_ = nullptr;
    PresetsController* presets_ = nullptr;
    AttachController* attach_ = nullptr;
    ExportActions* exports_ = nullptr;
    RecoveryController* recovery_ = nullptr;

    // Widgets the window lays out.
    KnobPanel* panel_ = nullptr;
    ErrorBanner* banner_ = nullptr;
    PresetBanner* presetBanner_ = nullptr;
    QTabWidget* chartTabs_ = nullptr;
    QSplitter* mainSplitter_ = nullptr;
    QSplitter* topSplitter_ = nullptr;
    QSplitter* centreSplitter_ = nullptr;
    QLabel* statusText_ = nullptr;
};

} // namespace oversub::ui
