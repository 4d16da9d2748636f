// The live oversubscription gauge shows the engine's readings: the text and
// colour of a reading, the last busy reading kept after the run, and in the
// window, the figures of the run's sample events (not a computation of its own).

#include "fake_engine.h"
#include "gauge_label.h"
#include "main_window.h"
#include "window_parts.h"

#include <QSignalSpy>
#include <QtTest>

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
                 QString::fromUtf8("concurrency 2.0x (over) \u00b7 50% of worker time waiting in run queue "
                                   "\u00b7 200 invol. switches/s (secondary)"));
        QVERIFY(gauge.styleSheet().contains(QStringLiteral("#c02020")));
        QVERIFY(gauge.lastReading());
        QVERIFY(gauge.lastReading()->band == analysis::ConcurrencyBand::Over);
        gauge.showReading(reading(1.95, 2, 0.03, 0));
        QVERIFY2(gauge.text().startsWith("concurrency 1.0x (ideal)"), qPrintable(gauge.text()));
        QVERIFY(gauge.styleSheet().contains(QStringLiteral("#208030")));
    }

    void finishKeepsTheLastBusyReading() {
        GaugeLabel gauge;
        gauge.start();
        gauge.showReading(reading(2.0, 1, 0.5, 0));
        gauge.showReading(reading(0.0, 1, 0.0, 0)); // workers already gone
        QVERIFY2(gauge.text().contains("(idle)"), qPrintable(gauge.text()));
        gauge.finish();
        QVERIFY2(gauge.text().startsWith("last run: concurrency 2.0x (over)"), qPrintable(gauge.text()));
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
        QVERIFY2(part<GaugeLabel>(window)->text().startsWith(
                     "last run: concurrency 3.0x (over) \u00b7 66% of worker time waiting"),
                 qPrintable(part<GaugeLabel>(window)->text()));
        QVERIFY(!part<GaugeLabel>(window)->isHidden());
    }
};

QTEST_MAIN(TestGaugeLabel)
#include "test_gauge_label.moc"
