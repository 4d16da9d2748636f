// Phase spans on a run's clock: back to back from 0 to wall_s, each as long
// as run_done says, and inside the run whatever an older file holds.

#include "analysis/phase_spans.h"

#include <gtest/gtest.h>

using oversub::analysis::PhaseSpan;
using oversub::analysis::phaseSpans;
using oversub::events::Phases;

TEST(PhaseSpans, LieBackToBackAsLongAsTheirPhases) {
    Phases p;
    p.prepareSeconds = 0.5;
    p.spawnSeconds = 0.25;
    p.deliverySeconds = 0.1;
    p.computeSeconds = 2.0;
    p.collectSeconds = 0.05;
    p.waitSeconds = 0.1;
    p.teardownSeconds = 0.25;
    const double wall = p.sum(); // 3.25
    const auto spans = phaseSpans(p, wall);
    const std::vector<PhaseSpan> expected = {
        {"prepare", 0, 0.5}, {"spawn", 0.5, 0.75}, {"compute", 0.75, 3.0}, {"teardown", 3.0, 3.25}};
    EXPECT_EQ(spans, expected);
}

TEST(PhaseSpans, StayInsideTheRunWhenThePhasesDoNotFitIt) {
    Phases p; // an older file: no prepare, a teardown longer than the run
    p.spawnSeconds = 0.2;
    p.teardownSeconds = 5;
    const auto spans = phaseSpans(p, 1.0);
    ASSERT_EQ(spans.size(), 4u);
    for (size_t i = 0; i < spans.size(); ++i) {
        EXPECT_GE(spans[i].beginSeconds, 0) << spans[i].name;
        EXPECT_LE(spans[i].beginSeconds, spans[i].endSeconds) << spans[i].name;
        EXPECT_LE(spans[i].endSeconds, 1.0) << spans[i].name;
        if (i > 0) {
            EXPECT_EQ(spans[i].beginSeconds, spans[i - 1].endSeconds) << spans[i].name;
        }
    }
    EXPECT_EQ(spans.front().beginSeconds, 0);
    EXPECT_EQ(spans.back().endSeconds, 1.0);
    EXPECT_EQ(spans[1].endSeconds, 0.2) << "compute starts when the workers were ready";
}
