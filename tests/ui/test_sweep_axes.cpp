// Sweeping any sweepable knob from the window: the panel offers every
// sweepable knob as a further axis, validates its list as you type (the field
// named in the problem is outlined), counts points and runs live, and the
// sweep hands the engine exactly those lists.

#include "engine/engine_process.h"
#include "engine/run_session.h"
#include "experiment/experiment.h"
#include "fake_engine.h"
#include "main_window.h"
#include "panel/knob_field.h"
#include "panel/knob_panel.h"
#include "sweep_axes.h"
#include "window_parts.h"

#include <QComboBox>
#include <QFileInfo>
#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

bool contains(const std::vector<std::string>& names, const char* name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

class TestSweepAxes : public QObject {
    Q_OBJECT
private slots:
    void sweepableKnobsComeFromTheKnobTable() {
        const auto names = sweepableKnobNames();
        QVERIFY(contains(names, "workers"));
        QVERIFY(contains(names, "threads"));
        QVERIFY(contains(names, "delivery"));
        QVERIFY(contains(names, "affinity"));
        QVERIFY(!contains(names, "cpus")); // a cpu list holds commas itself: not sweepable
        QVERIFY(sweepListExample("delivery").startsWith(QStringLiteral("e.g. ")));
        QVERIFY(sweepListExample("delivery").contains(QLatin1Char(',')));
        QVERIFY(sweepListExample("workers").contains(QStringLiteral("1,2,4")));
    }

    void pickerAddsAnAxisAndTheCountFollowsEveryKeystroke() {
        KnobPanel panel;
        QComboBox* picker = panel.axisPicker();
        QVERIFY(picker);
        QVERIFY(picker->findData(QStringLiteral("delivery")) > 0);
        QCOMPARE(picker->findData(QStringLiteral("workers")), -1); // already an axis
        // Choosing "delivery" in the picker adds its list field.
        const int index = picker->findData(QStringLiteral("delivery"));
        picker->setCurrentIndex(index);
        emit picker->activated(index);
        QLineEdit* delivery = panel.sweepField("delivery");
        QVERIFY(delivery);
        QCOMPARE(picker->findData(QStringLiteral("delivery")), -1);
        QVERIFY(delivery->placeholderText().contains(QStringLiteral("e.g.")));

        panel.sweepField("workers")->setText(QStringLiteral("1,2,4"));
        panel.sweepField("threads")->setText(QStringLiteral("1"));
        QVERIFY(panel.sweepCountText().contains(QStringLiteral("3 points")));
        QTest::keyClicks(delivery, QStringLiteral("pipe,shm"));
        QVERIFY(panel.isSweepValid());
        QVERIFY2(panel.sweepCountText().contains(QStringLiteral("6 points x 1 run each = 6 runs")),
                 qPrintable(panel.sweepCountText()));
        panel.field("repeat")->setText(QStringLiteral("3"));
        QVERIFY2(panel.sweepCountText().contains(QStringLiteral("= 18 runs")), qPrintable(panel.sweepCountText()));

        // A bad item: the sweep is refused naming the knob, and that field is outlined.
        QTest::keyClicks(delivery, QStringLiteral(",carrier-pigeon"));
        QVERIFY(!panel.isSweepValid());
        QVERIFY2(panel.sweepProblem().contains(QStringLiteral("delivery")), qPrintable(panel.sweepProblem()));
        QVERIFY2(panel.sweepProblem().contains(QStringLiteral("carrier-pigeon")), qPrintable(panel.sweepProblem()));
        QVERIFY(delivery->styleSheet().contains(QStringLiteral("border")));
        QVERIFY(panel.sweepField("workers")->styleSheet().isEmpty());
        QVERIFY(panel.sweepCountText().contains(QStringLiteral("fix")));
        delivery->setText(QStringLiteral("pipe,shm"));
        QVERIFY(panel.isSweepValid());
        QVERIFY(delivery->styleSheet().isEmpty());

        const Experiment sweep = panel.sweepExperiment();
        QCOMPARE(sweep.sweep.axes.size(), size_t{3}); // workers, threads (one value), delivery innermost
        QCOMPARE(sweep.sweep.axes.back().knob, std::string("delivery"));
        QCOMPARE(sweep.sweep.axes.back().values, (std::vector<std::string>{"pipe", "shm"}));
        QCOMPARE(panel.addSweepAxis("cpus"), nullptr);
    }

    void sweepGivesTheEngineTheExtraAxis() {
        testing::FakeEngine fake;
        fake.setMode("hang"); // the engine runs until cancelled
        fake.keepArguments();
        StartupOptions options;
        options.ignoreSettings = true;
        MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QLineEdit* delivery = part<KnobPanel>(window)->addSweepAxis("delivery");
        QVERIFY(delivery);
        delivery->setText(QStringLiteral("pipe,shm"));
        part<KnobPanel>(window)->sweepField("workers")->setText(QStringLiteral("1,2"));
        QVERIFY(window.startSweep());
        const QStringList args = part<RunSession>(window)->engine().arguments();
        QCOMPARE(args.value(0), QStringLiteral("sweep"));
        QVERIFY2(args.contains(QStringLiteral("--experiment")), qPrintable(args.join(' ')));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(fake.path("last_experiment.json")).size() > 0, 5000);
        const Experiment given = loadExperimentFile(fake.path("last_experiment.json").toStdString());
        auto axis = [&](const char* knob) -> std::vector<std::string> {
            for (const auto& a : given.sweep.axes)
                if (a.knob == knob) return a.values;
            return {};
        };
        QCOMPARE(axis("workers"), (std::vector<std::string>{"1", "2"}));
        QCOMPARE(axis("delivery"), (std::vector<std::string>{"pipe", "shm"}));
        QCOMPARE(given.sweep.axes.back().knob, std::string("delivery")); // the added axis varies fastest
        QCOMPARE(given.sweep.pointCount(), size_t{4});
        QSignalSpy finished(&window, &MainWindow::runFinished);
        part<RunController>(window)->cancel();
        QVERIFY(finished.wait(5000));
    }
};

QTEST_MAIN(TestSweepAxes)
#include "test_sweep_axes.moc"
