#include "external/mpi_rank.h"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <string>

namespace oversub::external {

namespace {

// environ blocks are a few KB; a larger one is read no further (the launchers
// put their variables among the rest, so a rank past this is missed, not misread).
constexpr size_t kEnvironReadLimit = size_t{256} * 1024;

std::optional<int> nonNegative(std::string_view text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

} // namespace

std::string_view environValue(std::string_view environ, std::string_view key) {
    while (!environ.empty()) {
        const size_t end = environ.find('\0');
        const std::string_view entry = environ.substr(0, end);
        environ = end == std::string_view::npos ? std::string_view() : environ.substr(end + 1);
        if (entry.size() > key.size() && entry[key.size()] == '=' && entry.substr(0, key.size()) == key)
            return entry.substr(key.size() + 1);
    }
    return {};
}

std::optional<RankIdentity> rankIdentityFromEnviron(std::string_view environ, std::string_view inherited) {
    RankIdentity identity;
    // "4" or a nested list "4,2": the outer level is the rank's threads.
    const std::string_view threads = environValue(environ, "OMP_NUM_THREADS");
    identity.ompThreads = nonNegative(threads.substr(0, threads.find(','))).value_or(0);
    for (const std::string_view variable : kRankVariables) {
        const std::string_view value = environValue(environ, variable);
        if (value.empty() || (!inherited.empty() && environValue(inherited, variable) == value)) continue;
        if (const std::optional<int> rank = nonNegative(value)) {
            identity.rank = *rank;
            return identity;
        }
    }
    return std::nullopt;
}

std::optional<std::string> readEnviron(int pid) {
    const std::string path = "/proc/" + std::to_string(pid) + "/environ";
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::string block;
    char chunk[8192];
    ssize_t got = 0;
    while (block.size() < kEnvironReadLimit && (got = ::read(fd, chunk, sizeof chunk)) > 0)
        block.append(chunk, static_cast<size_t>(got));
    ::close(fd);
    if (got < 0) return std::nullopt;
    return block;
}

std::optional<RankIdentity> readRankIdentity(int pid) {
    static const std::string own = readEnviron(::getpid()).value_or(""); // what the conductor inherited
    const std::optional<std::string> block = readEnviron(pid);
    if (!block) return std::nullopt;
    return rankIdentityFromEnviron(*block, own);
}

} // namespace oversub::external
