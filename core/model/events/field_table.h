#pragma once
// One table per event struct, from which both its JSON writer and its
// checked reader are derived: a field is declared once, with its key, its
// member, how it is read when absent and how it is written.
//
//   constexpr std::tuple kPhasesFields{
//       optionalField("prepare_s", &Phases::prepareSeconds, 0.0),
//       field("spawn_s", &Phases::spawnSeconds),
//       ...};
//   writeFields(json, kPhasesFields, phases); // keys in table order
//   readFields(fields, kPhasesFields, phases); // same order, Fields' checks
//
// Reading goes through Fields (json_fields.h), so every error names the
// event and the field and integers are range-checked. Writing appends to an
// OrderedJson, so the table's order is the order on the line.

#include "events/event_kinds.h"
#include "events/json_fields.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

namespace oversub::events {

// How a scalar field is read when its key is absent or null.
enum class WhenAbsent {
    Fails, // required: EventParseError naming the field
    TakesDefault, // the field's fallback (absent in older files)
    NullIsNan, // required key, null reads as NaN (doubles only)
};

// How a scalar field is written.
enum class WrittenAs {
    Value, // as it is
    Share, // rounded to 6 decimals (roundShare)
    FiniteOrNull, // null when NaN or infinite (JSON has no NaN)
    OmittedAtFallback // not written while it holds its fallback (a field most lines lack)
};

namespace detail {

template <typename T>
using FallbackOf = std::conditional_t<std::is_same_v<T, std::string>, const char*, T>;

// The checked Fields getter for a member's type.
template <typename T>
T requiredValue(const Fields& in, const char* key) {
    if constexpr (std::is_same_v<T, int>) return in.integer(key);
    else if constexpr (std::is_same_v<T, int64_t>) return in.int64(key);
    else if constexpr (std::is_same_v<T, uint64_t>) return in.uint64(key);
    else if constexpr (std::is_same_v<T, double>) return in.number(key);
    else if constexpr (std::is_same_v<T, bool>) return in.boolean(key);
    else if constexpr (std::is_same_v<T, std::string>) return in.text(key);
    else static_assert(sizeof(T) == 0, "no Fields getter for this member type: use customField");
}

} // namespace detail

// A scalar member: int, int64_t, uint64_t, double, bool or std::string.
template <typename S, typename T>
struct ScalarField {
    const char* key;
    T S::*member;
    WhenAbsent absent = WhenAbsent::Fails;
    detail::FallbackOf<T> fallback{};
    WrittenAs written = WrittenAs::Value;
    // Written as null when this says the value is unset (Error's -1 sentinels).
    bool (*isSet)(const T&) = nullptr;

    void write(OrderedJson& out, const S& from) const {
        const T& value = from.*member;
        if constexpr (!std::is_same_v<T, std::string>)
            if (written == WrittenAs::OmittedAtFallback && value == fallback) return;
        if (isSet && !isSet(value)) {
            out[key] = nullptr;
        } else if constexpr (std::is_same_v<T, double>) {
            if (written == WrittenAs::Share) out[key] = roundShare(value);
            else if (written == WrittenAs::FiniteOrNull) out[key] = numberOrNull(value);
            else out[key] = value;
        } else {
            out[key] = value;
        }
    }

    void read(const Fields& in, S& to) const {
        if constexpr (std::is_same_v<T, double>)
            if (absent == WhenAbsent::NullIsNan) {
                to.*member = in.numberOrNan(key);
                return;
            }
        if (absent == WhenAbsent::TakesDefault && !in.has(key)) {
            if constexpr (std::is_same_v<T, std::string>) to.*member = fallback ? fallback : "";
            else to.*member = fallback;
            return;
        }
        to.*member = detail::requiredValue<T>(in, key);
    }
};

// A member with its own conversion both ways: enums, maps, checked arrays,
// opaque JSON. `readValue` reports a bad value with Fields::fail.
template <typename S, typename T>
struct CustomField {
    const char* key;
    T S::*member;
    OrderedJson (*writeValue)(const T&);
    T (*readValue)(const Fields&, const char* key);

    void write(OrderedJson& out, const S& from) const { out[key] = writeValue(from.*member); }
    void read(const Fields& in, S& to) const { to.*member = readValue(in, key); }
};

// A nested object with a table of its own; `what` names it in errors
// ("run_done.phases"). Required: a missing one is "expected a JSON object".
template <typename S, typename T, typename Table>
struct ObjectField {
    const char* key;
    T S::*member;
    Table table;
    const char* what;

    void write(OrderedJson& out, const S& from) const;
    void read(const Fields& in, S& to) const;
};

// A required array of objects of one table; `what` names an element
// ("run_done.workers[]").
template <typename S, typename T, typename Table>
struct ArrayField {
    const char* key;
    std::vector<T> S::*member;
    Table table;
    const char* what;

    void write(OrderedJson& out, const S& from) const;
    void read(const Fields& in, S& to) const;
};

// A member struct whose fields sit in the enclosing object itself (the
// sample event's snapshot).
template <typename S, typename T, typename Table>
struct InlineFields {
    T S::*member;
    Table table;

    void write(OrderedJson& out, const S& from) const;
    void read(const Fields& in, S& to) const;
};

// Written from a getter, never read (run_done's timed_s).
template <typename S, typename T>
struct DerivedField {
    const char* key;
    T (S::*get)() const;

    void write(OrderedJson& out, const S& from) const { out[key] = (from.*get)(); }
    void read(const Fields&, S&) const {}
};

// ---- The entries of a table ----

// Required; written as it is.
template <typename S, typename T>
constexpr ScalarField<S, T> field(const char* key, T S::*member) {
    return {key, member};
}

// `fallback` when absent or null (a field older files lack).
template <typename S, typename T>
constexpr ScalarField<S, T> optionalField(const char* key, T S::*member,
                                          std::type_identity_t<detail::FallbackOf<T>> fallback) {
    return {key, member, WhenAbsent::TakesDefault, fallback};
}

// A share of an interval: required, written rounded to 6 decimals.
template <typename S>
constexpr ScalarField<S, double> shareField(const char* key, double S::*member) {
    return {key, member, WhenAbsent::Fails, 0.0, WrittenAs::Share};
}

template <typename S>
constexpr ScalarField<S, double> optionalShareField(const char* key, double S::*member, double fallback) {
    return {key, member, WhenAbsent::TakesDefault, fallback, WrittenAs::Share};
}

// Required key; a non-finite value is written as null and null reads as NaN.
template <typename S>
constexpr ScalarField<S, double> nanField(const char* key, double S::*member) {
    return {key, member, WhenAbsent::NullIsNan, 0.0, WrittenAs::FiniteOrNull};
}

// `fallback` when absent or null; a non-finite value is written as null.
template <typename S>
constexpr ScalarField<S, double> finiteOrNullField(const char* key, double S::*member, double fallback) {
    return {key, member, WhenAbsent::TakesDefault, fallback, WrittenAs::FiniteOrNull};
}

// Written as null when `isSet` says the value is unset; absent or null
// reads as `fallback` (Error's run -1, pid 0, signal "").
template <typename S, typename T>
constexpr ScalarField<S, T> nullableField(const char* key, T S::*member,
                                          std::type_identity_t<detail::FallbackOf<T>> fallback,
                                          std::type_identity_t<bool (*)(const T&)> isSet) {
    return {key, member, WhenAbsent::TakesDefault, fallback, WrittenAs::Value, isSet};
}

// Optional, and left out while it holds `fallback` (run_done's rank of a
// process that is no MPI rank).
template <typename S, typename T>
constexpr ScalarField<S, T> omittedAtFallbackField(const char* key, T S::*member,
                                                   std::type_identity_t<detail::FallbackOf<T>> fallback) {
    return {key, member, WhenAbsent::TakesDefault, fallback, WrittenAs::OmittedAtFallback};
}

template <typename S, typename T>
constexpr CustomField<S, T> customField(const char* key, T S::*member,
                                        std::type_identity_t<OrderedJson (*)(const T&)> writeValue,
                                        std::type_identity_t<T (*)(const Fields&, const char*)> readValue) {
    return {key, member, writeValue, readValue};
}

// The JSON as it is, unchecked (an experiment, a machine record); null
// when absent.
inline OrderedJson orderedCopy(const Json& value) { return OrderedJson(value); }
inline Json anyValue(const Fields& in, const char* key) { return in.any(key); }
template <typename S>
constexpr CustomField<S, Json> jsonField(const char* key, Json S::*member) {
    return {key, member, orderedCopy, anyValue};
}

// "ok" | "failed" | "cancelled" | "timeout".
template <typename S>
constexpr CustomField<S, RunStatus> runStatusField(const char* key, RunStatus S::*member) {
    return {key, member, runStatusJson, runStatusFromText};
}

template <typename S, typename T, typename Table>
constexpr ObjectField<S, T, Table> objectField(const char* key, T S::*member, const Table& table, const char* what) {
    return {key, member, table, what};
}

template <typename S, typename T, typename Table>
constexpr ArrayField<S, T, Table> arrayField(const char* key, std::vector<T> S::*member, const Table& table,
                                             const char* what) {
    return {key, member, table, what};
}

template <typename S, typename T, typename Table>
constexpr InlineFields<S, T, Table> inlineFields(T S::*member, const Table& table) {
    return {member, table};
}

template <typename S, typename T>
constexpr DerivedField<S, T> derivedField(const char* key, T (S::*get)() const) {
    return {key, get};
}

// ---- Writer and reader of a whole table ----

// Appends the table's fields of `from` to `out`, in table order.
template <typename Table, typename S>
void writeFields(OrderedJson& out, const Table& table, const S& from) {
    std::apply([&](const auto&... entry) { (entry.write(out, from), ...); }, table);
}

// Reads the table's fields into `to`, in table order; the first bad field
// throws EventParseError naming it.
template <typename Table, typename S>
void readFields(const Fields& in, const Table& table, S& to) {
    std::apply([&](const auto&... entry) { (entry.read(in, to), ...); }, table);
}

// A JSON object of just the table's fields.
template <typename Table, typename S>
OrderedJson tableJson(const Table& table, const S& from) {
    OrderedJson out = OrderedJson::object();
    writeFields(out, table, from);
    return out;
}

// A T read from `j`, which must be an object; errors name `what`.
template <typename T, typename Table>
T readTable(const Json& j, std::string_view what, const Table& table) {
    const Fields in(j, what);
    T to;
    readFields(in, table, to);
    return to;
}

template <typename S, typename T, typename Table>
void ObjectField<S, T, Table>::write(OrderedJson& out, const S& from) const {
    out[key] = tableJson(table, from.*member);
}

template <typename S, typename T, typename Table>
void ObjectField<S, T, Table>::read(const Fields& in, S& to) const {
    to.*member = readTable<T>(in.any(key), what, table);
}

template <typename S, typename T, typename Table>
void ArrayField<S, T, Table>::write(OrderedJson& out, const S& from) const {
    OrderedJson items = OrderedJson::array();
    for (const auto& item : from.*member) items.push_back(tableJson(table, item));
    out[key] = std::move(items);
}

template <typename S, typename T, typename Table>
void ArrayField<S, T, Table>::read(const Fields& in, S& to) const {
    const Json& items = in.array(key);
    std::vector<T>& into = to.*member;
    into.reserve(into.size() + items.size());
    for (const auto& item : items) into.push_back(readTable<T>(item, what, table));
}

template <typename S, typename T, typename Table>
void InlineFields<S, T, Table>::write(OrderedJson& out, const S& from) const {
    writeFields(out, table, from.*member);
}

template <typename S, typename T, typename Table>
void InlineFields<S, T, Table>::read(const Fields& in, S& to) const {
    readFields(in, table, to.*member);
}

} // namespace oversub::events
