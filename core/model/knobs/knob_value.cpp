// Validation and normalisation of a knob's text value: the one place that
// decides whether "0", "1e3", "GEMM" or "0-3;x" is acceptable for a knob.

#include "knobs/knob_table.h"

#include "knobs/fault.h"
#include "util/input_error.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace oversub {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

[[noreturn]] void reject(const Knob& k, std::string_view text) {
    throw InputError(std::string(k.name), std::string(text), k.allowedText());
}

std::string validateInt(const Knob& k, std::string_view text) {
    const std::string_view t = trim(text);
    int64_t value = 0;
    const char* end = t.data() + t.size();
    const char* begin = t.data();
    if (!t.empty() && t.front() == '+') ++begin; // "+4" is a fine way to write 4
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (t.empty() || ec != std::errc() || ptr != end) reject(k, text);
    if (static_cast<double>(value) < k.min || static_cast<double>(value) > k.max) reject(k, text);
    return std::to_string(value);
}

std::string validateDouble(const Knob& k, std::string_view text) {
    const std::string_view t = trim(text);
    double value = 0;
    const char* end = t.data() + t.size();
    const char* begin = t.data();
    if (!t.empty() && t.front() == '+') ++begin;
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (t.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) reject(k, text);
    if (value < k.min || value > k.max) reject(k, text);
    if (value == 0) value = 0; // no "-0"
    return formatDouble(value);
}

std::string validateChoice(const Knob& k, std::string_view text) {
    const std::string t = lower(trim(text));
    for (auto c : k.choices)
        if (c == t) return t;
    reject(k, text);
}

std::string validateBool(const Knob& k, std::string_view text) {
    const std::string t = lower(trim(text));
    if (t == "true" || t == "1" || t == "yes" || t == "on") return "true";
    if (t == "false" || t == "0" || t == "no" || t == "off") return "false";
    reject(k, text);
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHexDigit(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// One LIST: "0x3" (hex mask) or "N[-M][,N[-M]...]" with N <= M.
bool cpuListOk(std::string_view list) {
    if (list.size() > 2 && list[0] == '0' && (list[1] == 'x' || list[1] == 'X')) {
        for (char c : list.substr(2))
            if (!isHexDigit(c) && c != ',') return false; // "0xff,ffffffff" as the kernel prints
        return list.back() != ',';
    }
    size_t i = 0;
    auto number = [&](long long& out) {
        if (i >= list.size() || !isDigit(list[i])) return false;
        out = 0;
        while (i < list.size() && isDigit(list[i])) {
            out = out * 10 + (list[i] - '0');
            if (out > 1'000'000) return false;
            ++i;
        }
        return true;
    };
    while (true) {
        long long first = 0, last = 0;
        if (!number(first)) return false;
        if (i < list.size() && list[i] == '-') {
            ++i;
            if (!number(last) || last < first) return false;
        }
        if (i == list.size()) return true;
        if (list[i] != ',') return false;
        ++i;
    }
}

} // namespace

std::string formatDouble(double value) {
    char buffer[64];
    auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, ptr) : std::string("nan");
}

void checkCpuListsSyntax(std::string_view field, std::string_view text) {
    std::string compact; // "0-3, 8 ; 4-7" is fine: spaces carry no meaning here
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
    const std::string_view t = compact;
    if (t.empty()) return;
    size_t start = 0;
    while (true) {
        const size_t semi = t.find(';', start);
        const std::string_view list =
            trim(t.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
        if (!cpuListOk(list))
            throw InputError(std::string(field), std::string(text),
                             "cpu lists like \"0-3,8\" or \"0x3\", one per worker, separated by ';'");
        if (semi == std::string_view::npos) return;
        start = semi + 1;
    }
}

std::string validateValue(const Knob& k, std::string_view text) {
    switch (k.kind) {
    case KnobKind::Int: return validateInt(k, text);
    case KnobKind::Double: return validateDouble(k, text);
    case KnobKind::Choice: return validateChoice(k, text);
    case KnobKind::Bool: return validateBool(k, text);
    case KnobKind::CpuLists: {
        checkCpuListsSyntax(k.name, text);
        std::string out;
        for (char c : trim(text))
            if (!std::isspace(static_cast<unsigned char>(c))) out += c;
        return out;
    }
    case KnobKind::Text:
        if (k.name == "fault") {
            auto fault = parseFault(text);
            return fault ? formatFault(*fault) : std::string();
        }
        if (text.find('\0') != std::string_view::npos) reject(k, "text with a NUL byte");
        return std::string(text);
    }
    reject(k, text);
}

} // namespace oversub
