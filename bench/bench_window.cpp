// The window's own cost on a big machine (goals: at most 8 ms a frame with a
// 512-PU machine and live charts at 20 Hz; one hour of samples in at most
// 200 MB). Offscreen, with synthetic sampler ticks of 512 CPUs and 64 worker
// threads (8 workers x 8 threads), no engine run.
//
// Memory: 72,000 ticks (one hour at 20 Hz) go into the window's
// SampleHistory (the class and defaults MainWindow keeps), side by side with
// a baseline that builds the same ticks and drops them; RSS growth of each.
//
// Frames: the window on a what-if machine (--synthetic) gets the ticks as a
// run's samples (RunSession::sample, the engine's path), after 60 s worth of
// history is in. A frame = handling one tick (core view, history, gauge, the
// load chart's series) + painting what changes on screen: the core view,
// the current chart tab and the status bar (QWidget::render into an image).
// Measured once per chart tab (load, wall time, speedup, timeline) and for
// four load charts all refreshed and painted every tick (the worst case).
//
//   bench_window [frames=300] [ticks=72000] [synthetic="pack:2 numa:2 core:64 pu:2"]

#include "charts/load_chart.h"
#include "coreview/core_view.h"
#include "engine/run_session.h"
#include "live_view.h"
#include "main_window.h"
#include "models/sample_history.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace oversub;
using namespace oversub::ui;

namespace {

constexpr double kRateHz = 20;
constexpr int kWorkers = 8, kThreadsPerWorker = 8;

double rssMb() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// A deterministic, varied tick: every CPU's shares add up to 1, the workers'
// threads move across the machine.
sampler::Snapshot syntheticTick(int tick, int cpus) {
    sampler::Snapshot s;
    s.tSeconds = tick / kRateHz;
    s.intervalSeconds = 1 / kRateHz;
    s.monotonicNs = static_cast<int64_t>(tick) * 50'000'000;
    s.cpus.resize(static_cast<size_t>(cpus));
    uint32_t state = 2654435761u * static_cast<uint32_t>(tick + 1);
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return static_cast<double>(state % 1000) / 1000.0;
    };
    for (int c = 0; c < cpus; ++c) {
        auto& share = s.cpus[static_cast<size_t>(c)];
        share.cpu = c;
        share.user = 0.2 * next() + (c % 4 == 0 ? 0.6 : 0.0);
        share.system = 0.1 * next();
        share.irq = 0.01 * next();
        share.idle = std::max(0.0, 1.0 - share.user - share.system - share.irq);
    }
    for (int w = 0; w < kWorkers; ++w)
        for (int t = 0; t < kThreadsPerWorker; ++t) {
            sampler::ThreadSample th;
            th.pid = 1000 + w;
            th.tid = 1000 + w * 100 + t;
            th.worker = w;
            th.cpu = (w * kThreadsPerWorker + t + tick) % cpus;
            th.state = (t + tick) % 5 == 0 ? 'S' : 'R';
            th.user = th.run = 0.8 * next();
            th.system = 0.05 * next();
            th.runqWait = 0.1 * next();
            s.threads.push_back(th);
        }
    return s;
}

struct Stats {
    double median = 0, p95 = 0, max = 0;
};

Stats statsOf(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    if (ms.empty()) return {};
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)], ms.back()};
}

void renderInto(QWidget* widget, QImage& image) {
    if (image.size() != widget->size()) image = QImage(widget->size(), QImage::Format_ARGB32_Premultiplied);
    widget->render(&image);
}

void memoryBench(int ticks, int cpus) {
    std::printf("## memory: %d ticks (%.0f s at %.0f Hz), %d CPUs, %d threads\n", ticks, ticks / kRateHz, kRateHz, cpus,
                kWorkers * kThreadsPerWorker);
    const double before = rssMb();
    double checksum = 0;
    for (int i = 0; i < ticks; ++i) checksum += syntheticTick(i, cpus).cpus[0].user; // built and dropped
    const double baseline = rssMb();
    {
        SampleHistory history; // MainWindow's defaults
        for (int i = 0; i < ticks; ++i) history.add(i / kRateHz, 0, syntheticTick(i, cpus));
        const double after = rssMb();
        std::printf("baseline (ticks built, not kept): RSS %+.1f MB\n", baseline - before);
        std::printf("SampleHistory: RSS %+.1f MB over the baseline, %zu ticks kept (%.0f s to %.0f s), goal <= 200 MB "
                    "(ratio %.2f)\n",
                    after - baseline, history.ticks().size(), history.ticks().front().arrivalSeconds,
                    history.ticks().back().arrivalSeconds, (after - baseline) / 200.0);
    }
    ::malloc_trim(0);
    std::printf("(checksum %.1f)\n\n", checksum);
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("OVERSUB_ENGINE")) qputenv("OVERSUB_ENGINE", OVERSUB_CLI_PATH);
    const int frames = argc > 1 ? std::atoi(argv[1]) : 300;
    const int ticks = argc > 2 ? std::atoi(argv[2]) : 72000;
    const QString synthetic = argc > 3 ? QString::fromLocal8Bit(argv[3]) : QStringLiteral("pack:2 numa:2 core:64 pu:2");

    memoryBench(ticks, 512);

    QApplication app(argc, argv);
    StartupOptions options;
    options.synthetic = synthetic;
    options.size = QSize(1600, 1000);
    options.ignoreSettings = true;
    MainWindow window(options);
    // The window's parts, one object of each type among its children.
    LiveView* liveView = window.findChild<LiveView*>();
    RunSession* session = window.findChild<RunSession*>();
    QSignalSpy shown(&window, &MainWindow::topologyShown);
    window.show();
    if (!liveView->hasMachine() && !shown.wait(60000)) {
        std::fprintf(stderr, "bench_window: no topology from %s\n", OVERSUB_CLI_PATH);
        return 1;
    }
    const int cpus = liveView->machine().puCount();
    std::printf("## frames: %s (%d PUs), window %dx%d, %d frames a chart after %d ticks of history\n",
                qPrintable(synthetic), cpus, window.width(), window.height(), frames,
                static_cast<int>(LoadChart::kWindowSeconds * kRateHz));

    int tick = 0;
    auto feed = [&] { emit session->sample(events::Sample{0, syntheticTick(tick++, cpus)}); };
    // 60 s of history first, so the load chart draws a full window of points
    // (fed faster than real time, it holds more than 60 s worth: an upper bound).
    for (int i = 0; i < LoadChart::kWindowSeconds * kRateHz; ++i) feed();
    app.processEvents();

    auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("chartTabs"));
    QImage coreImage, chartImage, statusImage;
    const char* names[] = {"load", "wall time", "speedup", "timeline"};
    for (int chart = 0; chart < 4; ++chart) {
        tabs->setCurrentIndex(chart);
        app.processEvents();
        std::vector<double> update, paint, frame, corePaint, chartPaint;
        for (int f = 0; f < frames; ++f) {
            QElapsedTimer clock;
            clock.start();
            feed();
            const double handled = clock.nsecsElapsed() / 1e6;
            renderInto(liveView->coreView(), coreImage);
            const double coreDone = clock.nsecsElapsed() / 1e6;
            renderInto(tabs->currentWidget(), chartImage);
            const double chartDone = clock.nsecsElapsed() / 1e6;
            renderInto(window.statusBar(), statusImage);
            const double total = clock.nsecsElapsed() / 1e6;
            corePaint.push_back(coreDone - handled);
            chartPaint.push_back(chartDone - coreDone);
            update.push_back(handled);
            paint.push_back(total - handled);
            frame.push_back(total);
            app.processEvents(); // outside the frame: queued updates the render already covered
        }
        const Stats u = statsOf(update), p = statsOf(paint), fr = statsOf(frame);
        std::printf("%-9s tab: frame median %.2f ms, p95 %.2f, max %.2f (tick handling %.2f, paint %.2f: core view "
                    "%.2f, chart %.2f) goal <= 8 ms (ratio %.2f)\n",
                    names[chart], fr.median, fr.p95, fr.max, u.median, p.median, statsOf(corePaint).median,
                    statsOf(chartPaint).median, fr.median / 8.0);
    }

    // Worst case: four load charts, each refreshed from the history and painted every tick.
    std::vector<int> pus;
    for (const auto& pu : liveView->machine().pus) pus.push_back(pu.osIndex);
    std::vector<LoadChart*> live;
    for (int i = 0; i < 4; ++i) {
        auto* c = new LoadChart;
        c->resize(tabs->currentWidget()->size());
        c->setCpus(pus);
        live.push_back(c);
    }
    QElapsedTimer since;
    since.start();
    std::vector<double> frame;
    QImage image;
    for (int f = 0; f < frames; ++f) {
        QElapsedTimer clock;
        clock.start();
        feed();
        for (LoadChart* c : live) {
            c->refresh(liveView->history(), liveView->history().latestSeconds());
            renderInto(c, image);
        }
        renderInto(liveView->coreView(), coreImage);
        renderInto(window.statusBar(), statusImage);
        frame.push_back(clock.nsecsElapsed() / 1e6);
        app.processEvents();
    }
    const Stats fr = statsOf(frame);
    std::printf("4 live load charts + core view + status: frame median %.2f ms, p95 %.2f, max %.2f, goal <= 8 ms "
                "(ratio %.2f)\n",
                fr.median, fr.p95, fr.max, fr.median / 8.0);
    qDeleteAll(live);
    return 0;
}
