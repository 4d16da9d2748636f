#pragma once
// Per-CPU time from /proc/stat, kept open and re-read with pread. Like htop's
// CPUData, every CPU keeps its cumulative tick counters and the deltas of the
// last interval side by side; deltas saturate at 0 so a counter that goes
// backwards (a CPU hot-plugged, a counter reset) never yields a huge share.
//
// CPUs may go offline and come back: a CPU missing from the latest read is
// marked offline and left out of the shares; when it returns its counters are
// taken as a new base (its first interval back shows shares of 0).

#include "events/samples.h"
#include "sampler/proc_file.h"
#include "sampler/proc_parse.h"

#include <string>
#include <vector>

namespace oversub::sampler {

struct CpuTimes {
    int cpu = -1;
    bool online = false; // present in the latest read of /proc/stat
    bool hasPeriod = false; // periodTicks covers a real interval (false on the first read)
    CpuTickCounters totalTicks; // cumulative since boot
    CpuTickCounters periodTicks; // growth over the last interval, saturating
    uint64_t periodAllTicks = 0; // sum of the period columns that partition time (guest excluded)
};

class ProcStatReader {
public:
    explicit ProcStatReader(const std::string& procRoot = "/proc");

    // Reads /proc/stat once. Returns false (keeping the previous values) when
    // the file is missing or unreadable; never throws for that.
    bool update();

    // Indexed by CPU OS index; ids never seen are left with cpu == -1.
    const std::vector<CpuTimes>& cpuTimes() const { return cpus_; }
    int onlineCount() const;

    // One CpuShare per online CPU, ascending by OS index, shares of the last
    // interval (all 0 when there was no interval yet). Reuses `out`'s storage.
    void fillShares(std::vector<CpuShare>& out) const;
    std::vector<CpuShare> shares() const;

private:
    std::string path_;
    KeptOpenFile file_;
    std::vector<char> buffer_;
    std::vector<CpuTimes> cpus_;
    std::vector<unsigned char> seenThisRead_; // per OS index, reused every read
    bool everRead_ = false;
};

// Shares of one CPU's period: each column's ticks / all ticks of the period.
// Guest time is already part of user (and guest_nice of nice) in /proc/stat,
// so it is not counted twice.
CpuShare cpuShareOf(const CpuTimes& times);

} // namespace oversub::sampler
