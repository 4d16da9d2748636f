#include "sampler/proc_stat_reader.h"

#include <fcntl.h>

namespace oversub::sampler {
namespace {

constexpr int kMaxCpuIndex = 1 << 16; // well above the kernel's NR_CPUS limit (8192)

uint64_t saturatingSub(uint64_t now, uint64_t before) { return now > before ? now - before : 0; }

CpuTickCounters periodOf(const CpuTickCounters& now, const CpuTickCounters& before) {
    CpuTickCounters d;
    d.user = saturatingSub(now.user, before.user);
    d.nice = saturatingSub(now.nice, before.nice);
    d.system = saturatingSub(now.system, before.system);
    d.idle = saturatingSub(now.idle, before.idle);
    d.iowait = saturatingSub(now.iowait, before.iowait);
    d.irq = saturatingSub(now.irq, before.irq);
    d.softirq = saturatingSub(now.softirq, before.softirq);
    d.steal = saturatingSub(now.steal, before.steal);
    d.guest = saturatingSub(now.guest, before.guest);
    d.guestNice = saturatingSub(now.guestNice, before.guestNice);
    return d;
}

uint64_t partitionSum(const CpuTickCounters& c) {
    return c.user + c.nice + c.system + c.idle + c.iowait + c.irq + c.softirq + c.steal;
}

} // namespace

ProcStatReader::ProcStatReader(const std::string& procRoot) : path_(procRoot + "/stat") {}

int ProcStatReader::onlineCount() const {
    int n = 0;
    for (const auto& c : cpus_) n += c.online ? 1 : 0;
    return n;
}

bool ProcStatReader::update() {
    if (!file_.isOpen() && !file_.open(AT_FDCWD, path_.c_str())) return false;
    std::string_view text;
    if (!file_.readAll(buffer_, text)) return false;

    for (auto& seen : seenThisRead_) seen = 0;
    int cpuLines = 0;
    while (!text.empty()) {
        const size_t eol = text.find('\n');
        const std::string_view line = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        int cpu = -1;
        CpuTickCounters counters;
        if (!parseProcStatCpuLine(line, cpu, counters)) {
            // The cpuN lines come together right after the aggregate line;
            // stop at the first other line once they started.
            if (cpuLines > 0) break;
            continue;
        }
        ++cpuLines;
        if (cpu > kMaxCpuIndex) continue; // not a real CPU id: do not grow without bound
        const auto index = static_cast<size_t>(cpu);
        if (index >= cpus_.size()) {
            cpus_.resize(index + 1);
            seenThisRead_.resize(index + 1, 0);
        }
        CpuTimes& slot = cpus_[index];
        seenThisRead_[index] = 1;
        // A CPU that was offline (or unknown) last time starts from a new base.
        slot.hasPeriod = slot.online && everRead_;
        slot.periodTicks = slot.hasPeriod ? periodOf(counters, slot.totalTicks) : CpuTickCounters{};
        slot.periodAllTicks = partitionSum(slot.periodTicks);
        slot.totalTicks = counters;
        slot.cpu = cpu;
        slot.online = true;
    }
    if (cpuLines == 0) return false; // not a /proc/stat we understand: keep the last values

    for (size_t i = 0; i < cpus_.size(); ++i) {
        if (seenThisRead_[i]) continue;
        CpuTimes& gone = cpus_[i];
        gone.online = false;
        gone.hasPeriod = false;
        gone.periodTicks = {};
        gone.periodAllTicks = 0;
    }
    everRead_ = true;
    return true;
}

CpuShare cpuShareOf(const CpuTimes& times) {
    CpuShare share;
    share.cpu = times.cpu;
    if (!times.hasPeriod || times.periodAllTicks == 0) return share;
    const double all = static_cast<double>(times.periodAllTicks);
    const CpuTickCounters& p = times.periodTicks;
    share.user = static_cast<double>(p.user) / all;
    share.nice = static_cast<double>(p.nice) / all;
    share.system = static_cast<double>(p.system) / all;
    share.irq = static_cast<double>(p.irq) / all;
    share.softirq = static_cast<double>(p.softirq) / all;
    share.steal = static_cast<double>(p.steal) / all;
    share.iowait = static_cast<double>(p.iowait) / all;
    share.idle = static_cast<double>(p.idle) / all;
    return share;
}

void ProcStatReader::fillShares(std::vector<CpuShare>& out) const {
    out.clear();
    for (const auto& c : cpus_)
        if (c.online) out.push_back(cpuShareOf(c));
}

std::vector<CpuShare> ProcStatReader::shares() const {
    std::vector<CpuShare> out;
    fillShares(out);
    return out;
}

} // namespace oversub::sampler
