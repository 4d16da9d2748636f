#include "external/step_tasks.h"

#include "external/command_tree.h"
#include "external/mpi_rank.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <memory>
#include <sstream>

namespace oversub::external {

namespace {

constexpr std::string_view kSrunName = "srun";

// Socket inodes `pid` holds: its fds that link to "socket:[INODE]".
std::set<unsigned long> socketInodes(int pid) {
    std::set<unsigned long> inodes;
    const std::string dirPath = "/proc/" + std::to_string(pid) + "/fd";
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(dirPath.c_str()), ::closedir);
    if (!dir) return inodes;
    char target[64];
    while (const dirent* entry = ::readdir(dir.get())) {
        if (entry->d_name[0] == '.') continue;
        const ssize_t n = ::readlinkat(::dirfd(dir.get()), entry->d_name, target, sizeof target - 1);
        if (n <= 0) continue;
        const std::string_view link(target, static_cast<size_t>(n));
        if (link.rfind("socket:[", 0) != 0 || link.back() != ']') continue;
        unsigned long inode = 0;
        const std::string_view digits = link.substr(8, link.size() - 9);
        if (std::from_chars(digits.data(), digits.data() + digits.size(), inode).ec == std::errc())
            inodes.insert(inode);
    }
    return inodes;
}

// Adds the local ports of LISTEN sockets among `inodes` from one of
// /proc/net/tcp, /proc/net/tcp6 ("sl local_address rem_address st ... inode").
void addListeningPorts(const char* table, const std::set<unsigned long>& inodes, std::set<int>& ports) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line); // the header
    while (std::getline(in, line)) {
        std::string sl, local, remote, state, queues, timer, retransmits, uid, timeout;
        unsigned long inode = 0;
        std::istringstream fields(line);
        if (!(fields >> sl >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode))
            continue;
        constexpr std::string_view kListen = "0A";
        if (state != kListen || !inodes.count(inode)) continue;
        const size_t colon = local.rfind(':');
        if (colon == std::string::npos) continue;
        int port = 0;
        const std::string_view hex = std::string_view(local).substr(colon + 1);
        if (std::from_chars(hex.data(), hex.data() + hex.size(), port, 16).ec == std::errc()) ports.insert(port);
    }
}

} // namespace

std::set<int> listeningTcpPorts(int pid) {
    std::set<int> ports;
    const std::set<unsigned long> inodes = socketInodes(pid);
    if (inodes.empty()) return ports;
    addListeningPorts("/proc/net/tcp", inodes, ports);
    addListeningPorts("/proc/net/tcp6", inodes, ports);
    return ports;
}

int srunPortFromEnviron(std::string_view environ) {
    const std::string_view value = environValue(environ, "SLURM_SRUN_COMM_PORT");
    int port = 0;
    if (std::from_chars(value.data(), value.data() + value.size(), port).ec != std::errc() || port < 1 || port > 65535)
        return 0;
    return port;
}

std::string StepTaskFinder::commOf(int pid, double nowSeconds) {
    auto it = comms_.find(pid);
    if (it != comms_.end() && nowSeconds - it->second.second >= kExecLookupSeconds) return it->second.first;
    std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
    std::string comm;
    std::getline(in, comm);
    if (it == comms_.end()) comms_[pid] = {comm, nowSeconds};
    else it->second.first = comm; // still young: it may have exec'd since
    return comm;
}

std::vector<int> StepTaskFinder::find(const std::vector<int>& tree, double nowSeconds) {
    std::set<int> ports;
    for (int pid : tree)
        if (commOf(pid, nowSeconds) == kSrunName) ports.merge(listeningTcpPorts(pid));
    std::vector<int> found;
    if (ports.empty()) return found;
    for (const ProcessRow& row : scanProcesses()) {
        const int pid = row.pid;
        if (row.state == 'Z' || tasks_.count(pid) || std::find(tree.begin(), tree.end(), pid) != tree.end()) continue;
        const auto first = judging_.try_emplace(pid, nowSeconds).first->second;
        if (nowSeconds - first >= kExecLookupSeconds) continue; // judged long enough: not a task of ours
        // Only the same user's (or, for root, every) environment is readable.
        const std::optional<std::string> environ = readEnviron(pid);
        if (!environ || !ports.count(srunPortFromEnviron(*environ))) continue;
        tasks_.insert(pid);
        judging_.erase(pid);
        found.push_back(pid);
    }
    return found;
}

} // namespace oversub::external
