#include "topology/cpu_list.h"

#include "util/input_error.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace oversub {

namespace {

// Work allowed per parse (PU visits); far above any real list, far below a hang.
constexpr int64_t kWorkBudget = int64_t{1} << 21;

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The text as it may appear inside a one-line message: quoted, control bytes
// escaped, long texts shortened.
std::string quoted(std::string_view text) {
    constexpr size_t kShown = 48;
    std::string out = "'";
    for (size_t i = 0; i < text.size() && i < kShown; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c >= 0x7f) {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (text.size() > kShown) out += "...";
    return out + "'";
}

// One located object (a package, a core, ...) with its PUs in logical order.
struct LocatedObject {
    std::vector<int> osIndices;
};

class CpuListParser {
public:
    CpuListParser(std::string_view text, const topology::TopologyInfo* machine, std::string_view field)
        : text_(text), machine_(machine), field_(field) {
        if (machine_) {
            machinePus_ = machine_->allPus();
            machinePusText_ = machinePus_.toList();
        }
    }

    CpuSet parse() {
        if (text_.size() > kMaxCpuListChars)
            fail("the cpu list is " + std::to_string(text_.size()) + " characters long (at most " +
                 std::to_string(kMaxCpuListChars) + ")");
        const std::string_view body = trim(text_);
        if (body.empty()) fail("the cpu list is empty (" + expected() + ")");

        CpuSet result;
        if (body.size() >= 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
            result = parseMask(body);
        } else {
            for (std::string_view item : splitItems(body)) result |= parseItem(item);
        }
        if (result.empty()) fail(quoted(body) + " selects no PU (" + expected() + ")");
        return result;
    }

private:
    [[noreturn]] void fail(const std::string& message) const { throw InputError(std::string(field_), message); }

    std::string machineRange() const {
        return machine_ ? "PUs " + machinePusText_ : "cpus 0-" + std::to_string(CpuSet::kMaxIndex);
    }

    std::string expected() const {
        std::string out = "expected a list such as 0-3,8, a mask such as 0x3";
        if (machine_) out += " or a location such as core:0-1";
        return out + "; " + machineRange();
    }

    void spend(int64_t work) {
        work_ += work;
        if (work_ > kWorkBudget)
            fail(quoted(text_) + " expands to too much work (more than " + std::to_string(kWorkBudget) +
                 " PU visits); write it shorter");
    }

    // Items are separated by a comma (with optional spaces around it) or by spaces.
    std::vector<std::string_view> splitItems(std::string_view body) {
        std::vector<std::string_view> items;
        size_t pos = 0;
        bool expectItem = true; // after the start or a comma an item must follow
        while (pos < body.size()) {
            if (isSpace(body[pos])) {
                ++pos;
                continue;
            }
            if (body[pos] == ',') {
                if (expectItem) fail("empty item in " + quoted(body) + " (" + expected() + ")");
                expectItem = true;
                ++pos;
                continue;
            }
            size_t end = pos;
            while (end < body.size() && !isSpace(body[end]) && body[end] != ',') ++end;
            items.push_back(body.substr(pos, end - pos));
            expectItem = false;
            pos = end;
        }
        if (expectItem) fail("the cpu list " + quoted(body) + " ends with a comma (" + expected() + ")");
        return items;
    }

    CpuSet parseItem(std::string_view item) {
        spend(1);
        if (isDigit(item.front())) return parseNumbers(item);
        if (lower(item) == "all") {
            requireMachine(item);
            spend(machine_->puCount());
            return machinePus_;
        }
        if (std::isalpha(static_cast<unsigned char>(item.front())) && item.find(':') != std::string_view::npos) {
            requireMachine(item);
            return parseLocation(item);
        }
        fail(quoted(item) + " is not a cpu number, range, mask or location (" + expected() + ")");
    }

    void requireMachine(std::string_view item) const {
        if (!machine_)
            fail(quoted(item) +
                 " needs the machine's topology; here only cpu numbers, ranges and masks "
                 "are allowed (" +
                 expected() + ")");
    }

    // A decimal number 0..limit at the start of `s`; advances `s`.
    std::optional<int64_t> takeNumber(std::string_view& s) const {
        if (s.empty() || !isDigit(s.front())) return std::nullopt;
        int64_t value = 0;
        while (!s.empty() && isDigit(s.front())) {
            value = value * 10 + (s.front() - '0');
            if (value > int64_t{1} << 40) value = int64_t{1} << 40; // saturate: only "too big" matters
            s.remove_prefix(1);
        }
        return value;
    }

    // "N", "N-M", "N-M:S" (every S-th from N to M, as taskset writes it).
    struct NumberRange {
        int64_t first, last, stride;
    };
    NumberRange parseRangeText(std::string_view item, std::string_view what) const {
        std::string_view rest = item;
        const auto bad = [&]() {
            fail(quoted(item) + " is not a valid " + std::string(what) + " (write N, N-M or N-M:STEP; " + expected() +
                 ")");
        };
        auto first = takeNumber(rest);
        if (!first) bad();
        NumberRange range{*first, *first, 1};
        if (!rest.empty() && rest.front() == '-') {
            rest.remove_prefix(1);
            auto last = takeNumber(rest);
            if (!last) bad();
            range.last = *last;
            if (!rest.empty() && rest.front() == ':') {
                rest.remove_prefix(1);
                auto stride = takeNumber(rest);
                if (!stride) bad();
                if (*stride == 0)
                    fail(quoted(item) + " has step 0 (the step after ':' must be at least 1; " + machineRange() + ")");
                range.stride = *stride;
            }
        }
        if (!rest.empty()) bad();
        if (range.last < range.first)
            fail(quoted(item) + " runs backwards (write " + std::to_string(range.last) + "-" +
                 std::to_string(range.first) + "; " + machineRange() + ")");
        return range;
    }

    CpuSet parseNumbers(std::string_view item) {
        const NumberRange range = parseRangeText(item, "cpu number or range");
        const int64_t limit = machine_ ? machinePus_.last() : CpuSet::kMaxIndex;
        if (range.last > limit) {
            // Named by the text as written: the parsed value may be saturated.
            const std::string verdict = machine_ ? " not on this machine (" : " out of range (";
            if (item.find_first_not_of("0123456789") == std::string_view::npos)
                fail("cpu " + std::string(item) + " is" + verdict + machineRange() + ")");
            fail(quoted(item) + ": cpus above " + std::to_string(limit) + " are" + verdict + machineRange() + ")");
        }
        CpuSet set;
        if (range.stride == 1) {
            spend(range.last / 64 - range.first / 64 + 1);
            set.addRange(static_cast<int>(range.first), static_cast<int>(range.last));
        } else {
            spend((range.last - range.first) / range.stride + 1);
            for (int64_t i = range.first; i <= range.last; i += range.stride) set.add(static_cast<int>(i));
        }
        if (machine_) {
            spend(static_cast<int64_t>(set.words().size()));
            const CpuSet missing = set - machinePus_;
            if (!missing.empty()) {
                std::string message = missing.count() == 1 ? "cpu " + missing.toList() + " is not on this machine"
                                                           : "cpus " + missing.toList() + " are not on this machine";
                if (range.first != range.last) message = quoted(item) + ": " + message;
                fail(message + " (" + machineRange() + ")");
            }
        }
        return set;
    }

    CpuSet parseMask(std::string_view body) {
        std::vector<uint64_t> words;
        const size_t maxGroups = (CpuSet::kMaxIndex + 1) / 32;
        const auto badMask = [&](const std::string& why) {
            fail(quoted(body) + " is not a valid mask: " + why +
                 " (write 0xff, or 32-bit groups like 0x3,0xffffffff; " + machineRange() + ")");
        };
        const auto hexValue = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        // Collect hex digits, least significant first, as 4-bit nibbles.
        std::vector<uint8_t> nibbles;
        const bool grouped = body.find(',') != std::string_view::npos;
        std::vector<std::string_view> groups;
        if (grouped) {
            size_t pos = 0;
            while (true) {
                const size_t comma = body.find(',', pos);
                groups.push_back(trim(body.substr(pos, comma == std::string_view::npos ? body.npos : comma - pos)));
                if (comma == std::string_view::npos) break;
                pos = comma + 1;
            }
            if (groups.size() > maxGroups) badMask("more than " + std::to_string(maxGroups) + " groups");
        } else {
            groups.push_back(body);
        }
        for (size_t g = groups.size(); g-- > 0;) {
            std::string_view group = groups[g];
            if (group.size() >= 2 && group[0] == '0' && (group[1] == 'x' || group[1] == 'X')) group.remove_prefix(2);
            else if (g == 0) badMask("it must start with 0x");
            if (group.empty()) badMask("group " + quoted(groups[g]) + " has no hex digits");
            if (grouped && group.size() > 8) badMask("group " + quoted(groups[g]) + " has more than 8 hex digits");
            size_t groupStart = nibbles.size();
            for (size_t i = group.size(); i-- > 0;) {
                const int v = hexValue(group[i]);
                if (v < 0) badMask(quoted(std::string_view(&group[i], 1)) + " is not a hex digit");
                nibbles.push_back(static_cast<uint8_t>(v));
            }
            if (grouped) nibbles.resize(groupStart + 8, 0);
        }
        while (!nibbles.empty() && nibbles.back() == 0) nibbles.pop_back();
        if (nibbles.size() * 4 > static_cast<size_t>(CpuSet::kMaxIndex) + 1)
            badMask("it is longer than " + std::to_string(CpuSet::kMaxIndex + 1) + " bits");
        spend(static_cast<int64_t>(nibbles.size()));
        words.assign((nibbles.size() + 15) / 16, 0);
        for (size_t i = 0; i < nibbles.size(); ++i) words[i / 16] |= uint64_t{nibbles[i]} << (4 * (i % 16));
        CpuSet set = CpuSet::fromWords(std::move(words));
        if (machine_) {
            const CpuSet missing = set - machinePus_;
            if (!missing.empty())
                fail("mask " + quoted(body) + " sets " + (missing.count() == 1 ? "cpu " : "cpus ") + missing.toList() +
                     ", not on this machine (" + machineRange() + ")");
        }
        return set;
    }

    // --- hwloc locations: type:index[.type:index...] -----------------------

    enum class ObjectType { Machine, Package, Numa, Core, Pu };

    static std::optional<ObjectType> objectType(std::string_view name) {
        const std::string n = lower(name);
        if (n == "machine") return ObjectType::Machine;
        if (n == "package" || n == "pack" || n == "socket") return ObjectType::Package;
        if (n == "numa" || n == "node" || n == "numanode") return ObjectType::Numa;
        if (n == "core") return ObjectType::Core;
        if (n == "pu") return ObjectType::Pu;
        return std::nullopt;
    }

    static const char* typeName(ObjectType type) {
        switch (type) {
        case ObjectType::Machine: return "machine";
        case ObjectType::Package: return "package";
        case ObjectType::Numa: return "numa";
        case ObjectType::Core: return "core";
        case ObjectType::Pu: return "pu";
        }
        return "?";
    }

    // Objects of a type in logical order (PUs in logical order inside each),
    // and which object each PU belongs to; built once per parse.
    struct ObjectIndex {
        std::vector<LocatedObject> objects;
        std::vector<int> objectOfPu; // OS index -> position in objects (-1: no PU)
    };
    const ObjectIndex& objectsOf(ObjectType type) {
        auto& cached = objects_[static_cast<int>(type)];
        if (!cached.objects.empty()) return cached;
        spend(machine_->puCount());
        std::map<int, LocatedObject> byIndex;
        for (const auto& pu : machine_->pus) {
            int index = 0;
            switch (type) {
            case ObjectType::Machine: index = 0; break;
            case ObjectType::Package: index = pu.packageIndex; break;
            case ObjectType::Numa: index = pu.numaIndex; break;
            case ObjectType::Core: index = pu.coreIndex; break;
            case ObjectType::Pu: index = pu.logicalIndex; break;
            }
            byIndex[index].osIndices.push_back(pu.osIndex);
        }
        cached.objectOfPu.assign(static_cast<size_t>(machinePus_.last() + 1), -1);
        for (auto& [index, object] : byIndex) {
            for (int os : object.osIndices)
                cached.objectOfPu[static_cast<size_t>(os)] = static_cast<int>(cached.objects.size());
            cached.objects.push_back(std::move(object));
        }
        return cached;
    }

    // The objects picked so far, flattened: object k holds the PUs
    // osIndices[starts[k] .. starts[k+1]) in logical order.
    struct Scopes {
        std::vector<int> osIndices;
        std::vector<size_t> starts{0};
        size_t size() const { return starts.size() - 1; }
    };

    // "package:1.core:0": each part picks objects inside every object the
    // previous part picked, counting from 0 inside each (as hwloc-calc does).
    CpuSet parseLocation(std::string_view item) {
        Scopes scopes;
        for (const auto& pu : machine_->pus) scopes.osIndices.push_back(pu.osIndex);
        scopes.starts.push_back(scopes.osIndices.size());
        if (inParent_.empty()) inParent_.assign(static_cast<size_t>(machinePus_.last() + 1), 0);
        std::string scopeText; // "package:1" for messages about nested parts
        size_t pos = 0;
        while (pos <= item.size()) {
            size_t dot = item.find('.', pos);
            if (dot == std::string_view::npos) dot = item.size();
            const std::string_view part = item.substr(pos, dot - pos);
            scopes = selectObjects(item, part, scopes, scopeText);
            if (!scopeText.empty()) scopeText += '.';
            scopeText.append(part);
            pos = dot + 1;
        }
        CpuSet result;
        for (int os : scopes.osIndices) result.add(os);
        return result;
    }

    Scopes selectObjects(std::string_view item, std::string_view part, const Scopes& parents,
                         const std::string& scopeText) {
        const size_t colon = part.find(':');
        if (colon == std::string_view::npos || colon == 0)
            fail(quoted(item) + ": " + quoted(part) + " is not TYPE:INDEX (" + expected() + ")");
        const auto type = objectType(part.substr(0, colon));
        if (!type)
            fail(quoted(item) + ": unknown object type " + quoted(part.substr(0, colon)) +
                 " (allowed: machine, package, numa, core, pu; " + machineRange() + ")");
        const std::string_view spec = part.substr(colon + 1);
        const std::string typeText = typeName(*type);
        const ObjectIndex& index = objectsOf(*type);
        const std::string where = scopeText.empty() ? "" : " in " + scopeText;
        const auto available = [&](int64_t n) {
            const std::string range = n <= 1 ? std::string(n == 1 ? "0" : "none") : "0-" + std::to_string(n - 1);
            return typeText + "s " + range + where + "; " + machineRange();
        };

        // The index spec is read once: all / even / odd, or N, N-M, N-M:STEP.
        const std::string specLower = lower(spec);
        const bool everyOther = specLower == "even" || specLower == "odd";
        NumberRange range{specLower == "odd" ? 1 : 0, INT64_MAX, everyOther ? 2 : 1};
        if (specLower != "all" && !everyOther) {
            if (spec.empty() || !isDigit(spec.front()))
                fail(quoted(item) + ": " + quoted(spec) + " is not an index (write N, N-M, all, even or odd; " +
                     available(static_cast<int64_t>(index.objects.size())) + ")");
            range = parseRangeText(spec, typeText + " index");
        }

        Scopes picked;
        std::vector<int> candidates;
        int64_t firstCount = -1;
        for (size_t k = 0; k < parents.size(); ++k) {
            const auto begin = parents.osIndices.begin() + static_cast<std::ptrdiff_t>(parents.starts[k]);
            const auto end = parents.osIndices.begin() + static_cast<std::ptrdiff_t>(parents.starts[k + 1]);
            // The objects of this type inside the parent; indices count among them.
            spend(end - begin);
            candidates.clear();
            for (auto it = begin; it != end; ++it) {
                candidates.push_back(index.objectOfPu[static_cast<size_t>(*it)]);
                inParent_[static_cast<size_t>(*it)] = 1;
            }
            std::sort(candidates.begin(), candidates.end());
            candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
            const int64_t n = static_cast<int64_t>(candidates.size());
            if (firstCount < 0) firstCount = n;
            if (range.last != INT64_MAX && range.last >= n)
                fail(quoted(item) + ": no " + typeText + " " + std::string(spec) + where + " (" + available(n) + ")");
            for (int64_t i = range.first; i <= range.last && i < n; i += range.stride) {
                const LocatedObject& object = index.objects[static_cast<size_t>(candidates[static_cast<size_t>(i)])];
                spend(static_cast<int64_t>(object.osIndices.size()));
                for (int os : object.osIndices)
                    if (inParent_[static_cast<size_t>(os)]) picked.osIndices.push_back(os);
                picked.starts.push_back(picked.osIndices.size());
            }
            for (auto it = begin; it != end; ++it) inParent_[static_cast<size_t>(*it)] = 0;
        }
        if (picked.osIndices.empty())
            fail(quoted(item) + " selects no " + typeText + " (" + available(firstCount) + ")");
        return picked;
    }

    std::string_view text_;
    const topology::TopologyInfo* machine_;
    std::string_view field_;
    CpuSet machinePus_;
    std::string machinePusText_;
    int64_t work_ = 0;
    ObjectIndex objects_[5];
    std::vector<char> inParent_; // scratch: PUs of the parent being searched
};

} // namespace

CpuSet parseCpuList(std::string_view text, const topology::TopologyInfo& machine, std::string_view field) {
    return CpuListParser(text, &machine, field).parse();
}

std::vector<CpuSet> parseCpuLists(std::string_view text, const topology::TopologyInfo& machine,
                                  std::string_view field) {
    if (text.size() > kMaxCpuListChars)
        throw InputError(std::string(field), "the cpu lists are " + std::to_string(text.size()) +
                                                 " characters long (at most " + std::to_string(kMaxCpuListChars) + ")");
    std::vector<CpuSet> lists;
    size_t start = 0;
    while (true) {
        const size_t semicolon = text.find(';', start);
        lists.push_back(parseCpuList(
            text.substr(start, semicolon == std::string_view::npos ? text.npos : semicolon - start), machine, field));
        if (semicolon == std::string_view::npos) return lists;
        start = semicolon + 1;
    }
}

CpuSet parsePlainCpuList(std::string_view text, std::string_view field) {
    return CpuListParser(text, nullptr, field).parse();
}

} // namespace oversub
