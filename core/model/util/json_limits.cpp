// The depth and size limits of JSON inputs (see json_limits.h).

#include "util/json_limits.h"

#include "util/input_error.h"
#include "util/read_file.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include <sys/stat.h>

namespace oversub {

namespace {

using nlohmann::json;

// Thrown from the parser callback to stop at the first level too deep;
// never leaves parseJsonLimited.
struct TooDeep {};

std::string sizeText(size_t bytes) {
    constexpr size_t kMiB = size_t{1} << 20, kGiB = size_t{1} << 30;
    if (bytes % kGiB == 0) return std::to_string(bytes / kGiB) + " GiB";
    if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
    return std::to_string(bytes) + " bytes";
}

InputError tooLarge(const std::string& path, size_t maxBytes, const std::string& what) {
    return InputError(path, "larger than " + sizeText(maxBytes) + " (allowed: " + what + " of up to " +
                                sizeText(maxBytes) + ")");
}

InputError cannotRead(const std::string& path, int err) {
    return InputError(path, std::string("cannot read (") + std::strerror(err) + ")");
}

} // namespace

std::string tooDeepMessage(int maxDepth) {
    return "nested deeper than " + std::to_string(maxDepth) + " levels (allowed: up to " + std::to_string(maxDepth) +
           ")";
}

json parseJsonLimited(std::string_view text, const std::string& what, int maxDepth) {
    // `depth` counts the containers already open around the value at hand,
    // so a container starting at depth maxDepth would be level maxDepth + 1.
    const json::parser_callback_t refuseTooDeep = [maxDepth](int depth, json::parse_event_t event, json&) {
        if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
            depth >= maxDepth)
            throw TooDeep{};
        return true;
    };
    try {
        return json::parse(text.begin(), text.end(), refuseTooDeep);
    } catch (const TooDeep&) {
        throw InputError(what, tooDeepMessage(maxDepth));
    } catch (const json::exception& e) {
        // parse_error, and out_of_range for numbers such as 1E400.
        throw InputError(what, std::string("not valid JSON: ") + e.what());
    }
}

int jsonDepth(const json& value) {
    int deepest = 0;
    std::vector<std::pair<const json*, int>> pending{{&value, 0}};
    while (!pending.empty()) {
        const auto [node, above] = pending.back();
        pending.pop_back();
        if (!node->is_structured()) {
            deepest = std::max(deepest, above);
            continue;
        }
        deepest = std::max(deepest, above + 1);
        for (const auto& child : *node) pending.emplace_back(&child, above + 1);
    }
    return deepest;
}

std::string readFileLimited(const std::string& path, size_t maxBytes, const std::string& what) {
    // stat before open: opening a device can have effects of its own.
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) throw cannotRead(path, errno);
    if (S_ISDIR(info.st_mode)) throw InputError(path, "is a directory, not " + what);
    if (!S_ISREG(info.st_mode) && !S_ISFIFO(info.st_mode))
        throw InputError(path, "is a device or socket, not " + what + " (allowed: a regular file or a pipe)");
    if (S_ISREG(info.st_mode) && static_cast<uint64_t>(info.st_size) > maxBytes) throw tooLarge(path, maxBytes, what);

    // One byte past the limit tells "exactly the limit" from "more" (a file
    // that grew since stat, or a pipe).
    const size_t readLimit = maxBytes == SIZE_MAX ? maxBytes : maxBytes + 1;
    std::optional<std::string> bytes = readWholeFile(path, readLimit);
    if (!bytes) throw cannotRead(path, errno);
    if (bytes->size() > maxBytes) throw tooLarge(path, maxBytes, what);
    return std::move(*bytes);
}

} // namespace oversub
