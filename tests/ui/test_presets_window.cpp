// The window's teaching presets against the fake engine: the Presets menu
// lists every built-in preset, choosing one loads its sweep into the panel and
// shows the question, an unchanged preset sweeps by name and its verdicts and
// lesson are shown afterwards, and an edited one sweeps as a plain file.

#include "fake_engine.h"
#include "main_window.h"
#include "panel/knob_field.h"
#include "panel/knob_panel.h"
#include "preset_banner.h"
#include "presets/preset_library.h"
#include "sweep_preset_claims.h"
#include "window_parts.h"

#include <QAction>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

StartupOptions quietOptions() {
    StartupOptions o;
    o.ignoreSettings = true;
    o.size = QSize(1280, 800);
    return o;
}

QAction* presetAction(MainWindow& window, const QString& name) {
    for (QAction* a : presetsMenu(window)->actions())
        if (a->data().toString() == name) return a;
    return nullptr;
}

// The fake run's stream ending with a sweep_done that carries a preset summary.
std::vector<events::Event> presetSweepStream() {
    auto stream = testing::FakeEngine::twoWorkerRun();
    auto& done = std::get<events::SweepDone>(stream.back());
    done.summary = {{"points", nlohmann::json::array()},
                    {"preset",
                     {{"name", "inherited-affinity"},
                      {"lesson", "Workers inherit the parent's affinity mask."},
                      {"verdicts",
                       {{{"point", "affinity=scatter"},
                         {"baseline", "affinity=single"},
                         {"claim", "faster"},
                         {"holds", true},
                         {"text", "affinity=scatter ran 1.9x faster than affinity=single, as claimed."}}}}}}};
    return stream;
}

// A plain sweep's stream (no preset block) whose summary has these points' medians.
std::vector<events::Event> sweepStreamWithPoints(const std::vector<std::pair<std::string, double>>& medians) {
    auto stream = testing::FakeEngine::twoWorkerRun();
    auto points = nlohmann::json::array();
    for (const auto& [label, median] : medians)
        points.push_back(
            {{"label", label},
             {"workers", 2},
             {"threads", 1},
             {"wall_s",
              {{"count", 3}, {"median", median}, {"min", median}, {"max", median}, {"mean", median}, {"stddev", 0}}}});
    std::get<events::SweepDone>(stream.back()).summary = {{"points", points}};
    return stream;
}

} // namespace

class TestPresetsWindow : public QObject {
    Q_OBJECT
private slots:
    void menuListsEveryPresetByTitle() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        const auto& presets = presets::builtinPresets();
        QCOMPARE(presetsMenu(window)->actions().size(), static_cast<qsizetype>(presets.size()));
        for (const auto& p : presets) {
            QAction* a = presetAction(window, QString::fromStdString(p.name));
            QVERIFY2(a, p.name.c_str());
            QCOMPARE(a->text(), QString::fromStdString(p.title));
        }
    }

    void choosingInheritedAffinityLoadsItsSweepAndQuestion() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        window.show();
        QVERIFY(part<PresetBanner>(window)->text().isEmpty());
        QAction* action = presetAction(window, QStringLiteral("inherited-affinity"));
        QVERIFY(action);
        action->trigger();
        QCOMPARE(part<PresetsController>(window)->current(), QStringLiteral("inherited-affinity"));
        QLineEdit* affinity = part<KnobPanel>(window)->sweepField("affinity");
        QVERIFY(affinity);
        QCOMPARE(affinity->text(), QStringLiteral("single,scatter"));
        QVERIFY(part<KnobPanel>(window)->sweepField("workers")->text().isEmpty()); // not swept by this preset
        QCOMPARE(part<KnobPanel>(window)->field("workers")->text(), QStringLiteral("2"));
        QVERIFY(part<KnobPanel>(window)->isSweepValid());
        const Experiment sweep = part<KnobPanel>(window)->sweepExperiment();
        QCOMPARE(sweep.sweep.axes.size(), size_t{1});
        QCOMPARE(sweep.sweep.axes[0].knob, std::string("affinity"));
        const auto& preset = presets::presetByName("inherited-affinity");
        const QString banner = part<PresetBanner>(window)->text();
        QVERIFY2(banner.contains(QString::fromStdString(preset.question)), qPrintable(banner));
        QVERIFY(banner.startsWith(QString::fromStdString(preset.title)));
        QVERIFY(!part<PresetBanner>(window)->isHidden());
    }

    void unchangedPresetSweepsByNameAndShowsTheLesson() {
        testing::FakeEngine fake;
        fake.setRunEvents(presetSweepStream());
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QVERIFY(window.loadPreset(QStringLiteral("inherited-affinity")));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startSweep());
        QVERIFY(finished.wait(5000));
        QVERIFY2(fake.calls().contains("sweep --preset inherited-affinity --events -"), qPrintable(fake.calls()));
        const QString banner = part<PresetBanner>(window)->text();
        QVERIFY2(banner.contains("Lesson: Workers inherit the parent's affinity mask."), qPrintable(banner));
        QVERIFY2(banner.contains("ran 1.9x faster than affinity=single"), qPrintable(banner));
    }

    void editedPresetSweepsAsAFile() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QVERIFY(window.loadPreset(QStringLiteral("inherited-affinity")));
        part<KnobPanel>(window)->sweepField("affinity")->setText(QStringLiteral("single,compact"));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startSweep());
        QVERIFY(finished.wait(5000));
        QVERIFY2(fake.calls().contains("sweep --experiment"), qPrintable(fake.calls()));
        QVERIFY(!fake.calls().contains("--preset"));
    }

    void editedPresetIsCheckedAgainstWhatRan() {
        // Fewer tasks keeps both claim points: core's verdict on the edited sweep's own medians.
        testing::FakeEngine fake;
        fake.setRunEvents(sweepStreamWithPoints({{"affinity=single", 0.8}, {"affinity=scatter", 0.41}}));
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QVERIFY(window.loadPreset(QStringLiteral("inherited-affinity")));
        part<KnobPanel>(window)->field("tasks")->setText(QStringLiteral("4"));
        QVERIFY(!part<PresetBanner>(window)->text().contains(QStringLiteral("Not checked")));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startSweep());
        QVERIFY(finished.wait(5000));
        const QString banner = part<PresetBanner>(window)->text();
        QVERIFY2(banner.contains(QStringLiteral("Measured here: affinity=scatter took 0.41 s (median), affinity=single "
                                                "0.8 s: affinity=scatter was 1.95x faster.")),
                 qPrintable(banner));
        QVERIFY2(banner.contains(QStringLiteral("Lesson: Workers inherit the parent's affinity mask.")),
                 qPrintable(banner));
    }

    void editThatRemovesAClaimPointSaysNotCheckedAndWhy() {
        testing::FakeEngine fake;
        fake.setRunEvents(sweepStreamWithPoints({{"affinity=single", 0.8}, {"affinity=compact", 0.5}}));
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QVERIFY(window.loadPreset(QStringLiteral("inherited-affinity")));
        part<KnobPanel>(window)->sweepField("affinity")->setText(QStringLiteral("single,compact"));
        const QString why = QStringLiteral("Not checked: affinity=scatter vs affinity=single: the edited affinity list "
                                           "(single,compact) has no scatter.");
        QVERIFY2(part<PresetBanner>(window)->text().contains(why),
                 qPrintable(part<PresetBanner>(window)->text())); // before running
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startSweep());
        QVERIFY(finished.wait(5000));
        const QString banner = part<PresetBanner>(window)->text();
        QVERIFY2(banner.contains(why), qPrintable(banner));
        QVERIFY(!banner.contains(QStringLiteral("Measured here")));

        // Another axis splits every claim point; fixing affinity removes the axis the claim needs.
        const auto& preset = presets::presetByName("inherited-affinity");
        Experiment edited = preset.experiment;
        edited.sweep.axes.push_back({"workers", {"1", "2"}});
        auto checks = checkableClaims(preset, edited);
        QCOMPARE(checks.size(), size_t{1});
        QVERIFY2(checks[0].notCheckedWhy.contains(QStringLiteral("also sweeps workers")),
                 qPrintable(checks[0].notCheckedWhy));
        edited = preset.experiment;
        edited.sweep.axes.clear();
        checks = checkableClaims(preset, edited);
        QVERIFY2(checks[0].notCheckedWhy.contains(QStringLiteral("no longer sweeps affinity")),
                 qPrintable(checks[0].notCheckedWhy));
        QVERIFY(checkableClaims(preset, preset.experiment)[0].notCheckedWhy.isEmpty());
    }

    void unknownPresetIsRefusedByName() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        QVERIFY(!window.loadPreset(QStringLiteral("no-such-preset")));
        QVERIFY(part<PresetsController>(window)->current().isEmpty());
    }
};

QTEST_MAIN(TestPresetsWindow)
#include "test_presets_window.moc"
