// Parser of the test-only fault knob (grammar in fault.h).

#include "knobs/fault.h"

#include "util/input_error.h"

#include <charconv>

namespace oversub {

namespace {

constexpr std::string_view kGrammar = "KIND[@worker=W][,task=T], KIND in segv|kill|abort|hang|stop|exit";

[[noreturn]] void reject(std::string_view text) { throw InputError("fault", std::string(text), std::string(kGrammar)); }

// Consumes "key=N" at the front of `rest`; N a non-negative integer below 2^31.
bool takeNumber(std::string_view& rest, std::string_view key, int64_t& out) {
    if (rest.substr(0, key.size()) != key || rest.size() <= key.size() || rest[key.size()] != '=') return false;
    rest.remove_prefix(key.size() + 1);
    const char* end = rest.data() + rest.size();
    auto [ptr, ec] = std::from_chars(rest.data(), end, out);
    if (ec != std::errc() || out < 0 || out > 0x7fffffff) return false;
    rest.remove_prefix(static_cast<size_t>(ptr - rest.data()));
    return true;
}

} // namespace

std::optional<FaultSpec> parseFault(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::string_view rest = text;
    const size_t kindEnd = rest.find_first_of("@,");
    auto kind = parseChoice<FaultKind>(rest.substr(0, kindEnd));
    if (!kind) reject(text);
    FaultSpec spec;
    spec.kind = *kind;
    rest.remove_prefix(kindEnd == std::string_view::npos ? rest.size() : kindEnd);
    if (!rest.empty() && rest.front() == '@') {
        rest.remove_prefix(1);
        int64_t worker = 0;
        if (!takeNumber(rest, "worker", worker)) reject(text);
        spec.worker = static_cast<int>(worker);
    }
    if (!rest.empty() && rest.front() == ',') {
        rest.remove_prefix(1);
        if (!takeNumber(rest, "task", spec.task)) reject(text);
    }
    if (!rest.empty()) reject(text);
    return spec;
}

std::string formatFault(const FaultSpec& fault) {
    std::string out(toString(fault.kind));
    if (fault.worker != 0) out += "@worker=" + std::to_string(fault.worker);
    if (fault.task >= 0) out += ",task=" + std::to_string(fault.task);
    return out;
}

} // namespace oversub
