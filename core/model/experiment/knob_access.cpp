// Reaching an Experiment's typed fields by knob name and text. Each knob in
// the table has exactly one accessor here (a test checks both lists agree).

#include "experiment/experiment.h"

#include "knobs/knob_table.h"
#include "util/input_error.h"

#include <charconv>
#include <functional>

namespace oversub {

namespace {

int64_t toInt64(const std::string& text) {
    int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

double toDouble(const std::string& text) {
    double v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

template <typename E>
E toChoice(const std::string& text) {
    return *parseChoice<E>(text);
}

struct Accessor {
    std::string_view name;
    std::function<std::string(const Experiment&)> get;
    std::function<void(Experiment&, const std::string&)> set; // value already normalised
};

#define OVERSUB_INT_FIELD(knobName, field, type)                                                                       \
    Accessor {                                                                                                         \
        knobName, [](const Experiment& e) { return std::to_string(e.field); },                                         \
            [](Experiment& e, const std::string& v) { e.field = static_cast<type>(toInt64(v)); }                       \
    }
#define OVERSUB_CHOICE_FIELD(knobName, field, type)                                                                    \
    Accessor {                                                                                                         \
        knobName, [](const Experiment& e) { return std::string(toString(e.field)); },                                  \
            [](Experiment& e, const std::string& v) { e.field = toChoice<type>(v); }                                   \
    }
#define OVERSUB_DOUBLE_FIELD(knobName, field)                                                                          \
    Accessor {                                                                                                         \
        knobName, [](const Experiment& e) { return formatDouble(e.field); },                                           \
            [](Experiment& e, const std::string& v) { e.field = toDouble(v); }                                         \
    }
#define OVERSUB_TEXT_FIELD(knobName, field)                                                                            \
    Accessor {                                                                                                         \
        knobName, [](const Experiment& e) { return e.field; },                                                         \
            [](Experiment& e, const std::string& v) { e.field = v; }                                                   \
    }

const std::vector<Accessor>& accessors() {
    static const std::vector<Accessor> list = {
        OVERSUB_CHOICE_FIELD("workload", workload, Workload),
        OVERSUB_INT_FIELD("size", size, int64_t),
        OVERSUB_DOUBLE_FIELD("past_cache", pastCache),
        OVERSUB_INT_FIELD("iterations", iterations, int64_t),
        OVERSUB_INT_FIELD("tasks", tasks, int64_t),
        OVERSUB_DOUBLE_FIELD("duration", durationSeconds),
        OVERSUB_INT_FIELD("workers", workers, int),
        OVERSUB_INT_FIELD("threads", threads, int),
        OVERSUB_CHOICE_FIELD("schedule", schedule, Schedule),
        OVERSUB_INT_FIELD("chunk", chunk, int64_t),
        OVERSUB_CHOICE_FIELD("affinity", affinity, AffinityPolicy),
        OVERSUB_TEXT_FIELD("cpus", cpus),
        OVERSUB_CHOICE_FIELD("delivery", delivery, Delivery),
        OVERSUB_CHOICE_FIELD("result", result, ResultReturn),
        OVERSUB_INT_FIELD("seed", seed, uint32_t),
        OVERSUB_INT_FIELD("repeat", repeat, int),
        OVERSUB_INT_FIELD("warmup", warmup, int),
        OVERSUB_DOUBLE_FIELD("timeout", timeoutSeconds),
        OVERSUB_DOUBLE_FIELD("rate", rateHz),
        OVERSUB_TEXT_FIELD("command", command),
        OVERSUB_TEXT_FIELD("fault", fault),
    };
    return list;
}

#undef OVERSUB_INT_FIELD
#undef OVERSUB_CHOICE_FIELD
#undef OVERSUB_DOUBLE_FIELD
#undef OVERSUB_TEXT_FIELD

const Accessor& accessor(std::string_view name) {
    const Knob& k = knob(name); // InputError for unknown names
    for (const auto& a : accessors())
        if (a.name == k.name) return a;
    throw std::logic_error("knob '" + std::string(name) + "' has no Experiment field");
}

} // namespace

std::string getKnob(const Experiment& experiment, std::string_view name) { return accessor(name).get(experiment); }

void setKnob(Experiment& experiment, std::string_view name, std::string_view value) {
    const Accessor& a = accessor(name);
    a.set(experiment, validateValue(knob(name), value));
}

Experiment defaults() {
    Experiment e;
    for (const auto& k : knobTable()) setKnob(e, k.name, k.defaultValue);
    return e;
}

} // namespace oversub
