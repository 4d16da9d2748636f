#include "machine/memory.h"

#include "sampler/proc_file.h"
#include "sampler/proc_parse.h"

#include <fcntl.h>

#include <vector>

namespace oversub::machine {
namespace {

std::optional<uint64_t> meminfoField(const std::string& procRoot, std::string_view key) {
    sampler::KeptOpenFile file;
    if (!file.open(AT_FDCWD, (procRoot + "/meminfo").c_str())) return std::nullopt;
    std::vector<char> buffer;
    std::string_view text;
    uint64_t bytes = 0;
    if (!file.readAll(buffer, text) || !sampler::parseMeminfoBytes(text, key, bytes)) return std::nullopt;
    return bytes;
}

} // namespace

std::optional<uint64_t> memAvailableBytes(const std::string& procRoot) {
    return meminfoField(procRoot, "MemAvailable:");
}

std::optional<uint64_t> memTotalBytes(const std::string& procRoot) { return meminfoField(procRoot, "MemTotal:"); }

} // namespace oversub::machine
