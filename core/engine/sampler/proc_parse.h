#pragma once
// Parsers for the few /proc texts the sampler reads. Pure functions on text,
// no I/O, so the same code checks recorded fixtures and live files. Every
// parser returns false on text it does not understand instead of guessing
// (no unchecked sscanf).

#include <cstdint>
#include <string_view>

namespace oversub::sampler {

// /proc/PID/task/TID/stat (also /proc/PID/stat). Field numbers as in proc(5).
struct TaskStatFields {
    char state = '?';        // field 3
    int ppid = 0;            // field 4
    uint64_t utimeTicks = 0; // field 14, in clock ticks (sysconf(_SC_CLK_TCK))
    uint64_t stimeTicks = 0; // field 15
    int numThreads = 0;      // field 20
    int cpu = -1;            // field 39, the CPU it last ran on
};
// The command name (field 2) may hold spaces and parentheses, so fields are
// counted from the last ')'.
bool parseTaskStat(std::string_view text, TaskStatFields& out);
// Only the parent pid (field 4): enough for walking the process tree.
bool parseTaskStatPpid(std::string_view text, int& ppid);

// /proc/PID/task/TID/schedstat: "run-ns wait-ns timeslices".
struct SchedstatFields {
    uint64_t runNs = 0;       // time on a CPU
    uint64_t runqWaitNs = 0;  // time runnable but waiting in a run queue
    uint64_t timeslices = 0;  // number of times it was put on a CPU
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
    uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0,
             steal = 0, guest = 0, guestNice = 0;
};
// Parses a line starting with "cpuN " (not the aggregate "cpu " line): sets
// `cpu` to N. Returns false for any other line.
bool parseProcStatCpuLine(std::string_view line, int& cpu, CpuTickCounters& out);

// "MemAvailable:   24302096 kB" -> bytes. `key` includes the colon.
bool parseMeminfoBytes(std::string_view text, std::string_view key, uint64_t& bytes);

} // namespace oversub::sampler
