// Facts about sweeps: lists parse per knob, the product has the right count
// in the documented order (first knob outermost), points carry labels, and
// bad items are named.

#include "experiment/sweep.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

using namespace oversub;

TEST(Sweep, ParsesListsInTheOrderGiven) {
    const SweepSpec spec = parseSweep({{"workers", "1, 2,4"}, {"threads", "1,2"}});
    ASSERT_EQ(spec.axes.size(), 2u);
    EXPECT_EQ(spec.axes[0].knob, "workers");
    EXPECT_EQ(spec.axes[0].values, (std::vector<std::string>{"1", "2", "4"}));
    EXPECT_EQ(spec.axes[1].values, (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(spec.pointCount(), 6u);
}

TEST(Sweep, ExpandsFirstKnobOutermost) {
    const SweepSpec spec = parseSweep({{"workers", "1,2"}, {"threads", "1,2"}, {"delivery", "pipe,shm"}});
    const auto points = expandPoints(defaults(), spec);
    ASSERT_EQ(points.size(), 8u);
    const std::vector<std::string> labels = {
        "workers=1 threads=1 delivery=pipe", "workers=1 threads=1 delivery=shm",  "workers=1 threads=2 delivery=pipe",
        "workers=1 threads=2 delivery=shm",  "workers=2 threads=1 delivery=pipe", "workers=2 threads=1 delivery=shm",
        "workers=2 threads=2 delivery=pipe", "workers=2 threads=2 delivery=shm",
    };
    for (size_t i = 0; i < points.size(); ++i) {
        EXPECT_EQ(points[i].index, static_cast<int>(i));
        EXPECT_EQ(points[i].label, labels[i]);
        EXPECT_TRUE(points[i].experiment.sweep.empty());
        EXPECT_EQ(points[i].experiment.size, 1000); // untouched knobs keep the base value
    }
    EXPECT_EQ(points[5].experiment.workers, 2);
    EXPECT_EQ(points[5].experiment.threads, 1);
    EXPECT_EQ(points[5].experiment.delivery, Delivery::Shm);
    EXPECT_EQ(expand(defaults(), spec).size(), 8u);
}

TEST(Sweep, SingleValuesAreFixedAndLeftOutOfLabels) {
    const SweepSpec spec = parseSweep({{"workers", "3"}, {"threads", "1,2"}, {"cpus", "0,1;1"}});
    ASSERT_EQ(spec.axes[2].values, (std::vector<std::string>{"0,1;1"})); // cpu lists keep commas
    Experiment custom = defaults();
    custom.affinity = AffinityPolicy::Custom; // cpu lists mean something only there
    const auto points = expandPoints(custom, spec);
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[0].label, "threads=1");
    EXPECT_EQ(points[1].experiment.workers, 3);
    EXPECT_EQ(points[1].experiment.cpus, "0,1;1");
    EXPECT_EQ(expandPoints(defaults(), SweepSpec{}).size(), 1u);
    EXPECT_EQ(expandPoints(defaults(), SweepSpec{})[0].label, "");
}

TEST(Sweep, ExperimentCarriesItsOwnSweep) {
    Experiment e = defaults();
    e.sweep = parseSweep({{"workers", "1,2"}});
    const auto points = expandPoints(e);
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[1].experiment.workers, 2);
    EXPECT_EQ(experimentFromJson(toJson(e)), e);
}

TEST(Sweep, BadItemsNameTheKnobAndTheItem) {
    try {
        parseSweep({{"workers", "1,0,4"}});
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "workers");
        EXPECT_EQ(e.value(), "0");
        EXPECT_EQ(e.allowed(), "1-4096");
    }
    try {
        parseSweep({{"delivery", "pipe,pickle"}});
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "delivery");
        EXPECT_EQ(e.value(), "pickle");
    }
    EXPECT_THROW(parseSweep({{"workers", "1,,2"}}), InputError);
    EXPECT_THROW(parseSweep({{"workers", "1,2"}, {"workers", "3"}}), InputError);
    try {
        parseSweep({{"repeat", "1,2"}});
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "repeat");
        EXPECT_NE(e.allowed().find("cannot be swept"), std::string::npos);
    }
    EXPECT_THROW(parseSweep({{"nope", "1"}}), InputError);
}

TEST(Sweep, RefusesHugeProducts) {
    std::string many;
    for (int i = 1; i <= 400; ++i) many += (i > 1 ? "," : "") + std::to_string(i);
    EXPECT_THROW(parseSweep({{"workers", many}, {"tasks", many}}), InputError);
}

TEST(Sweep, PointsAreValidatedWithTheirLabel) {
    Experiment base = defaults();
    const SweepSpec spec = parseSweep({{"affinity", "scatter,custom"}});
    try {
        expandPoints(base, spec);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "cpus");
        EXPECT_NE(e.allowed().find("affinity=custom"), std::string::npos);
    }
}
