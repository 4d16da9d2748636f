#pragma once
// The sample event's JSON line written straight into a string, without
// building nlohmann's tree first. Samples are most of a stream (a 64-thread
// watch at 20 Hz writes 20 lines of ~16 KB a second), and building the tree
// and freeing it was the largest cost of `oversub-cli watch --pid` after the
// /proc reads. The bytes are exactly those of toJson(const Sample&) dumped
// the way toJsonLine dumps every event (tests compare the two); numbers use
// nlohmann's own shortest round-trip formatting.

#include "events/event_kinds.h"

#include <string>

namespace oversub::events {

// Replaces `out` with the line (no newline); keeps its capacity, so a writer
// that reuses one string does not allocate once warm.
void writeSampleLine(const Sample& sample, std::string& out);

} // namespace oversub::events
