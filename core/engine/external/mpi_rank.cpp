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

std::optional<RankIdentity> rankIdentityFromEnviron(std::string_view environ) {
    std::optional<int> ranks[std::size(kRankVariables)];
    RankIdentity identity;
    while (!environ.empty()) {
        const size_t end = environ.find('\0');
        const std::string_view entry = environ.substr(0, end);
        environ = end == std::string_view::npos ? std::string_view() : environ.substr(end + 1);
        const size_t eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string_view key = entry.substr(0, eq), value = entry.substr(eq + 1);
        for (size_t i = 0; i < std::size(kRankVariables); ++i)
            if (key == kRankVariables[i]) ranks[i] = nonNegative(value);
        if (key == "OMP_NUM_THREADS") {
            // "4" or a nested list "4,2": the outer level is the rank's threads.
            const std::optional<int> threads = nonNegative(value.substr(0, value.find(',')));
            identity.ompThreads = threads.value_or(0);
        }
    }
    for (const auto& rank : ranks)
        if (rank) {
            identity.rank = *rank;
            return identity;
        }
    return std::nullopt;
}

std::optional<RankIdentity> readRankIdentity(int pid) {
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
    return rankIdentityFromEnviron(block);
}

} // namespace oversub::external
