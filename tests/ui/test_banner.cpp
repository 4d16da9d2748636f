// The strip shared by the error and preset banners: at 1920x1080 the longest
// preset lesson with its verdicts is shown whole (the strip is as tall as the
// wrapped text), in a small window a longer text scrolls instead of being
// cut, and both banners are the same strip.

#include "banner_strip.h"
#include "error_banner.h"
#include "fake_engine.h"
#include "main_window.h"
#include "preset_banner.h"
#include "presets/preset_library.h"
#include "window_parts.h"

#include <QAction>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QtTest>

#include <unistd.h>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

StartupOptions optionsAt(const QSize& size) {
    StartupOptions o;
    o.ignoreSettings = true;
    o.size = size;
    return o;
}

const presets::Preset& presetWithLongestLesson() {
    const presets::Preset* longest = nullptr;
    for (const auto& p : presets::builtinPresets())
        if (!longest || p.lesson.size() > longest->lesson.size()) longest = &p;
    return *longest;
}

QStringList threeVerdicts() {
    return {QStringLiteral("Measured here: affinity=scatter took 0.41 s (median), affinity=single 0.80 s: "
                           "affinity=scatter was 1.95x faster."),
            QStringLiteral("Measured here: delivery=shm result=full took 0.52 s (median), delivery=pipe result=full "
                           "0.61 s: delivery=shm result=full was 1.17x faster."),
            QStringLiteral("Not checked: workload=svd threads=1 vs workload=svd threads=2: the edited threads list "
                           "(1,4) has no 2.")};
}

} // namespace

class TestBanner : public QObject {
    Q_OBJECT
private slots:
    void aLaunchNarrowerThanTheMachineIsSaidBeforeAnyRunAndGreysThePusOutsideIt() {
        testing::FakeEngine fake;
        TopologyInfo narrowed = topology::uniformTopologyInfo(1, 1, 2, 1);
        narrowed.isThisMachine = true;
        narrowed.allowed = narrowed.allPus();
        narrowed.allowed.remove(1); // as under `taskset -c 0 oversub`
        fake.setTopology(narrowed);
        MainWindow window(optionsAt(QSize(1280, 800)));
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 10000);
        const QString text = part<ErrorBanner>(window)->message();
        QVERIFY2(text.startsWith(QStringLiteral("At launch: Oversub was started allowed only PU 0")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("taskset -a -p 0x3 %1").arg(::getppid())), qPrintable(text));
        QVERIFY(part<CoreView>(window)->isAllowed(0));
        QVERIFY(!part<CoreView>(window)->isAllowed(1));
        QVERIFY(part<RunController>(window)->runAction()->isEnabled()); // said, not refused
    }

    void aLaunchWithEveryPuAllowedSaysNothing() {
        testing::FakeEngine fake;
        TopologyInfo whole = topology::uniformTopologyInfo(1, 1, 2, 1);
        whole.isThisMachine = true;
        fake.setTopology(whole);
        MainWindow window(optionsAt(QSize(1280, 800)));
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 10000);
        QVERIFY2(part<ErrorBanner>(window)->message().isEmpty(), qPrintable(part<ErrorBanner>(window)->message()));
        QVERIFY(part<CoreView>(window)->isAllowed(1));
    }

    void longestLessonIsShownWholeAt1920x1080() {
        testing::FakeEngine fake;
        MainWindow window(optionsAt(QSize(1920, 1080)));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto& preset = presetWithLongestLesson();
        QVERIFY(window.loadPreset(QString::fromStdString(preset.name)));
        part<PresetBanner>(window)->showOutcome(threeVerdicts(), QString::fromStdString(preset.lesson));
        QCoreApplication::processEvents();
        PresetBanner* banner = part<PresetBanner>(window);
        QTRY_VERIFY(banner->isVisible());
        const int needed = banner->textHeightNeeded();
        QVERIFY2(needed > 3 * banner->label()->fontMetrics().height(), qPrintable(QString::number(needed)));
        // The strip gives the wrapped text all the height it needs: nothing to scroll, nothing cut.
        QTRY_COMPARE(banner->scrollArea()->viewport()->height(), needed);
        QVERIFY(!banner->scrollArea()->verticalScrollBar()->isVisible());
        QVERIFY(banner->label()->height() >= needed);
        QVERIFY(banner->text().contains(QString::fromStdString(preset.lesson)));
    }

    void longTextScrollsInASmallWindow() {
        testing::FakeEngine fake;
        MainWindow window(optionsAt(QSize(900, 600)));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QStringList many;
        for (int i = 0; i < 12; ++i) many << threeVerdicts();
        part<PresetBanner>(window)->showOutcome(many, QString::fromStdString(presetWithLongestLesson().lesson));
        PresetBanner* banner = part<PresetBanner>(window);
        QTRY_VERIFY(banner->isVisible());
        // Capped at a third of the window, the rest reachable by scrolling.
        QTRY_COMPARE(banner->scrollArea()->height(), banner->maxTextHeight());
        QVERIFY(banner->textHeightNeeded() > banner->maxTextHeight());
        QTRY_VERIFY(banner->scrollArea()->verticalScrollBar()->isVisible());
        QVERIFY(banner->scrollArea()->verticalScrollBar()->maximum() > 0);
        QVERIFY(banner->maxTextHeight() <= window.height() / 3 + 1);
    }

    void errorBannerIsTheSameStripAndGrowsWithItsLines() {
        testing::FakeEngine fake;
        MainWindow window(optionsAt(QSize(1280, 800)));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ErrorBanner* banner = part<ErrorBanner>(window);
        QVERIFY(qobject_cast<BannerStrip*>(banner));
        QVERIFY(qobject_cast<BannerStrip*>(part<PresetBanner>(window)));
        banner->showMessage(QStringLiteral("one line"));
        QTRY_VERIFY(banner->isVisible());
        QTRY_COMPARE(banner->scrollArea()->height(), banner->textHeightNeeded());
        const int oneLine = banner->scrollArea()->height();
        banner->showMessage(QStringLiteral("first\nsecond\nthird"));
        QTRY_COMPARE(banner->scrollArea()->height(), banner->textHeightNeeded());
        QVERIFY2(banner->scrollArea()->height() >= 3 * oneLine - 2,
                 qPrintable(QStringLiteral("%1 vs %2").arg(banner->scrollArea()->height()).arg(oneLine)));
        QCOMPARE(banner->message(), QStringLiteral("first\nsecond\nthird"));
        banner->clear();
        QVERIFY(banner->isHidden());
        QVERIFY(banner->message().isEmpty());
    }
};

QTEST_MAIN(TestBanner)
#include "test_banner.moc"
