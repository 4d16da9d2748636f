// The live oversubscription gauge: samples with known run and run-queue
// shares give the band, the waiting share and the switch rate in the text;
// in the window, a run's samples move the gauge with the run's PU count.

#include "fake_engine.h"
#include "gauge_label.h"
#include "main_window.h"

#include <QSignalSpy>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;

namespace {

sampler::ThreadSample threadSample(int tid, double run, double runqWait, uint64_t involuntary) {
    sampler::ThreadSample t;
    t.pid = t.tid = tid;
    t.state = 'R';
    t.run = run;
    t.runqWait = runqWait;
    t.involuntaryCtxSwitches = involuntary;
    return t;
}

sampler::Snapshot tick(std::vector<sampler::ThreadSample> threads) {
    sampler::Snapshot s;
    s.intervalSeconds = 0.5;
    s.threads = std::move(threads);
    return s;
}

} // namespace

class TestGaugeLabel : public QObject {
    Q_OBJECT
private slots:
    void twoThreadsOnOnePuAreOver() {
        GaugeLabel gauge;
        gauge.start(1);
        QVERIFY(!gauge.isHidden());
        gauge.update(tick({threadSample(10, 0.5, 0.5, 100), threadSample(11, 0.5, 0.5, 100)}));
        // 100 more involuntary switches per thread in 0.5 s: 400 per second.
        gauge.update(tick({threadSample(10, 0.5, 0.5, 200), threadSample(11, 0.5, 0.5, 200)}));
        QCOMPARE(gauge.text(), QString::fromUtf8("concurrency 2.0x (over) \u00b7 50% of worker time waiting in run queue "
                                                 "\u00b7 400 invol. switches/s (secondary)"));
        QVERIFY(gauge.lastReading());
        QVERIFY(gauge.lastReading()->band == analysis::ConcurrencyBand::Over);
    }

    void finishKeepsTheLastBusyReading() {
        GaugeLabel gauge;
        gauge.start(1);
        gauge.update(tick({threadSample(10, 0.5, 0.5, 0), threadSample(11, 0.5, 0.5, 0)}));
        gauge.update(tick({threadSample(10, 0.0, 0.0, 0)})); // workers already gone
        QVERIFY2(gauge.text().contains("(idle)"), qPrintable(gauge.text()));
        gauge.finish();
        QVERIFY2(gauge.text().startsWith("last run: concurrency 2.0x (over)"), qPrintable(gauge.text()));
    }

    void oneBusyThreadPerPuIsIdeal() {
        GaugeLabel gauge;
        gauge.start(2);
        gauge.update(tick({threadSample(10, 0.95, 0.05, 0), threadSample(11, 1.0, 0.0, 0)}));
        QVERIFY2(gauge.text().startsWith("concurrency 1.0x (ideal)"), qPrintable(gauge.text()));
        QVERIFY2(gauge.text().contains(" 3% of worker time waiting"), qPrintable(gauge.text()));
    }

    void narrowingThePusRaisesTheBand() {
        GaugeLabel gauge;
        gauge.start(4);
        gauge.update(tick({threadSample(10, 0.6, 0.0, 0)}));
        QVERIFY2(gauge.text().contains("(poor)"), qPrintable(gauge.text()));
        gauge.setAllowedPus(1);
        QCOMPARE(gauge.allowedPus(), 1);
        gauge.update(tick({threadSample(10, 0.6, 0.0, 0)}));
        QVERIFY2(gauge.text().contains("0.6x (ok)"), qPrintable(gauge.text()));
    }

    void windowGaugeReadsTheRunsSamples() {
        testing::FakeEngine fake; // 2 PUs; the run's two workers on PUs 0 and 1
        auto stream = testing::FakeEngine::twoWorkerRun();
        fake.setRunEvents(stream);
        StartupOptions o;
        o.ignoreSettings = true;
        o.size = QSize(1280, 800);
        MainWindow window(o);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.hasTopology(), 5000);
        QVERIFY(window.gauge()->isHidden());
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(5000));
        // Threads ran 0.9 + 0.8 and waited 0.05: demand 1.75 on 2 PUs.
        QCOMPARE(window.gauge()->allowedPus(), 2);
        QVERIFY2(window.gauge()->text().startsWith("last run: concurrency 0.9x (ideal)"), qPrintable(window.gauge()->text()));
        QVERIFY(!window.gauge()->isHidden());
    }
};

QTEST_MAIN(TestGaugeLabel)
#include "test_gauge_label.moc"
