#pragma once
// The closed sets of values some knobs take (workload, affinity policy,
// delivery, result return, schedule), each with its one spelling. Knob
// parsing, placement, the conductor and the window all use these names.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace oversub {

enum class Workload { Gemm, Elementwise, Svd, Scalar, Triad };

// SVD's FLOP count is the conventional 22 n^3 (Golub-Reinsch), not what
// dgesdd's divide and conquer executes (fewer), so its GFLOP/s is nominal and
// is labelled so wherever it is shown. The other kernels count what they do.
inline bool flopCountIsNominal(Workload w) { return w == Workload::Svd; }
enum class AffinityPolicy { Inherit, Compact, Scatter, Single, Custom };
enum class Delivery { Pipe, Fork, Shm, Generate };
enum class ResultReturn { Full, Scalar };
enum class Schedule { Static, Dynamic };

template <typename E>
struct ChoiceNames;

template <>
struct ChoiceNames<Workload> {
    static constexpr std::array<std::string_view, 5> names{"gemm", "elementwise", "svd", "scalar", "triad"};
};
template <>
struct ChoiceNames<AffinityPolicy> {
    static constexpr std::array<std::string_view, 5> names{"inherit", "compact", "scatter", "single", "custom"};
};
template <>
struct ChoiceNames<Delivery> {
    static constexpr std::array<std::string_view, 4> names{"pipe", "fork", "shm", "generate"};
};
template <>
struct ChoiceNames<ResultReturn> {
    static constexpr std::array<std::string_view, 2> names{"full", "scalar"};
};
template <>
struct ChoiceNames<Schedule> {
    static constexpr std::array<std::string_view, 2> names{"static", "dynamic"};
};

template <typename E>
constexpr std::string_view toString(E value) {
    return ChoiceNames<E>::names[static_cast<size_t>(value)];
}

template <typename E>
std::optional<E> parseChoice(std::string_view text) {
    const auto& names = ChoiceNames<E>::names;
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == text) return static_cast<E>(i);
    return std::nullopt;
}

// "gemm | elementwise | svd | scalar | triad", for error messages and help.
template <typename E>
std::string choiceList(std::string_view separator = " | ") {
    std::string out;
    for (auto name : ChoiceNames<E>::names) {
        if (!out.empty()) out += separator;
        out += name;
    }
    return out;
}

} // namespace oversub
