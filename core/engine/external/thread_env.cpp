#include "external/thread_env.h"

namespace oversub {

const std::vector<std::string_view>& threadVariableNames() {
    static const std::vector<std::string_view> names{"OMP_NUM_THREADS",        "OPENBLAS_NUM_THREADS",
                                                     "MKL_NUM_THREADS",        "BLIS_NUM_THREADS",
                                                     "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"};
    return names;
}

std::map<std::string, std::string> threadEnvironment(int threads) {
    std::map<std::string, std::string> env;
    for (auto name : threadVariableNames()) env[std::string(name)] = std::to_string(threads);
    return env;
}

std::vector<std::string> commandEnvironment(char** inherited, int workers, int threads) {
    std::map<std::string, std::string> set = threadEnvironment(threads);
    set["OVERSUB_WORKERS"] = std::to_string(workers);
    set["OVERSUB_THREADS"] = std::to_string(threads);
    std::vector<std::string> env;
    for (char** entry = inherited; entry && *entry; ++entry) {
        const std::string_view text(*entry);
        const std::string name(text.substr(0, text.find('=')));
        if (!set.contains(name)) env.emplace_back(text);
    }
    for (const auto& [name, value] : set) env.push_back(std::string(name).append("=").append(value));
    return env;
}

} // namespace oversub
