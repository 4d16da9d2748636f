// The live oversubscription gauge shows the engine's readings: the text and
// colour of a tick's reading ("now"), after the run the whole run's reading
// from run_done ("last run", the findings' figures) or else the last busy
// tick said as a tick, and in the window, the figures of the run's events
// (not a computation of its own); the core view then shows the run's mean.

#include "coreview/core_view.h"
#include "fake_engine.h"
#include "gauge_label.h"
#include "live_view.h"
#include "main_window.h"
#include "window_parts.h"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <variant>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

analysis::GaugeReading reading(double demand, int pus, double waitShare, double switchesPerSecond) {
    analysis::GaugeReading r;
    r.threadsSeen = 2;
    r.demandThreads = demand;
    r.allowedPus = pus;
    r.concurrency = demand / pus;
    r.runqWaitShare = waitShare;
    r.involuntarySwitchesPerSecond = switchesPerSecond;
    r.band = analysis::bandOf(r.concurrency);
    return r;
}

} // namespace

class TestGaugeLabel : public QObject {
    Q_OBJECT
private slots:
    void aReadingIsShownWithItsBandWaitAndSwitches() {
        GaugeLabel gauge;
        gauge.start();
        QVERIFY(!gauge.isHidden());
        QVERIFY(gauge.text().contains(QStringLiteral("waiting for the first sample")));
        gauge.showReading(reading(2.0, 1, 0.5, 200));
        QCOMPARE(gauge.text(),
                 QString::fromUtf8("now: concurrency 2.0x (over) \u00b7 50% of worker time waiting in run queue "
                                   "\u00b7 200 invol. switches/s (secondary)"));
        QVERIFY(gauge.styleSheet().contains(QStringLiteral("#c02020")));
        QVERIFY(gauge.lastReading());
        QVERIFY(gauge.lastReading()->band == analysis::ConcurrencyBand::Over);
        gauge.showReading(reading(1.95, 2, 0.03, 0));
        QVERIFY2(gauge.text().startsWith("now: concurrency 1.0x (ideal)"), qPrintable(gauge.text()));
        QVERIFY(gauge.styleSheet().contains(QStringLiteral("#208030")));
    }

    void finishShowsTheWholeRunNotItsLastTick() {
        GaugeLabel gauge;
        gauge.start();
        gauge.showReading(reading(1.1, 1, 0.01, 0)); // the teardown's calm last tick
        analysis::GaugeReading run = reading(3.8, 2, 0.47, 100);
        run.threadsSeen = 4;
        gauge.setRunReading(run);
        gauge.finish();
        QCOMPARE(gauge.text(), QString::fromUtf8("last run: 4 threads on 2 PUs (x2) \u00b7 concurrency 1.9x (over) "
                                                 "\u00b7 47% of worker time waiting in run queue \u00b7 100 invol. "
                                                 "switches/s (secondary)"));
        QVERIFY(gauge.styleSheet().contains(QStringLiteral("#c02020")));
        gauge.start(); // the next run forgets it
        QVERIFY(!gauge.runReading());
    }

    void finishWithoutARunReadingKeepsTheLastBusyTickSaidAsATick() {
        GaugeLabel gauge;
        gauge.start();
        gauge.showReading(reading(2.0, 1, 0.5, 0));
        gauge.showReading(reading(0.0, 1, 0.0, 0)); // workers already gone
        QVERIFY2(gauge.text().contains("(idle)"), qPrintable(gauge.text()));
        gauge.finish();
        QVERIFY2(gauge.text().startsWith("last busy tick: concurrency 2.0x (over)"), qPrintable(gauge.text()));
        gauge.start();
        gauge.finish(); // a run without a busy reading leaves the waiting text
        QVERIFY(gauge.text().contains(QStringLiteral("waiting for the first sample")));
    }

    void windowShowsTheEnginesReadingOfTheRun() {
        testing::FakeEngine fake; // 2 PUs; the run's two workers on PUs 0 and 1
        auto stream = testing::FakeEngine::twoWorkerRun();
        // The threads of the stream ran 0.9 + 0.8 on 2 PUs; the engine's
        // reading says otherwise, and the window must show the engine's.
        int samples = 0;
        for (auto& event : stream)
            if (auto* sample = std::get_if<events::Sample>(&event)) {
                sample->gauge = reading(3.0, 1, 0.66, 12);
                ++samples;
            }
        QVERIFY(samples > 0);
        // The whole run's reading, which the window must prefer to any tick's.
        analysis::GaugeReading whole = reading(3.8, 2, 0.45, 30);
        whole.threadsSeen = 4;
        for (auto& event : stream)
            if (auto* done = std::get_if<events::RunDone>(&event)) done->gauge = whole;
        fake.setRunEvents(stream);
        StartupOptions o;
        o.ignoreSettings = true;
        o.size = QSize(1280, 800);
        MainWindow window(o);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QVERIFY(part<GaugeLabel>(window)->isHidden());
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(5000));
        QVERIFY(part<GaugeLabel>(window)->lastReading());
        QCOMPARE(part<GaugeLabel>(window)->lastReading()->allowedPus, 1);
        QVERIFY2(
            part<GaugeLabel>(window)->text().startsWith(
                "last run: 4 threads on 2 PUs (x2) \u00b7 concurrency 1.9x (over) \u00b7 45% of worker time waiting"),
            qPrintable(part<GaugeLabel>(window)->text()));
        QVERIFY(!part<GaugeLabel>(window)->isHidden());

        // The core view shows the run's mean per PU, not the teardown's last tick.
        LiveView* live = part<LiveView>(window);
        QVERIFY(live->showsRunMean());
        QVERIFY2(live->coreViewCaption().startsWith("Mean per PU over the last run"),
                 qPrintable(live->coreViewCaption()));
        double busy0 = 0, busy1 = 0, total = 0;
        for (const auto& event : stream)
            if (const auto* sample = std::get_if<events::Sample>(&event)) {
                const double w = sample->snapshot.intervalSeconds;
                for (const auto& cpu : sample->snapshot.cpus) (cpu.cpu == 0 ? busy0 : busy1) += w * cpu.busy();
                total += w;
            }
        const auto shown0 = part<CoreView>(window)->shareOn(0);
        const auto shown1 = part<CoreView>(window)->shareOn(1);
        QVERIFY(shown0 && shown1);
        QVERIFY2(std::abs(shown0->busy() - busy0 / total) < 1e-3, qPrintable(QString::number(shown0->busy())));
        QVERIFY2(std::abs(shown1->busy() - busy1 / total) < 1e-3, qPrintable(QString::number(shown1->busy())));
        // "Now" follows the machine again; unchecking it brings the mean back.
        live->setShowNow(true);
        QVERIFY(!live->showsRunMean());
        live->setShowNow(false);
        QVERIFY(live->showsRunMean());
    }
};

QTEST_MAIN(TestGaugeLabel)
#include "test_gauge_label.moc"
