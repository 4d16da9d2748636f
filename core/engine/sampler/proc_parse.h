#pragma once
// Parsers for the few /proc texts the sampler reads. Pure functions on text,
// no I/O, so the same code checks recorded fixtures and live files. Every
// parser returns false on text it does not understand instead of guessing
// (no unchecked sscanf).

#include <cstdint>
#include <string_view>

namespace oversub::sampler {

// One line of /proc/PID/stat (also /proc/PID/task/TID/stat) split into its
// fields, numbered as in proc(5): the pid (1), the command name (2) and the
// blank-separated fields after it. The name may hold spaces and ')' (a
// process may call itself "a) b"), so it ends at the LAST ')'. The one
// reader of stat lines: parseTaskStat, parseTaskStatPpid and the process
// list (process_list_info.h) all start here. The name and fields are views
// into the text split: valid while it is.
struct StatLine {
    static constexpr int kMaxField = 52; // the last field proc(5) lists (exit_code)
    int pid = 0;
    std::string_view comm; // without its parentheses
    int lastField = 2; // the highest field split
    // Field n >= 3 as text; empty when it was not split (past lastField).
    std::string_view field(int n) const;
    // Field n as a whole decimal number; false when absent or not a number.
    bool number(int n, int64_t& value) const;
    bool number(int n, uint64_t& value) const;

    std::string_view fields[kMaxField + 1]; // [n] = field n; [0..2] unused
};
// Splits `text` up to field `lastField` (3..kMaxField); fields after it are
// not looked at. False on a line it does not understand: no pid, no "(name)",
// or fewer than `lastField` fields (a truncated read).
bool splitStatLine(std::string_view text, int lastField, StatLine& out);

// The fields of a stat line the sampler uses.
struct TaskStatFields {
    char state = '?'; // field 3
    int ppid = 0; // field 4
    uint64_t utimeTicks = 0; // field 14, in clock ticks (sysconf(_SC_CLK_TCK))
    uint64_t stimeTicks = 0; // field 15
    int numThreads = 0; // field 20
    uint64_t startTicks = 0; // field 22, when it started, in clock ticks since boot: with the tid, which thread
    int cpu = -1; // field 39, the CPU it last ran on
};
// False, leaving `out` alone, when splitStatLine refuses the line.
bool parseTaskStat(std::string_view text, TaskStatFields& out);
// Only the parent pid (field 4): enough for walking the process tree.
bool parseTaskStatPpid(std::string_view text, int& ppid);

// /proc/PID/task/TID/schedstat: "run-ns wait-ns timeslices".
struct SchedstatFields {
    uint64_t runNs = 0; // time on a CPU
    uint64_t runqWaitNs = 0; // time runnable but waiting in a run queue
    uint64_t timeslices = 0; // number of times it was put on a CPU
};
bool parseSchedstat(std::string_view text, SchedstatFields& out);

// voluntary_ctxt_switches / nonvoluntary_ctxt_switches of /proc/.../status.
struct CtxSwitchCounts {
    uint64_t voluntary = 0;
    uint64_t involuntary = 0;
};
bool parseStatusCtxSwitches(std::string_view text, CtxSwitchCounts& out);

// One "cpuN ..." line of /proc/stat, cumulative since boot, in clock ticks.
// Older kernels print fewer columns; missing ones stay 0.
struct CpuTickCounters {
    uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0, guest = 0,
             guestNice = 0;
};
// Parses a line starting with "cpuN " (not the aggregate "cpu " line): sets
// `cpu` to N. Returns false for any other line.
bool parseProcStatCpuLine(std::string_view line, int& cpu, CpuTickCounters& out);

// "MemAvailable:   24302096 kB" -> bytes. `key` includes the colon.
bool parseMeminfoBytes(std::string_view text, std::string_view key, uint64_t& bytes);

} // namespace oversub::sampler
