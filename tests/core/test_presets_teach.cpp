// Presets that teach on the machine they run on: memory-bound sizes come
// from the cache sizes (a 2-PU box, a 512-PU topology with a large L3) and
// stay within memory; memory-vs-compute checks element-wise too, and says
// why when the effect did not appear; a fix is named as the window's field
// and value there; the inherited-affinity preset's narrowing is said to be
// its demonstration.

#include "analysis/advice_text.h"
#include "analysis/advisor.h"
#include "analysis/sweep_summary.h"
#include "experiment/sweep.h"
#include "presets/preset_library.h"
#include "presets/preset_verdict.h"
#include "runner/auto_size.h"
#include "topology/cache_fit.h"
#include "workloads/size_check.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace oversub;

namespace {

constexpr uint64_t kMiB = 1ull << 20;
constexpr uint64_t kGiB = 1ull << 30;

// `instances` last-level caches of `bytes` each over `pus` PUs.
TopologyInfo withLastLevelCache(int pus, uint64_t bytes, int instances) {
    TopologyInfo t;
    t.pus.resize(static_cast<size_t>(pus));
    t.caches = {{1, 48 * 1024, pus}, {2, 2 * kMiB, pus}, {3, bytes, instances}};
    return t;
}

analysis::PointSummary point(const std::string& label, double medianSeconds) {
    analysis::PointSummary p;
    p.label = label;
    analysis::Summary s;
    s.count = 3;
    s.median = s.min = s.max = s.mean = medianSeconds;
    p.timedSeconds = s;
    return p;
}

// The scales-less verdict, or a verdict saying it is missing.
presets::Verdict scalesLessVerdict(const std::vector<presets::Verdict>& verdicts) {
    const auto it = std::find_if(verdicts.begin(), verdicts.end(),
                                 [](const presets::Verdict& v) { return v.expectation.claim == "scales-less"; });
    if (it != verdicts.end()) return *it;
    presets::Verdict missing;
    missing.text = "no scales-less claim";
    return missing;
}

} // namespace

TEST(PastCache, EachWorkersArraysTakeFourTimesTheLargestLastLevelCache) {
    const TopologyInfo box = withLastLevelCache(2, 32 * kMiB, 1);
    for (Workload w : {Workload::Elementwise, Workload::Triad, Workload::Scalar}) {
        const int n = runner::sizePastCaches(w, 4, 2, box, 64 * kGiB);
        SCOPED_TRACE(std::string(toString(w)) + " n=" + std::to_string(n));
        EXPECT_GE(bytesNeeded(w, n), 4 * 32 * kMiB);
        EXPECT_LT(bytesNeeded(w, n - 8), 4 * 32 * kMiB) << "not larger than it needs to be";
        EXPECT_EQ(cacheFit(bytesNeeded(w, n), 1, box).level, "memory");
        EXPECT_EQ(cacheFit(bytesNeeded(w, n), 2, box).level, "memory");
    }
}

TEST(PastCache, HoldsOnA512PuMachineWithALargeL3AndStaysWithinMemory) {
    // 8 packages of 64 PUs, each with a 192 MiB L3.
    const TopologyInfo big = withLastLevelCache(512, 192 * kMiB, 8);
    const int n = runner::sizePastCaches(Workload::Elementwise, 4, 2, big, 64 * kGiB);
    EXPECT_GE(bytesNeeded(Workload::Elementwise, n), 4 * 192 * kMiB);
    EXPECT_EQ(cacheFit(bytesNeeded(Workload::Elementwise, n), 2, big).level, "memory");
    // 512 workers on a machine with 16 GiB free: the arrays keep to half of
    // what the preflight allows instead of asking for 400 GiB.
    const uint64_t available = 16 * kGiB;
    const int capped = runner::sizePastCaches(Workload::Elementwise, 4, 512, big, available);
    EXPECT_LT(capped, n);
    EXPECT_LE(512 * bytesNeeded(Workload::Elementwise, capped - 1), available / 2); // n rounded up, no more
    EXPECT_GE(capped, 1);
}

TEST(PastCache, ASweepGetsOneSizeAndTheRecordNamesIt) {
    Experiment base;
    base.workload = Workload::Elementwise;
    base.pastCache = 4;
    base.tasks = 4;
    base.sweep.axes = {{"workload", {"elementwise", "scalar", "gemm"}}, {"workers", {"1", "2"}}};
    auto points = expandPoints(base);
    const Topology machine = Topology::fromSynthetic("pack:1 core:2 pu:1");
    const auto size = runner::resolvePastCacheSizes(base, points, machine);
    ASSERT_TRUE(size);
    for (const auto& p : points) {
        SCOPED_TRACE(p.label);
        if (p.experiment.workload == Workload::Gemm) {
            EXPECT_EQ(p.experiment.size, 1000); // compute-bound kernels keep their size
            continue;
        }
        EXPECT_EQ(p.experiment.size, *size);
        EXPECT_EQ(p.experiment.pastCache, 0) << "resolved: the record names the size";
        EXPECT_EQ(cacheFit(bytesNeeded(p.experiment.workload, *size), p.experiment.workers, machine.info()).level,
                  "memory");
    }
    EXPECT_EQ(base.size, *size);
}

TEST(PresetClaims, MemoryVsComputeChecksElementwiseAgainstScalar) {
    const auto& preset = presets::presetByName("memory-vs-compute");
    EXPECT_GT(preset.experiment.pastCache, 0) << "sized from the caches, not a fixed size";
    const auto points = expandPoints(preset.experiment);
    auto labelled = [&](const std::string& label) {
        return std::any_of(points.begin(), points.end(), [&](const SweepPoint& p) { return p.label == label; });
    };
    bool elementwiseChecked = false;
    for (const auto& x : preset.expectations) {
        for (const std::string* l : {&x.point, &x.baseline}) EXPECT_TRUE(labelled(*l)) << *l;
        if (x.claim != "scales-less") continue;
        EXPECT_TRUE(labelled(x.thanPoint)) << x.thanPoint;
        EXPECT_TRUE(labelled(x.thanBaseline)) << x.thanBaseline;
        elementwiseChecked = elementwiseChecked || x.point.find("elementwise") != std::string::npos;
    }
    EXPECT_TRUE(elementwiseChecked);
}

TEST(PresetClaims, ElementwiseScalingLikeScalarSaysWhyWithTheMachinesBandwidth) {
    const auto& preset = presets::presetByName("memory-vs-compute");
    analysis::SweepSummary summary;
    summary.allowedPus = 2;
    summary.points = {point("workload=elementwise workers=1", 2.0), point("workload=elementwise workers=2", 1.05),
                      point("workload=scalar workers=1", 2.0), point("workload=scalar workers=2", 1.03)};
    summary.oneWorkerGbps = 10.0;
    summary.machineGbps = 19.0;
    summary.bandwidthCeiling = 1.9;
    const auto v = scalesLessVerdict(presets::checkExpectations(preset, summary));
    EXPECT_TRUE(v.measured);
    EXPECT_FALSE(v.holds);
    EXPECT_NE(v.text.find("did not appear on this machine"), std::string::npos) << v.text;
    EXPECT_NE(v.text.find("memory bandwidth still grows 1.90x from 1 process to all 2 PUs"), std::string::npos)
        << v.text;

    summary.bandwidthCeiling.reset();
    const auto unknown = scalesLessVerdict(presets::checkExpectations(preset, summary));
    EXPECT_NE(unknown.text.find("bandwidth was not measured"), std::string::npos) << unknown.text;

    summary.points[1] = point("workload=elementwise workers=2", 1.6); // 1.25x against scalar's 1.94x
    const auto held = scalesLessVerdict(presets::checkExpectations(preset, summary));
    EXPECT_TRUE(held.holds) << held.text;
    EXPECT_NE(held.text.find("gained less"), std::string::npos) << held.text;
}

TEST(WindowAdvice, AFixIsNamedAsTheFieldAndItsValue) {
    analysis::Finding f;
    f.text = "both workers were allowed only PU 1: the affinity policy 'single' put them there. Fix: use "
             "--affinity scatter to spread the workers over the allowed PUs.";
    f.evidence["fix_knobs"] = nlohmann::json::parse(
        R"([{"knob":"affinity","value":"scatter","current":"single","flag":"--affinity scatter"}])");
    const std::string shown = analysis::windowText(f);
    EXPECT_NE(shown.find("Fix: use affinity: scatter to spread"), std::string::npos) << shown;
    EXPECT_EQ(shown.find("--"), std::string::npos) << shown;

    f.text = "Fix: --workers 2 --threads 1 keeps workers x threads at or below 2";
    f.evidence["fix_knobs"] =
        nlohmann::json::parse(R"([{"knob":"workers","value":"2"},{"knob":"threads","value":"1"}])");
    EXPECT_EQ(analysis::windowText(f), "Fix: workers: 2, threads: 1 keeps workers x threads at or below 2");
    f.evidence.erase("fix_knobs");
    EXPECT_EQ(analysis::windowText(f), f.text); // nothing to rename
}

TEST(WindowAdvice, TheInheritedAffinityPresetsNarrowingIsItsDemonstration) {
    const auto& preset = presets::presetByName("inherited-affinity");
    const auto points = expandPoints(preset.experiment);
    const auto single = std::find_if(points.begin(), points.end(), [](const SweepPoint& p) {
        return p.experiment.affinity == AffinityPolicy::Single;
    });
    ASSERT_NE(single, points.end());
    analysis::RunEvidence e;
    e.workers = 2;
    e.affinityPolicy = "single";
    analysis::setMachine(e, topology::uniformTopologyInfo(1, 1, 2, 1));
    e.wallSeconds = 1.0;
    e.phases.compute = 0.9;
    for (int w = 0; w < 2; ++w) {
        analysis::WorkerEvidence we;
        we.worker = w;
        we.pid = 1000 + w;
        we.cpuset = CpuSet::fromVector({0});
        we.tasks = 4;
        we.busySeconds = 0.5;
        e.workerStats.push_back(we);
    }
    auto narrowed = [](const std::vector<analysis::Finding>& findings) {
        const auto it = std::find_if(findings.begin(), findings.end(),
                                     [](const analysis::Finding& f) { return f.id == analysis::kAffinityNarrowed; });
        return it == findings.end() ? std::string() : it->text;
    };
    EXPECT_EQ(narrowed(analysis::adviseRun(e)).find("demonstration"), std::string::npos);
    EXPECT_EQ(preset.experiment.preset.value("demonstrates", ""), analysis::kAffinityNarrowed);
    e.presetDemonstrates = preset.experiment.preset.value("demonstrates", "");
    const std::string text = narrowed(analysis::adviseRun(e));
    EXPECT_EQ(text.rfind("This is the preset's demonstration, set up on purpose (not a mistake of yours)", 0), 0u)
        << text;
}

TEST(WindowAdvice, ATooShortCalibratedRunAsksForALongerDurationNotMoreTasks) {
    analysis::RunEvidence e;
    e.workers = 2;
    analysis::setMachine(e, topology::uniformTopologyInfo(1, 1, 2, 1));
    e.tasks = 4;
    e.wallSeconds = 1.0;
    e.phases.compute = 0.3;
    e.phases.spawn = 0.4;
    e.phases.wait = 0.2;
    e.phases.teardown = 0.05;
    auto shortRunFix = [](const analysis::RunEvidence& evidence) {
        for (const auto& f : analysis::adviseRun(evidence))
            if (f.id == analysis::kShortRun) return f.evidence["fix"].get<std::string>();
        return std::string("no short-run finding");
    };
    EXPECT_EQ(shortRunFix(e), "--tasks 88"); // tasks given: more of them
    e.calibratedDuration = 0.2;
    EXPECT_EQ(shortRunFix(e), "--duration 4.4"); // tasks chosen by duration: a longer one
}
