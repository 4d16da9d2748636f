// The window's sample history: shares kept in 1/60000 units come back exact
// for jiffy ratios and within half a unit otherwise, busy is summed before
// rounding, ticks with the same CPUs share one CPU list, age and count bound
// it, and the samples CSV prints the shares as they came.

#include "export/csv_writer.h"
#include "models/sample_history.h"

#include <QtTest>

#include <string>

using namespace oversub;
using namespace oversub::ui;

namespace {

sampler::Snapshot tick(double t, const std::vector<int>& cpus, double user, double system = 0) {
    sampler::Snapshot s;
    s.tSeconds = t;
    for (int cpu : cpus) {
        sampler::CpuShare share;
        share.cpu = cpu;
        share.user = user;
        share.system = system;
        share.idle = 1 - user - system;
        s.cpus.push_back(share);
    }
    return s;
}

} // namespace

class TestSampleHistory : public QObject {
    Q_OBJECT
private slots:
    void jiffyRatiosComeBackExact() {
        SampleHistory history;
        for (double share : {0.0, 0.2, 0.25, 0.5, 0.6, 0.75, 1.0, 1.0 / 3, 2.0 / 3, 0.05, 1.0 / 12}) {
            history.add(0, -1, tick(0, {0}, share));
            const float back = history.ticks().back().shares[0].user();
            QVERIFY2(back == static_cast<float>(share), qPrintable(QString::number(share, 'g', 17)));
        }
    }

    void otherSharesAreWithinHalfAUnitAndBusyIsSummedFirst() {
        SampleHistory history;
        history.add(0, 3, tick(0.5, {0, 1}, 0.123456, 0.000004));
        const CompactShare& s = history.ticks().back().shares[0];
        QVERIFY(std::abs(s.user() - 0.123456) <= 0.5 / CompactShare::kUnitsPerShare);
        QCOMPARE(s.system(), 0.0f); // 0.24 units rounds to 0
        QCOMPARE(s.busy(), static_cast<float>(std::round(0.12346 * 60000) / 60000)); // 7407.6 units -> 7408
        QCOMPARE(history.ticks().back().run, 3);
        QCOMPARE(history.ticks().back().engineSeconds, 0.5);
    }

    void outOfRangeSharesAreClamped() {
        SampleHistory history;
        sampler::Snapshot s = tick(0, {0, 1, 2}, 0);
        s.cpus[0].user = -0.01;
        s.cpus[1].user = 5;
        s.cpus[2].user = std::nan("");
        history.add(0, -1, s);
        QCOMPARE(history.ticks().back().shares[0].user(), 0.0f);
        QCOMPARE(history.ticks().back().shares[1].user(), 65535 / CompactShare::kUnitsPerShare);
        QCOMPARE(history.ticks().back().shares[2].user(), 0.0f);
    }

    void ticksWithTheSameCpusShareOneList() {
        SampleHistory history;
        history.add(0, -1, tick(0, {0, 1, 2, 3}, 0.5));
        history.add(1, -1, tick(1, {0, 1, 2, 3}, 0.25));
        history.add(2, -1, tick(2, {0, 1, 3}, 0.25)); // a CPU went offline
        const auto& ticks = history.ticks();
        QCOMPARE(&ticks[0].cpus.values(), &ticks[1].cpus.values());
        QVERIFY(&ticks[1].cpus.values() != &ticks[2].cpus.values());
        QCOMPARE(ticks[2].cpus.values(), (std::vector<int>{0, 1, 3}));
        QCOMPARE(ticks[2].cpus[2], 3);
        QCOMPARE(ticks[2].shares.size(), size_t{3});
        QCOMPARE(sizeof(CompactShare), size_t{18}); // 9 shares of 16 bits, the memory budget's unit
    }

    void boundedByAgeAndCount() {
        SampleHistory byAge(10, 100);
        for (int i = 0; i < 30; ++i) byAge.add(i, -1, tick(i, {0}, 0.5));
        QCOMPARE(byAge.ticks().front().arrivalSeconds, 19.0);
        QCOMPARE(byAge.ticks().size(), size_t{11});
        SampleHistory byCount(1000, 5);
        for (int i = 0; i < 30; ++i) byCount.add(i, -1, tick(i, {0}, 0.5));
        QCOMPARE(byCount.ticks().size(), size_t{5});
        QCOMPARE(byCount.ticks().front().arrivalSeconds, 25.0);
    }

    void csvPrintsTheSharesAsTheyCame() {
        SampleHistory history;
        history.add(1.5, 2, tick(0.25, {7}, 0.2, 0.05));
        const std::string csv = history.toCsv();
        const std::string end(csv::kLineEnd);
        QCOMPARE(csv, "t_s,engine_t_s,run,cpu,user,nice,system,irq,softirq,steal,iowait,idle,busy" + end +
                          "1.5,0.25,2,7,0.2,0,0.05,0,0,0,0,0.75,0.25" + end);
    }
};

QTEST_MAIN(TestSampleHistory)
#include "test_sample_history.moc"
