#include "watch_table.h"

#include "analysis/advice_text.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace oversub::cli {
namespace {

using sampler::CpuShare;
using sampler::ThreadSample;

// A share of the interval (0..1) as a percentage with one decimal, "37.0".
std::string pct(double share) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f", share * 100);
    return text;
}

// Right-aligned in `width` characters.
std::string padLeft(const std::string& text, size_t width) {
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

double meanBusy(const std::vector<CpuShare>& cpus) {
    if (cpus.empty()) return 0;
    double sum = 0;
    for (const auto& c : cpus) sum += c.busy();
    return sum / static_cast<double>(cpus.size());
}

std::string header(const events::Sample& sample, std::string_view clock) {
    const auto& cpus = sample.snapshot.cpus;
    double user = 0, system = 0;
    for (const auto& c : cpus) {
        user += c.user + c.nice;
        system += c.system + c.irq + c.softirq;
    }
    const double n = cpus.empty() ? 1 : static_cast<double>(cpus.size());
    char t[32];
    std::snprintf(t, sizeof t, "%.1f", sample.snapshot.tSeconds);
    return "oversub-cli watch  " + std::string(clock) + "  t " + t + " s  " +
           analysis::counted(static_cast<long long>(cpus.size()), "PU", "PUs") + "  busy " + pct(meanBusy(cpus)) +
           "%  user " + pct(user / n) + "%  system " + pct(system / n) + "%";
}

// The watched tree's line: the gauge as the window's status line words it.
std::string gaugeLine(const events::Sample& sample) {
    const size_t threads = sample.snapshot.threads.size();
    const std::string counted = analysis::counted(static_cast<long long>(threads), "thread", "threads");
    if (!sample.gauge) return "watched: " + counted + " (the gauge waits for the tree's allowed PUs)";
    const auto& g = *sample.gauge;
    char concurrency[32];
    std::snprintf(concurrency, sizeof concurrency, "%.2f", g.concurrency);
    return "watched: " + counted + " on " + analysis::counted(g.allowedPus, "PU", "PUs") + ", concurrency " +
           concurrency + "x (" + std::string(analysis::toString(g.band)) + "), " + analysis::percent(g.runqWaitShare) +
           " of their time waiting in the run queue, " +
           std::to_string(static_cast<long long>(g.involuntarySwitchesPerSecond + 0.5)) + " invol. switches/s";
}

// "python3 4712 R 98%" for each watched thread last on the PU, most running
// first, as many as fit in `width` and "+N" for the rest.
std::string threadsCell(std::vector<const ThreadSample*> threads, const ProcessNames& names, size_t width) {
    std::sort(threads.begin(), threads.end(), [](const ThreadSample* a, const ThreadSample* b) {
        return a->run != b->run ? a->run > b->run : a->tid < b->tid;
    });
    std::string cell;
    for (size_t i = 0; i < threads.size(); ++i) {
        const ThreadSample& t = *threads[i];
        const auto name = names.find(t.pid);
        std::string entry = (name != names.end() ? name->second + " " : std::string()) + std::to_string(t.tid) + " " +
                            t.state + " " + analysis::percent(t.run);
        if (!cell.empty()) entry = ", " + entry;
        // Room for this entry and, unless it is the last, the "+N" after it.
        const size_t more = i + 1 < threads.size() ? 4 : 0;
        if (!cell.empty() && cell.size() + entry.size() + more > width) {
            cell += " +" + std::to_string(threads.size() - i);
            break;
        }
        cell += entry;
    }
    return cell;
}

constexpr size_t kPuWidth = 5;
constexpr size_t kShareWidth = 7; // "  100.0", and room for "iowait"
const char* const kShareTitles[] = {"busy", "user", "nice", "sys", "irq", "sirq", "steal", "iowait"};

std::string columnTitles(bool withThreads) {
    std::string line = padLeft("PU", kPuWidth);
    for (const char* title : kShareTitles) line += padLeft(title, kShareWidth);
    if (withThreads) line += "  watched threads";
    return line;
}

std::string row(const CpuShare& c, const std::vector<const ThreadSample*>& threads, const ProcessNames& names,
                bool withThreads, size_t columns) {
    std::string line = padLeft(std::to_string(c.cpu), kPuWidth);
    // In the order of kShareTitles.
    for (double share : {c.busy(), c.user, c.nice, c.system, c.irq, c.softirq, c.steal, c.iowait})
        line += padLeft(pct(share), kShareWidth);
    if (withThreads && !threads.empty()) {
        line += "  ";
        line += threadsCell(threads, names, columns > line.size() ? columns - line.size() : 0);
    }
    return line;
}

// "... 472 of 512 PUs hidden (...): busy mean 3.1%, max 9.0%[, 3 watched threads]"
std::string hiddenLine(const std::vector<const CpuShare*>& hidden, size_t total, size_t hiddenThreads) {
    double sum = 0, most = 0;
    for (const CpuShare* c : hidden) {
        sum += c->busy();
        most = std::max(most, c->busy());
    }
    const double mean = hidden.empty() ? 0 : sum / static_cast<double>(hidden.size());
    std::string line = "  ... " + std::to_string(hidden.size()) + " of " + std::to_string(total) +
                       " PUs hidden (a taller terminal shows more): busy mean " + pct(mean) + "%, max " + pct(most) +
                       "%";
    if (hiddenThreads > 0)
        line += ", " + analysis::counted(static_cast<long long>(hiddenThreads), "watched thread", "watched threads");
    return line;
}

} // namespace

std::vector<std::string> watchTableLines(const events::Sample& sample, const ProcessNames& names,
                                         std::string_view clock, TerminalSize size) {
    std::vector<std::string> lines;
    if (size.rows < 1) return lines;
    const size_t columns = static_cast<size_t>(std::max(size.columns, 1));
    const auto& snapshot = sample.snapshot;
    const bool watching = !snapshot.threads.empty() || sample.gauge.has_value();

    lines.push_back(header(sample, clock));
    if (watching) lines.push_back(gaugeLine(sample));
    lines.push_back(columnTitles(watching));

    std::map<int, std::vector<const ThreadSample*>> threadsByCpu;
    for (const auto& t : snapshot.threads) threadsByCpu[t.cpu].push_back(&t);
    static const std::vector<const ThreadSample*> none;
    const auto threadsOn = [&](int cpu) -> const std::vector<const ThreadSample*>& {
        const auto found = threadsByCpu.find(cpu);
        return found == threadsByCpu.end() ? none : found->second;
    };

    std::vector<const CpuShare*> cpus;
    cpus.reserve(snapshot.cpus.size());
    for (const auto& c : snapshot.cpus) cpus.push_back(&c);
    const size_t room = lines.size() < static_cast<size_t>(size.rows) ? size.rows - lines.size() : 0;
    std::vector<const CpuShare*> hidden;
    if (cpus.size() > room) {
        // The PUs that fit above one line for the rest: those the watched
        // threads are on first (what --pid is for), then the busiest.
        const auto hasThreads = [&](const CpuShare* c) { return threadsByCpu.count(c->cpu) > 0; };
        std::stable_sort(cpus.begin(), cpus.end(), [&](const CpuShare* a, const CpuShare* b) {
            if (hasThreads(a) != hasThreads(b)) return hasThreads(a);
            return a->busy() > b->busy();
        });
        const size_t shown = room > 0 ? room - 1 : 0;
        hidden.assign(cpus.begin() + static_cast<std::ptrdiff_t>(shown), cpus.end());
        cpus.resize(shown);
    }
    for (const CpuShare* c : cpus) lines.push_back(row(*c, threadsOn(c->cpu), names, watching, columns));
    if (!hidden.empty()) {
        size_t hiddenThreads = 0;
        for (const CpuShare* c : hidden) hiddenThreads += threadsOn(c->cpu).size();
        lines.push_back(hiddenLine(hidden, snapshot.cpus.size(), hiddenThreads));
    }

    if (lines.size() > static_cast<size_t>(size.rows)) lines.resize(size.rows);
    for (auto& line : lines)
        if (line.size() > columns) line.resize(columns);
    return lines;
}

std::string watchPlainLine(const events::Sample& sample, std::string_view clock) {
    const auto& snapshot = sample.snapshot;
    char t[32];
    std::snprintf(t, sizeof t, "%.2f", snapshot.tSeconds);
    std::string line = "time=" + std::string(clock) + " t_s=" + t + " busy=" + pct(meanBusy(snapshot.cpus)) + "%";
    if (snapshot.cpus.size() <= static_cast<size_t>(kMaxPusInPlainLine)) {
        for (const auto& c : snapshot.cpus) line += " pu" + std::to_string(c.cpu) + "=" + pct(c.busy()) + "%";
    } else {
        const auto [least, most] =
            std::minmax_element(snapshot.cpus.begin(), snapshot.cpus.end(),
                                [](const CpuShare& a, const CpuShare& b) { return a.busy() < b.busy(); });
        line += " pus=" + std::to_string(snapshot.cpus.size()) + " min=" + pct(least->busy()) +
                "% max=" + pct(most->busy()) + "% busiest_pu=" + std::to_string(most->cpu);
    }
    if (!snapshot.threads.empty()) line += " threads=" + std::to_string(snapshot.threads.size());
    if (sample.gauge) {
        const auto& g = *sample.gauge;
        char concurrency[32];
        std::snprintf(concurrency, sizeof concurrency, "%.2f", g.concurrency);
        line += " allowed_pus=" + std::to_string(g.allowedPus) + " concurrency=" + concurrency +
                " band=" + std::string(analysis::toString(g.band)) + " runq_wait=" + pct(g.runqWaitShare) + "%";
    }
    return line;
}

} // namespace oversub::cli
