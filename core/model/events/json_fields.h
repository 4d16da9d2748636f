#pragma once
// Checked reading of an event's fields: every getter names the event and the
// field when it is missing or of the wrong type, so a bad line gives a clear
// EventParseError instead of nlohmann's generic type_error (or a silent
// truncation of an out-of-range number).

#include "events/event_kinds.h"

#include <cstdint>
#include <string>

namespace oversub::events {

class Fields {
public:
    Fields(const Json& object, std::string_view what); // throws if `object` is not an object

    bool has(const char* key) const; // present and not null
    int integer(const char* key) const;
    int integerOr(const char* key, int fallback) const; // fallback when absent or null
    int64_t int64(const char* key) const;
    int64_t int64Or(const char* key, int64_t fallback) const;
    uint64_t uint64(const char* key) const;
    double number(const char* key) const;
    double numberOr(const char* key, double fallback) const;
    double numberOrNan(const char* key) const; // null -> NaN
    bool boolean(const char* key) const;
    std::string text(const char* key) const;
    std::string textOr(const char* key, std::string fallback) const;
    const Json& array(const char* key) const;
    const Json& any(const char* key) const; // any JSON value, null when absent

    [[noreturn]] void fail(const char* key, const std::string& expected) const;

private:
    const Json& required(const char* key) const;
    const Json& object_;
    std::string what_;
};

// Writes a finite double, or null for NaN/inf (JSON has no NaN).
OrderedJson numberOrNull(double value);

// "ok" | "failed" | "cancelled" | "timeout" at `key`, or EventParseError.
RunStatus runStatusFromText(const Fields& fields, const char* key);
OrderedJson runStatusJson(const RunStatus& status); // toString(status) as JSON

// Rounds a share to 6 decimals (see Sample in event_kinds.h).
double roundShare(double value);

} // namespace oversub::events
