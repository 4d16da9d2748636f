#include "export/replay_timeline.h"

#include "events/event_reader.h"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>

namespace oversub {
namespace {

constexpr size_t kReadChunkBytes = 1 << 16;

// The run an event belongs to; nullopt for invocation-wide events.
std::optional<int> runOf(const events::Event& event) {
    return std::visit(
        [](const auto& e) -> std::optional<int> {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, events::RunStarted> || std::is_same_v<T, events::WorkerReady> ||
                          std::is_same_v<T, events::TaskDone> || std::is_same_v<T, events::RunDone>)
                return e.run;
            else if constexpr (std::is_same_v<T, events::Sample>)
                return e.run >= 0 ? std::optional<int>(e.run) : std::nullopt;
            else return std::nullopt;
        },
        event);
}

// When the event happened on its run's clock; nullopt when it carries no time.
std::optional<double> runSecondsOf(const events::Event& event) {
    if (std::holds_alternative<events::RunStarted>(event)) return 0.0;
    if (const auto* e = std::get_if<events::WorkerReady>(&event)) return e->tSeconds;
    if (const auto* e = std::get_if<events::Sample>(&event)) return e->snapshot.tSeconds;
    if (const auto* e = std::get_if<events::TaskDone>(&event)) return e->t1Seconds;
    if (const auto* e = std::get_if<events::RunDone>(&event)) return e->wallSeconds;
    return std::nullopt;
}

} // namespace

ReplayTimeline layOutTimeline(std::vector<events::Event> events) {
    // A journal appends each session after the last (each begins with
    // hello); their run indices start again at 0, so only the last one is
    // laid out, as a journal's recovery reads it (export/journal.h).
    std::vector<std::string> sessionNotes;
    size_t sessions = 0, lastHello = 0;
    for (size_t i = 0; i < events.size(); ++i)
        if (std::holds_alternative<events::Hello>(events[i])) ++sessions, lastHello = i;
    if (sessions > 1) {
        events.erase(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(lastHello));
        sessionNotes.push_back("the file holds " + std::to_string(sessions) +
                               " sessions (a journal appends each): the last one is replayed");
    }
    const bool anySample = std::any_of(events.begin(), events.end(),
                                       [](const auto& e) { return std::holds_alternative<events::Sample>(e); });
    // Where each run (and a watch) started on CLOCK_MONOTONIC, from its first sample.
    std::map<int, double> monotonicStart; // run -> seconds; run -1: the watch
    for (const auto& event : events)
        if (const auto* s = std::get_if<events::Sample>(&event); s && s->snapshot.monotonicNs > 0)
            monotonicStart.emplace(s->run, s->snapshot.monotonicNs / 1e9 - s->snapshot.tSeconds);
    std::optional<double> origin;
    for (const auto& [run, start] : monotonicStart) origin = origin ? std::min(*origin, start) : start;

    ReplayTimeline out;
    std::map<int, size_t> runIndex; // stream run -> out.runs
    double cursor = 0;
    for (auto& event : events) {
        double seconds = cursor;
        const std::optional<int> run = runOf(event);
        if (const auto* started = std::get_if<events::RunStarted>(&event)) {
            ReplayRun r;
            r.run = started->run;
            r.label = started->label;
            r.warmup = started->warmup;
            const auto mono = monotonicStart.find(started->run);
            r.startSeconds = mono != monotonicStart.end() && origin ? std::max(cursor, mono->second - *origin) : cursor;
            r.endSeconds = r.startSeconds;
            runIndex[r.run] = out.runs.size();
            out.runs.push_back(std::move(r));
        }
        if (run) {
            if (const auto it = runIndex.find(*run); it != runIndex.end()) {
                ReplayRun& r = out.runs[it->second];
                if (const auto t = runSecondsOf(event)) seconds = r.startSeconds + *t;
                if (const auto* done = std::get_if<events::RunDone>(&event)) {
                    r.done = true;
                    r.phases = analysis::phaseSpans(done->phases, done->wallSeconds);
                }
            }
        } else if (const auto* s = std::get_if<events::Sample>(&event)) {
            const auto mono = monotonicStart.find(-1);
            if (mono != monotonicStart.end() && origin) seconds = mono->second - *origin + s->snapshot.tSeconds;
        }
        seconds = std::max(seconds, cursor);
        if (run)
            if (const auto it = runIndex.find(*run); it != runIndex.end())
                out.runs[it->second].endSeconds = std::max(out.runs[it->second].endSeconds, seconds);
        cursor = seconds;
        out.events.push_back({seconds, std::move(event)});
    }
    out.durationSeconds = cursor;
    out.notes = std::move(sessionNotes);
    if (!anySample && !out.runs.empty())
        out.notes.push_back("it holds no samples (a journal, or runs made without sampling): the runs, their findings "
                            "and wall times "
                            "replay, the core view and the load chart stay empty");
    for (const auto& r : out.runs)
        if (!r.done)
            out.notes.push_back("the recording ends during run " + std::to_string(r.run) +
                                " (no run_done): it is replayed as far as it goes");
    return out;
}

ReplayTimeline readReplayTimeline(std::istream& in) {
    events::EventReader reader;
    std::vector<events::Event> parsed;
    std::vector<std::string> notes;
    size_t skipped = 0;
    std::string firstSkipped;
    auto drain = [&] {
        for (;;) {
            try {
                auto event = reader.next();
                if (!event) return;
                parsed.push_back(std::move(*event));
            } catch (const events::SchemaMismatchError&) {
                throw;
            } catch (const events::EventParseError& error) {
                if (skipped++ == 0) firstSkipped = error.what();
            }
        }
    };
    std::string chunk(kReadChunkBytes, '\0');
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        const auto got = static_cast<size_t>(in.gcount());
        if (got == 0) break;
        reader.feed(std::string_view(chunk.data(), got));
        drain();
    }
    if (reader.hasPartialLine()) {
        const size_t whole = reader.lineNumber();
        try {
            if (auto last = reader.finish()) parsed.push_back(std::move(*last));
        } catch (const events::SchemaMismatchError&) {
            throw;
        } catch (const events::EventParseError&) {
            notes.push_back("the recording ends mid-line after line " + std::to_string(whole) +
                            ": replayed up to there");
        }
    }
    if (skipped > 0)
        notes.push_back(std::to_string(skipped) + " bad line" + (skipped == 1 ? "" : "s") +
                        " skipped (the first: " + firstSkipped + ")");
    if (parsed.empty()) throw std::runtime_error("no event could be read: not a recorded event stream");
    ReplayTimeline timeline = layOutTimeline(std::move(parsed));
    timeline.notes.insert(timeline.notes.begin(), notes.begin(), notes.end());
    return timeline;
}

size_t eventsUpTo(const ReplayTimeline& timeline, double seconds) {
    const auto it = std::upper_bound(timeline.events.begin(), timeline.events.end(), seconds,
                                     [](double s, const TimedEvent& e) { return s < e.seconds; });
    return static_cast<size_t>(it - timeline.events.begin());
}

} // namespace oversub
