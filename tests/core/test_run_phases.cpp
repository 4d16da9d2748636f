// The timing model (docs/architecture.md, "Timing"): a run's phases add up to
// its wall time in every delivery mode, with idle workers and after a
// failure, and the timed interval speedups use is the wall time less the
// preparation. These are accounting facts, not speeds: each check compares
// numbers of one run with each other.

#include "events/event.h"
#include "machine/topology.h"
#include "runner/conductor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

using namespace oversub;
using namespace oversub::conductor;

namespace {

struct NoEvents : EventSink {
    void emit(const events::Event&) override {}
};

const Topology& machine() {
    static const Topology topology = Topology::load();
    return topology;
}

Experiment elementwise(Delivery delivery, ResultReturn result) {
    Experiment e;
    e.workload = Workload::Elementwise;
    e.size = 300;
    e.iterations = 2;
    e.tasks = 8;
    e.workers = 2;
    e.threads = 1;
    e.delivery = delivery;
    e.result = result;
    e.rateHz = 50;
    return e;
}

events::RunDone run(const Experiment& e) {
    RunRequest request;
    request.experiment = e;
    NoEvents sink;
    return runExperiment(request, machine(), sink).done;
}

// Phases are never negative and add up to the wall time within 2 % or 5 ms
// (a result collected while its worker already ran the next task is the only
// overlap the model allows).
void expectPhasesAddUp(const events::RunDone& done, const std::string& what) {
    const auto& p = done.phases;
    for (double v : {p.prepareSeconds, p.spawnSeconds, p.deliverySeconds, p.computeSeconds, p.collectSeconds,
                     p.waitSeconds, p.teardownSeconds})
        EXPECT_GE(v, 0) << what;
    EXPECT_GT(p.prepareSeconds, 0) << what;
    EXPECT_LE(std::abs(done.wallSeconds - p.sum()), std::max(0.02 * done.wallSeconds, 0.005))
        << what << ": wall " << done.wallSeconds << " s, phases " << p.sum() << " s";
    EXPECT_DOUBLE_EQ(done.timedSeconds(), done.wallSeconds - p.prepareSeconds) << what;
}

} // namespace

TEST(RunPhases, AddUpToTheWallTimeInEveryDeliveryMode) {
    for (Delivery d : {Delivery::Pipe, Delivery::Fork, Delivery::Shm, Delivery::Generate})
        for (ResultReturn r : {ResultReturn::Full, ResultReturn::Scalar}) {
            const std::string what = std::string(toString(d)) + "/" + std::string(toString(r));
            const auto done = run(elementwise(d, r));
            ASSERT_EQ(done.status, events::RunStatus::Ok) << what;
            expectPhasesAddUp(done, what);
        }
}

TEST(RunPhases, AWorkerWithoutTasksSpendsItsTimeWaiting) {
    auto e = elementwise(Delivery::Fork, ResultReturn::Scalar);
    e.workers = 3;
    e.tasks = 2;
    e.schedule = Schedule::Static;
    const auto done = run(e);
    ASSERT_EQ(done.status, events::RunStatus::Ok);
    expectPhasesAddUp(done, "3 workers, 2 tasks");
    const auto idle = std::find_if(done.workers.begin(), done.workers.end(),
                                   [](const events::WorkerStats& w) { return w.tasks == 0; });
    ASSERT_NE(idle, done.workers.end());
    EXPECT_GT(idle->waitSeconds, 0);
    EXPECT_EQ(idle->computeSeconds, 0);
}

TEST(RunPhases, AddUpAfterAWorkerCrashed) {
    auto e = elementwise(Delivery::Fork, ResultReturn::Scalar);
    e.schedule = Schedule::Static;
    e.fault = "segv@worker=1,task=5";
    const auto done = run(e);
    ASSERT_EQ(done.status, events::RunStatus::Failed);
    const auto& p = done.phases;
    EXPECT_LE(std::abs(done.wallSeconds - p.sum()), std::max(0.02 * done.wallSeconds, 0.005));
}
