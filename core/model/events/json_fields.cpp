// Checked field access for event readers.

#include "events/json_fields.h"

#include "events/event.h"

#include <cmath>
#include <limits>

namespace oversub::events {

namespace {

std::string preview(const Json& value) {
    std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return text;
}

} // namespace

Fields::Fields(const Json& object, std::string_view what) : object_(object), what_(what) {
    if (!object.is_object()) throw EventParseError(what_ + ": expected a JSON object, got " + preview(object));
}

bool Fields::has(const char* key) const {
    auto it = object_.find(key);
    return it != object_.end() && !it->is_null();
}

const Json& Fields::required(const char* key) const {
    auto it = object_.find(key);
    if (it == object_.end()) throw EventParseError(what_ + ": field '" + key + "' is missing");
    return *it;
}

void Fields::fail(const char* key, const std::string& expected) const {
    auto it = object_.find(key);
    throw EventParseError(what_ + ": field '" + key + "' must be " + expected + ", got " +
                          (it == object_.end() ? std::string("nothing") : preview(*it)));
}

int64_t Fields::int64(const char* key) const {
    const Json& v = required(key);
    if (v.is_number_unsigned()) {
        if (v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            fail(key, "an integer in range");
        return static_cast<int64_t>(v.get<uint64_t>());
    }
    if (!v.is_number_integer()) fail(key, "an integer");
    return v.get<int64_t>();
}

int64_t Fields::int64Or(const char* key, int64_t fallback) const { return has(key) ? int64(key) : fallback; }

int Fields::integer(const char* key) const {
    const int64_t v = int64(key);
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) fail(key, "a 32-bit integer");
    return static_cast<int>(v);
}

int Fields::integerOr(const char* key, int fallback) const { return has(key) ? integer(key) : fallback; }

uint64_t Fields::uint64(const char* key) const {
    const Json& v = required(key);
    if (!v.is_number_unsigned()) {
        if (v.is_number_integer() && v.get<int64_t>() >= 0) return static_cast<uint64_t>(v.get<int64_t>());
        fail(key, "a non-negative integer");
    }
    return v.get<uint64_t>();
}

double Fields::number(const char* key) const {
    const Json& v = required(key);
    if (!v.is_number()) fail(key, "a number");
    return v.get<double>();
}

double Fields::numberOr(const char* key, double fallback) const { return has(key) ? number(key) : fallback; }

double Fields::numberOrNan(const char* key) const {
    const Json& v = required(key);
    if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
    return number(key);
}

bool Fields::boolean(const char* key) const {
    const Json& v = required(key);
    if (!v.is_boolean()) fail(key, "true or false");
    return v.get<bool>();
}

std::string Fields::text(const char* key) const {
    const Json& v = required(key);
    if (!v.is_string()) fail(key, "a string");
    return v.get<std::string>();
}

std::string Fields::textOr(const char* key, std::string fallback) const {
    return has(key) ? text(key) : std::move(fallback);
}

const Json& Fields::array(const char* key) const {
    const Json& v = required(key);
    if (!v.is_array()) fail(key, "an array");
    return v;
}

const Json& Fields::any(const char* key) const {
    static const Json null;
    auto it = object_.find(key);
    return it == object_.end() ? null : *it;
}

OrderedJson numberOrNull(double value) { return std::isfinite(value) ? OrderedJson(value) : OrderedJson(nullptr); }

double roundShare(double value) {
    if (!std::isfinite(value)) return 0;
    return std::round(value * 1e6) / 1e6;
}

} // namespace oversub::events
