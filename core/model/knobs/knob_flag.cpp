#include "knobs/knob_flag.h"

#include "knobs/knob_table.h"

namespace oversub {

namespace {

bool shellSafe(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-_.,:+=/@%").find(c) != std::string_view::npos;
}

std::string shellWord(const std::string& text) {
    bool safe = !text.empty();
    for (char c : text) safe = safe && shellSafe(c);
    if (safe) return text;
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace

std::string knobFlag(std::string_view name, std::string_view value) {
    const Knob& k = knob(name);
    return k.flag() + " " + shellWord(validateValue(k, value));
}

} // namespace oversub
