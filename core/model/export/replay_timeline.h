#pragma once
// A recorded event stream (oversub-cli ... --events FILE, or what the window
// recorded) laid out on one clock for replay: every event gets the moment it
// happened, in seconds from the recording's first run start, so a player can
// hand the views what had happened by any moment, at any speed, forwards or
// backwards.
//
// Each run's events carry times on the run's own clock (docs/events.md,
// "Times"); its samples also carry CLOCK_MONOTONIC, which places the runs of
// a sweep on one clock with the real gaps between them. A run without
// samples starts where the previous one ended. Times never go backwards in
// file order: an event is at least as late as the one before it, so the
// order the engine wrote is the order a replay shows.

#include "analysis/phase_spans.h"
#include "events/event.h"

#include <istream>
#include <string>
#include <vector>

namespace oversub {

struct TimedEvent {
    double seconds = 0; // on the recording's clock
    events::Event event;
};

struct ReplayRun {
    int run = 0; // the stream's run index
    std::string label; // its sweep point ("" for a single point)
    bool warmup = false;
    double startSeconds = 0; // run_started, on the recording's clock
    double endSeconds = 0; // run_done (or its last event when the recording ends first)
    bool done = false; // its run_done is in the recording
    std::vector<analysis::PhaseSpan> phases; // on the run's own clock; empty without run_done
};

struct ReplayTimeline {
    std::vector<TimedEvent> events; // file order, times non-decreasing
    std::vector<ReplayRun> runs; // in the order they started
    double durationSeconds = 0; // the last event's time
    // What the recording lacks, said once each: a cut last line, a run with
    // no run_done, skipped bad lines. Empty for a whole recording.
    std::vector<std::string> notes;
};

// Reads a whole recording. Bad lines are skipped and noted; a last line cut
// off mid-way is noted ("the recording ends mid-line after line N: replayed
// up to there"). Throws events::SchemaMismatchError for another schema, and
// std::runtime_error when nothing could be read.
ReplayTimeline readReplayTimeline(std::istream& in);

// Lays parsed events out on one clock (the part of readReplayTimeline after
// parsing). A journal (export/journal.h) is a recording without samples:
// its runs last their wall time, and of several sessions the last is laid
// out; both are noted.
ReplayTimeline layOutTimeline(std::vector<events::Event> events);

// The index of the first event later than `seconds` (events.size() when none):
// what has happened by `seconds` is events [0, index).
size_t eventsUpTo(const ReplayTimeline& timeline, double seconds);

} // namespace oversub
