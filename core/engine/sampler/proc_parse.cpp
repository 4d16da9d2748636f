#include "sampler/proc_parse.h"

#include <charconv>

namespace oversub::sampler {
namespace {

void skipBlanks(std::string_view& s) {
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    s.remove_prefix(i);
}

// Reads one unsigned decimal after optional blanks and consumes it.
bool takeU64(std::string_view& s, uint64_t& value) {
    skipBlanks(s);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end == s.data()) return false;
    s.remove_prefix(static_cast<size_t>(end - s.data()));
    return true;
}

// Reads a signed decimal (ppid and cpu are ints; some stat fields are negative).
bool takeI64(std::string_view& s, int64_t& value) {
    skipBlanks(s);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end == s.data()) return false;
    s.remove_prefix(static_cast<size_t>(end - s.data()));
    return true;
}

// Skips one blank-separated token.
bool skipToken(std::string_view& s) {
    skipBlanks(s);
    size_t i = 0;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') ++i;
    if (i == 0) return false;
    s.remove_prefix(i);
    return true;
}

} // namespace

bool parseTaskStat(std::string_view text, TaskStatFields& out) {
    const size_t close = text.rfind(')');
    if (close == std::string_view::npos) return false;
    std::string_view s = text.substr(close + 1);
    skipBlanks(s);
    if (s.empty()) return false;
    out.state = s[0];
    s.remove_prefix(1);
    // Fields 4.. follow; `field` is the number of the next field to read.
    int field = 4;
    int64_t signedValue = 0;
    uint64_t value = 0;
    if (!takeI64(s, signedValue)) return false; // 4 ppid
    out.ppid = static_cast<int>(signedValue);
    for (field = 5; field < 14; ++field)
        if (!skipToken(s)) return false;
    if (!takeU64(s, value)) return false; // 14 utime
    out.utimeTicks = value;
    if (!takeU64(s, value)) return false; // 15 stime
    out.stimeTicks = value;
    for (field = 16; field < 20; ++field)
        if (!skipToken(s)) return false;
    if (!takeI64(s, signedValue)) return false; // 20 num_threads
    out.numThreads = static_cast<int>(signedValue);
    for (field = 21; field < 39; ++field)
        if (!skipToken(s)) return false;
    if (!takeI64(s, signedValue)) return false; // 39 processor
    out.cpu = static_cast<int>(signedValue);
    return true;
}

bool parseTaskStatPpid(std::string_view text, int& ppid) {
    const size_t close = text.rfind(')');
    if (close == std::string_view::npos) return false;
    std::string_view s = text.substr(close + 1);
    if (!skipToken(s)) return false; // state
    int64_t value = 0;
    if (!takeI64(s, value)) return false;
    ppid = static_cast<int>(value);
    return true;
}

bool parseSchedstat(std::string_view text, SchedstatFields& out) {
    SchedstatFields parsed;
    if (!takeU64(text, parsed.runNs) || !takeU64(text, parsed.runqWaitNs) ||
        !takeU64(text, parsed.timeslices))
        return false;
    out = parsed;
    return true;
}

namespace {
bool valueAfterKey(std::string_view text, std::string_view key, uint64_t& value) {
    size_t at = 0;
    // The key must start a line: "voluntary_ctxt_switches:" is also the tail
    // of "nonvoluntary_ctxt_switches:".
    for (;;) {
        at = text.find(key, at);
        if (at == std::string_view::npos) return false;
        if (at == 0 || text[at - 1] == '\n') break;
        at += key.size();
    }
    std::string_view rest = text.substr(at + key.size());
    return takeU64(rest, value);
}
} // namespace

bool parseStatusCtxSwitches(std::string_view text, CtxSwitchCounts& out) {
    CtxSwitchCounts parsed;
    if (!valueAfterKey(text, "voluntary_ctxt_switches:", parsed.voluntary) ||
        !valueAfterKey(text, "nonvoluntary_ctxt_switches:", parsed.involuntary))
        return false;
    out = parsed;
    return true;
}

bool parseProcStatCpuLine(std::string_view line, int& cpu, CpuTickCounters& out) {
    if (line.size() < 4 || line.substr(0, 3) != "cpu" || line[3] < '0' || line[3] > '9')
        return false;
    std::string_view s = line.substr(3);
    uint64_t index = 0;
    if (!takeU64(s, index)) return false;
    CpuTickCounters parsed;
    uint64_t* const columns[] = {&parsed.user,   &parsed.nice,    &parsed.system, &parsed.idle,
                                 &parsed.iowait, &parsed.irq,     &parsed.softirq,
                                 &parsed.steal,  &parsed.guest,   &parsed.guestNice};
    int read = 0;
    for (uint64_t* column : columns) {
        if (!takeU64(s, *column)) break;
        ++read;
    }
    if (read < 4) return false; // user nice system idle exist on every kernel
    cpu = static_cast<int>(index);
    out = parsed;
    return true;
}

bool parseMeminfoBytes(std::string_view text, std::string_view key, uint64_t& bytes) {
    uint64_t kib = 0;
    if (!valueAfterKey(text, key, kib)) return false;
    bytes = kib * 1024;
    return true;
}

} // namespace oversub::sampler
