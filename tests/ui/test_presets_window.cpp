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

#include <QAction>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;

namespace {

StartupOptions quietOptions() {
    StartupOptions o;
    o.ignoreSettings = true;
    o.size = QSize(1280, 800);
    return o;
}

QAction* presetAction(MainWindow& window, const QString& name) {
    for (QAction* a : window.presetsMenu()->actions())
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

} // namespace

class TestPresetsWindow : public QObject {
    Q_OBJECT
private slots:
    void menuListsEveryPresetByTitle() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        const auto& presets = presets::builtinPresets();
        QCOMPARE(window.presetsMenu()->actions().size(), static_cast<qsizetype>(presets.size()));
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
        QVERIFY(window.presetBanner()->text().isEmpty());
        QAction* action = presetAction(window, QStringLiteral("inherited-affinity"));
        QVERIFY(action);
        action->trigger();
        QCOMPARE(window.currentPreset(), QStringLiteral("inherited-affinity"));
        QLineEdit* affinity = window.panel()->sweepField("affinity");
        QVERIFY(affinity);
        QCOMPARE(affinity->text(), QStringLiteral("single,scatter"));
        QVERIFY(window.panel()->sweepField("workers")->text().isEmpty()); // not swept by this preset
        QCOMPARE(window.panel()->field("workers")->text(), QStringLiteral("2"));
        QVERIFY(window.panel()->isSweepValid());
        const Experiment sweep = window.panel()->sweepExperiment();
        QCOMPARE(sweep.sweep.axes.size(), size_t{1});
        QCOMPARE(sweep.sweep.axes[0].knob, std::string("affinity"));
        const auto& preset = presets::presetByName("inherited-affinity");
        const QString banner = window.presetBanner()->text();
        QVERIFY2(banner.contains(QString::fromStdString(preset.question)), qPrintable(banner));
        QVERIFY(banner.startsWith(QString::fromStdString(preset.title)));
        QVERIFY(!window.presetBanner()->isHidden());
    }

    void unchangedPresetSweepsByNameAndShowsTheLesson() {
        testing::FakeEngine fake;
        fake.setRunEvents(presetSweepStream());
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.hasTopology(), 5000);
        QVERIFY(window.loadPreset(QStringLiteral("inherited-affinity")));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startSweep());
        QVERIFY(finished.wait(5000));
        QVERIFY2(fake.calls().contains("sweep --preset inherited-affinity --events -"), qPrintable(fake.calls()));
        const QString banner = window.presetBanner()->text();
        QVERIFY2(banner.contains("Lesson: Workers inherit the parent's affinity mask."), qPrintable(banner));
        QVERIFY2(banner.contains("ran 1.9x faster than affinity=single"), qPrintable(banner));
    }

    void editedPresetSweepsAsAFile() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.hasTopology(), 5000);
        QVERIFY(window.loadPreset(QStringLiteral("inherited-affinity")));
        window.panel()->sweepField("affinity")->setText(QStringLiteral("single,compact"));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startSweep());
        QVERIFY(finished.wait(5000));
        QVERIFY2(fake.calls().contains("sweep --experiment"), qPrintable(fake.calls()));
        QVERIFY(!fake.calls().contains("--preset"));
    }

    void unknownPresetIsRefusedByName() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        QVERIFY(!window.loadPreset(QStringLiteral("no-such-preset")));
        QVERIFY(window.currentPreset().isEmpty());
    }
};

QTEST_MAIN(TestPresetsWindow)
#include "test_presets_window.moc"
