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

// A whole token as a decimal number (a stat field): "12x" and "" are refused.
template <typename Number>
bool wholeNumber(std::string_view token, Number& value) {
    Number parsed = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), parsed);
    if (ec != std::errc() || token.empty() || end != token.data() + token.size()) return false;
    value = parsed;
    return true;
}

} // namespace

std::string_view StatLine::field(int n) const { return n >= 3 && n <= lastField ? fields[n] : std::string_view(); }

bool StatLine::number(int n, int64_t& value) const { return wholeNumber(field(n), value); }
bool StatLine::number(int n, uint64_t& value) const { return wholeNumber(field(n), value); }

bool splitStatLine(std::string_view text, int lastField, StatLine& out) {
    if (lastField < 3 || lastField > StatLine::kMaxField) return false;
    const size_t open = text.find(" (");
    const size_t close = text.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open + 2) return false;
    int pid = 0;
    if (!wholeNumber(text.substr(0, open), pid) || pid <= 0) return false;
    std::string_view s = text.substr(close + 1);
    for (int n = 3; n <= lastField; ++n) {
        skipBlanks(s);
        size_t length = 0;
        while (length < s.size() && s[length] != ' ' && s[length] != '\t' && s[length] != '\n') ++length;
        if (length == 0) return false; // truncated: fewer fields than asked for
        out.fields[n] = s.substr(0, length);
        s.remove_prefix(length);
    }
    out.pid = pid;
    out.comm = text.substr(open + 2, close - open - 2);
    out.lastField = lastField;
    return true;
}

bool parseTaskStat(std::string_view text, TaskStatFields& out) {
    StatLine line;
    if (!splitStatLine(text, 39, line)) return false;
    TaskStatFields parsed;
    int64_t ppid = 0, numThreads = 0, cpu = 0;
    if (!line.number(4, ppid) || !line.number(14, parsed.utimeTicks) || !line.number(15, parsed.stimeTicks) ||
        !line.number(20, numThreads) || !line.number(22, parsed.startTicks) || !line.number(39, cpu))
        return false;
    parsed.state = line.field(3)[0];
    parsed.ppid = static_cast<int>(ppid);
    parsed.numThreads = static_cast<int>(numThreads);
    parsed.cpu = static_cast<int>(cpu);
    out = parsed;
    return true;
}

bool parseTaskStatPpid(std::string_view text, int& ppid) {
    StatLine line;
    int64_t value = 0;
    if (!splitStatLine(text, 4, line) || !line.number(4, value)) return false;
    ppid = static_cast<int>(value);
    return true;
}

bool parseSchedstat(std::string_view text, SchedstatFields& out) {
    SchedstatFields parsed;
    if (!takeU64(text, parsed.runNs) || !takeU64(text, parsed.runqWaitNs) || !takeU64(text, parsed.timeslices))
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
    if (line.size() < 4 || line.substr(0, 3) != "cpu" || line[3] < '0' || line[3] > '9') return false;
    std::string_view s = line.substr(3);
    uint64_t index = 0;
    if (!takeU64(s, index)) return false;
    CpuTickCounters parsed;
    uint64_t* const columns[] = {&parsed.user, &parsed.nice,    &parsed.system, &parsed.idle,  &parsed.iowait,
                                 &parsed.irq,  &parsed.softirq, &parsed.steal,  &parsed.guest, &parsed.guestNice};
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
